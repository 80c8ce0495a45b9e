package org.hbakit.iscsi.pdu;

import io.netty.buffer.ByteBuf;

/**
 * Field offsets and accessors of the 48-byte Basic Header Segment (RFC 7143 §11.2.1). The accessors read at an
 * absolute index {@code h} (the first byte of the header) and never move reader or writer indices, so the framer
 * can hand a header inside its cumulation buffer to the handlers without copying.
 */
public final class Bhs {
	/** Length of the Basic Header Segment. */
	public static final int LENGTH = 48;
	/** Length of a digest (CRC32C). */
	public static final int DIGEST_LENGTH = 4;
	/** The reserved tag value (ITT or TTT) meaning "none". */
	public static final int RESERVED_TAG = 0xFFFF_FFFF;

	/** Byte 1, bit 7 of most PDUs: Final. */
	public static final int FINAL = 0x80;

	/** Offsets of the fields common to most PDUs. */
	public static final int FLAGS = 1;
	public static final int TOTAL_AHS_LENGTH = 4;
	public static final int DATA_SEGMENT_LENGTH = 5;
	public static final int LUN = 8;
	public static final int INITIATOR_TASK_TAG = 16;
	/** Target Transfer Tag (Data-Out, NOP-Out, Text), Expected Data Transfer Length (SCSI Command). */
	public static final int WORD_20 = 20;
	/** CmdSN in initiator PDUs, StatSN in target PDUs. */
	public static final int WORD_24 = 24;
	/** ExpStatSN in initiator PDUs, ExpCmdSN in target PDUs. */
	public static final int WORD_28 = 28;
	/** MaxCmdSN in target PDUs. */
	public static final int WORD_32 = 32;
	public static final int WORD_36 = 36;
	public static final int WORD_40 = 40;
	public static final int WORD_44 = 44;
	/** The CDB of a SCSI Command. */
	public static final int CDB = 32;

	private Bhs() {
	}

	/** The operation code (low 6 bits of byte 0). */
	public static int opcode(ByteBuf b, int h) {
		return b.getByte(h) & 0x3F;
	}

	/** Whether byte 0's immediate bit is set. */
	public static boolean immediate(ByteBuf b, int h) {
		return (b.getByte(h) & Opcode.IMMEDIATE) != 0;
	}

	/** Byte 1. */
	public static int flags(ByteBuf b, int h) {
		return b.getByte(h + FLAGS) & 0xFF;
	}

	/** TotalAHSLength in bytes (byte 4 counts 4-byte words). */
	public static int ahsBytes(ByteBuf b, int h) {
		return (b.getByte(h + TOTAL_AHS_LENGTH) & 0xFF) * 4;
	}

	/** DataSegmentLength (bytes 5-7). */
	public static int dataSegmentLength(ByteBuf b, int h) {
		return b.getUnsignedMedium(h + DATA_SEGMENT_LENGTH);
	}

	/** A 32-bit field at {@code offset}. */
	public static int word(ByteBuf b, int h, int offset) {
		return b.getInt(h + offset);
	}

	/** The 8-byte LUN field as a big-endian long. */
	public static long lun(ByteBuf b, int h) {
		return b.getLong(h + LUN);
	}

	/** Bytes of data segment plus padding to a multiple of 4. */
	public static int padded(int length) {
		return (length + 3) & ~3;
	}
}
