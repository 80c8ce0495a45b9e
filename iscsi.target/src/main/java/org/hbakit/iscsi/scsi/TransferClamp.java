package org.hbakit.iscsi.scsi;

import org.hbakit.controller.api.scsi.Cdb;

/**
 * Fits a block read or write to the initiator's Expected Data Transfer Length when the CDB asks for more (RFC 7143
 * §11.4.5.2, residual overflow): the CDB's transfer length is cut to the blocks the expected length covers — whole
 * blocks for a write, so nothing the initiator did not send is written, rounded up for a read, of which only the
 * expected bytes travel — and the difference is reported as the residual overflow. This is what libiscsi's residual
 * tests and real targets expect. Only the READ, WRITE and WRITE AND VERIFY families have a length the front door
 * knows; other commands go to the unit as they are. Allocates nothing.
 */
public final class TransferClamp {
	private TransferClamp() {
	}

	/** Whether {@code opcode} moves TRANSFER LENGTH blocks of data in its data direction. */
	public static boolean applies(int opcode) {
		return offset(opcode) >= 0;
	}

	/**
	 * Cuts the CDB in place if it asks for more than {@code expected} bytes.
	 *
	 * @param cdb       the CDB (16 bytes, owned by the caller); a 6-byte CDB cut to 0 blocks becomes its 10-byte form
	 * @param write     whether the data flows to the target (round down) or from it (round up)
	 * @return the residual overflow in bytes (0 when the CDB fits); {@code cdbLength[0]} is updated when the CDB
	 *         changed form
	 */
	public static long clamp(byte[] cdb, int[] cdbLength, long expected, int blockSize, boolean write) {
		int opcode = cdb[0] & 0xFF;
		int off = offset(opcode);
		if (off < 0 || blockSize <= 0) {
			return 0;
		}
		long blocks = blocks(cdb, opcode, off);
		long bytes = blocks * blockSize;
		if (bytes <= expected) {
			return 0;
		}
		long fitted = write ? expected / blockSize : (expected + blockSize - 1) / blockSize;
		if (off == 4) {
			if (fitted == 0) {
				toTen(cdb, cdbLength);
				Cdb.put16(cdb, 7, 0);
			} else {
				cdb[4] = (byte) fitted;
			}
		} else if (off == 7) {
			Cdb.put16(cdb, 7, (int) fitted);
		} else {
			Cdb.put32(cdb, off, fitted);
		}
		return bytes - expected;
	}

	/** Whether the command moves data from the medium to the initiator (the READ family). */
	public static boolean readsFromMedium(int opcode) {
		return opcode == 0x08 || opcode == 0x28 || opcode == 0xA8 || opcode == 0x88;
	}

	/** The number of blocks the CDB moves, or -1 for other commands. */
	public static long blocks(byte[] cdb) {
		int opcode = cdb[0] & 0xFF;
		int off = offset(opcode);
		return off < 0 ? -1 : blocks(cdb, opcode, off);
	}

	private static long blocks(byte[] cdb, int opcode, int off) {
		return switch (off) {
			case 4 -> (cdb[4] & 0xFF) == 0 ? 256 : cdb[4] & 0xFF;
			case 7 -> Cdb.u16(cdb, 7);
			default -> Cdb.u32(cdb, off);
		};
	}

	private static void toTen(byte[] cdb, int[] cdbLength) {
		int opcode = cdb[0] & 0xFF;
		long lba = Cdb.u24(cdb, 1) & 0x1F_FFFF;
		int control = cdb[5];
		java.util.Arrays.fill(cdb, (byte) 0);
		cdb[0] = (byte) (opcode == 0x08 ? 0x28 : 0x2A);
		Cdb.put32(cdb, 2, lba);
		cdb[9] = (byte) control;
		cdbLength[0] = 10;
	}

	private static int offset(int opcode) {
		return switch (opcode) {
			case 0x08, 0x0A -> 4; // READ(6), WRITE(6)
			case 0x28, 0x2A, 0x2E -> 7; // READ(10), WRITE(10), WRITE AND VERIFY(10)
			case 0xA8, 0xAA, 0xAE -> 6; // READ(12), WRITE(12), WRITE AND VERIFY(12)
			case 0x88, 0x8A, 0x8E -> 10; // READ(16), WRITE(16), WRITE AND VERIFY(16)
			default -> -1;
		};
	}
}
