package org.hbakit.bridge.engine;

import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SCSIOperationCode;

/**
 * The block READ and WRITE commands (6, 10, 12 and 16 bytes, SBC-3 §5.11–5.15, §5.32–5.35) as the framework
 * splits them: a part keeps the original's operation code and fields (RDPROTECT/WRPROTECT, DPO, FUA, the group
 * number, the control byte) with its own LOGICAL BLOCK ADDRESS and TRANSFER LENGTH. A part whose address does not
 * fit the original's field (21 bits for the 6-byte, 32 for the 10- and 12-byte commands: the original may reach
 * past them) becomes the 16-byte command with the same fields.
 */
final class BlockCommand {
	private BlockCommand() {
	}

	/** Whether {@code opcode} is a block READ or WRITE the framework can split. */
	static boolean splittable(int opcode) {
		return switch (opcode) {
			case SCSIOperationCode.READ_6, SCSIOperationCode.READ_10, SCSIOperationCode.READ_12,
					SCSIOperationCode.READ_16, SCSIOperationCode.WRITE_6, SCSIOperationCode.WRITE_10,
					SCSIOperationCode.WRITE_12, SCSIOperationCode.WRITE_16 -> true;
			default -> false;
		};
	}

	/**
	 * Writes into {@code dst} the part of the command {@code cdb} that addresses {@code blocks} blocks from
	 * {@code lba}, and returns its length.
	 */
	static int part(byte[] cdb, byte[] dst, long lba, int blocks) {
		int opcode = cdb[0] & 0xFF;
		boolean read = opcode == SCSIOperationCode.READ_6 || opcode == SCSIOperationCode.READ_10
				|| opcode == SCSIOperationCode.READ_12 || opcode == SCSIOperationCode.READ_16;
		int length = SCSIOperationCode.cdbLength(opcode);
		boolean fits = switch (length) {
			case 6 -> lba >= 0 && lba <= 0x1F_FFFF;
			case 10, 12 -> lba >= 0 && lba <= 0xFFFF_FFFFL;
			default -> true;
		};
		if (!fits) {
			// flags and group number of the 10/12-byte forms, none for the 6-byte one
			int flags = length == 6 ? 0 : cdb[1] & 0xFF;
			int group = length == 6 ? 0 : cdb[length == 10 ? 6 : 10] & 0xFF;
			int control = cdb[length - 1] & 0xFF;
			int n = read ? Cdb.read16(dst, lba, blocks) : Cdb.write16(dst, lba, blocks);
			dst[1] = (byte) flags;
			dst[14] = (byte) group;
			dst[15] = (byte) control;
			return n;
		}
		System.arraycopy(cdb, 0, dst, 0, length);
		switch (length) {
			case 6 -> {
				dst[1] = (byte) ((cdb[1] & 0xE0) | (int) (lba >>> 16) & 0x1F);
				Cdb.put16(dst, 2, (int) lba & 0xFFFF);
				dst[4] = (byte) blocks; // 256 is 0
			}
			case 10 -> {
				Cdb.put32(dst, 2, lba);
				Cdb.put16(dst, 7, blocks);
			}
			case 12 -> {
				Cdb.put32(dst, 2, lba);
				Cdb.put32(dst, 6, blocks);
			}
			default -> {
				Cdb.put64(dst, 2, lba);
				Cdb.put32(dst, 10, blocks);
			}
		}
		return length;
	}
}
