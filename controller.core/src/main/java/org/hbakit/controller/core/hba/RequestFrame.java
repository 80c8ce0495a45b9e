package org.hbakit.controller.core.hba;

import java.nio.ByteBuffer;

/**
 * The simulated HBA's 64-byte submission queue entry ({@code docs/simulated-hba.md}, "Submission queue entry").
 * {@link #write} fills one entry with eight little-endian 64-bit stores; callers on the I/O path pass the fields
 * they already hold, so building a frame allocates nothing. Thread-safe for distinct entries of the same buffer
 * (absolute puts only).
 */
public final class RequestFrame {
	/** Bytes per entry. */
	public static final int SIZE = 64;

	public static final int TAG_OFFSET = 0;
	public static final int FLAGS_OFFSET = 2;
	public static final int CDB_LEN_OFFSET = 3;
	public static final int TARGET_OFFSET = 4;
	public static final int LUN_OFFSET = 8;
	public static final int CDB_OFFSET = 16;
	public static final int DATA_OFFSET = 32;
	public static final int LENGTH_OFFSET = 40;
	public static final int SENSE_OFFSET = 48;
	public static final int SENSE_LEN_OFFSET = 56;

	/** FLAGS bits 1:0: no data. */
	public static final int DIR_NONE = 0;
	/** FLAGS bits 1:0: to target (write). */
	public static final int DIR_TO_TARGET = 1;
	/** FLAGS bits 1:0: from target (read). */
	public static final int DIR_FROM_TARGET = 2;

	private RequestFrame() {
	}

	/** FLAGS from a DriverKit transfer direction and task attribute (both map one to one onto the fields). */
	public static int flags(int transferDirection, int taskAttribute) {
		return (transferDirection & 0x3) | ((taskAttribute & 0x3) << 2);
	}

	/**
	 * Writes one request frame at byte {@code offset} of {@code sq} (a little-endian buffer).
	 *
	 * @param lunRaw   the 8 LUN bytes as a little-endian long (byte 0 in the low byte), i.e. as they lie in memory
	 * @param cdbLow   CDB bytes 0..7 as a little-endian long
	 * @param cdbHigh  CDB bytes 8..15 as a little-endian long
	 */
	public static void write(ByteBuffer sq, int offset, int tag, int flags, int cdbLength, int target, long lunRaw,
			long cdbLow, long cdbHigh, long dataAddress, int length, long senseAddress, int senseLength) {
		sq.putLong(offset, (tag & 0xFFFFL) | ((flags & 0xFFL) << 16) | ((cdbLength & 0xFFL) << 24)
				| ((target & 0xFFFF_FFFFL) << 32));
		sq.putLong(offset + LUN_OFFSET, lunRaw);
		sq.putLong(offset + CDB_OFFSET, cdbLow);
		sq.putLong(offset + CDB_OFFSET + 8, cdbHigh);
		sq.putLong(offset + DATA_OFFSET, dataAddress);
		sq.putLong(offset + LENGTH_OFFSET, length & 0xFFFF_FFFFL);
		sq.putLong(offset + SENSE_OFFSET, senseAddress);
		sq.putLong(offset + SENSE_LEN_OFFSET, senseLength & 0xFFFF_FFFFL);
	}
}
