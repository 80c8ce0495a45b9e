package org.hbakit.iscsi.scsi;

import io.netty.buffer.ByteBuf;

/**
 * The front door's own limit in the Block Limits VPD page (SBC-4 §6.6.4): a command may move at most
 * {@code maxTransferBytes} through the front door, so the page the logical unit returns is answered with its
 * MAXIMUM TRANSFER LENGTH (and OPTIMAL TRANSFER LENGTH) lowered to that, as a target port in front of a device with
 * no or larger limits reports its own. Applied in place to the Data-In of an INQUIRY for page B0h.
 */
public final class BlockLimits {
	private BlockLimits() {
	}

	/** Lowers the limits in {@code length} bytes of {@code data} if {@code cdb} asked for the Block Limits page. */
	public static void apply(byte[] cdb, ByteBuf data, int length, int blockSize, int maxTransferBytes) {
		if ((cdb[0] & 0xFF) != 0x12 || (cdb[1] & 0x01) == 0 || (cdb[2] & 0xFF) != 0xB0 || length < 12
				|| (data.getByte(1) & 0xFF) != 0xB0 || blockSize <= 0) {
			return;
		}
		long cap = maxTransferBytes / blockSize;
		long max = data.getUnsignedInt(8);
		if (max == 0 || max > cap) {
			data.setInt(8, (int) cap);
		}
		if (length >= 16 && data.getUnsignedInt(12) > cap) {
			data.setInt(12, (int) cap);
		}
	}
}
