package org.hbakit.controller.api.simhba;

import java.nio.ByteBuffer;

/**
 * The simulated HBA's 64-byte submission queue entry ({@code docs/simulated-hba.md}, "Submission queue entry"),
 * little-endian. {@link #write} fills one entry with eight 64-bit stores from fields the caller already holds, so a
 * driver builds frames without allocating; the decoders take the entry's first 32-bit word (TAG, FLAGS, CDB_LEN).
 * Thread-safe for distinct entries of one buffer (absolute accesses only).
 */
public final class RequestFrame {
	/** Bytes per entry. */
	public static final int SIZE = 64;

	/** 2 bytes: the driver's id of the request, echoed in its completion. */
	public static final int TAG_OFFSET = 0;
	/** 1 byte: bits 1:0 data direction, bits 3:2 task attribute. */
	public static final int FLAGS_OFFSET = 2;
	/** 1 byte: CDB length, 1..16. */
	public static final int CDB_LEN_OFFSET = 3;
	/** 4 bytes: target id. */
	public static final int TARGET_OFFSET = 4;
	/** 8 bytes: the SAM LUN bytes, byte 0 at this offset. */
	public static final int LUN_OFFSET = 8;
	/** 16 bytes: the CDB. */
	public static final int CDB_OFFSET = 16;
	/** 8 bytes: IOVM address of the data buffer (one segment). */
	public static final int DATA_OFFSET = 32;
	/** 4 bytes: bytes to transfer. */
	public static final int LENGTH_OFFSET = 40;
	/** 8 bytes: IOVM address of the sense buffer (0: no autosense). */
	public static final int SENSE_OFFSET = 48;
	/** 4 bytes: size of the sense buffer (up to 255). */
	public static final int SENSE_LEN_OFFSET = 56;

	/** Longest CDB a frame carries. */
	public static final int MAX_CDB_LENGTH = 16;
	/** Largest sense buffer the device fills (SENSE_LEN in the completion is one byte). */
	public static final int MAX_SENSE_LENGTH = 255;

	/** FLAGS bits 1:0: no data. */
	public static final int DIR_NONE = 0;
	/** FLAGS bits 1:0: to the target (write). */
	public static final int DIR_TO_TARGET = 1;
	/** FLAGS bits 1:0: from the target (read). */
	public static final int DIR_FROM_TARGET = 2;
	/** FLAGS bits 1:0: invalid; the device fails such a frame with DELIVERY FAILURE. */
	public static final int DIR_INVALID = 3;

	private RequestFrame() {
	}

	/** FLAGS from a DriverKit transfer direction and task attribute (both map one to one onto the fields). */
	public static int flags(int transferDirection, int taskAttribute) {
		return (transferDirection & 0x3) | ((taskAttribute & 0x3) << 2);
	}

	/** TAG from an entry's first 32-bit word. */
	public static int tag(int word0) {
		return word0 & 0xFFFF;
	}

	/** FLAGS from an entry's first 32-bit word. */
	public static int flags(int word0) {
		return (word0 >>> 16) & 0xFF;
	}

	/** CDB_LEN from an entry's first 32-bit word. */
	public static int cdbLength(int word0) {
		return word0 >>> 24;
	}

	/** The data direction (FLAGS bits 1:0). */
	public static int direction(int flags) {
		return flags & 0x3;
	}

	/** The task attribute (FLAGS bits 3:2: 0 simple, 1 ordered, 2 head of queue, 3 ACA). */
	public static int taskAttribute(int flags) {
		return (flags >>> 2) & 0x3;
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
