package org.hbakit.controller.api.simhba;

/**
 * The simulated HBA's 16-byte completion queue entry ({@code docs/simulated-hba.md}, "Completion queue entry"),
 * little-endian, seen as two words: word 0 (64 bits at offset 0) holds TAG, STATUS, SR and XFER; the status word
 * (32 bits at {@link #STATUS_WORD_OFFSET}) holds SENSE_LEN and the phase tag. The device writes the status word last,
 * so a driver that reads it with acquire semantics and finds the phase it expects may read the rest.
 */
public final class CompletionEntry {
	/** Bytes per entry. */
	public static final int SIZE = 16;

	/** 2 bytes: TAG of the request. */
	public static final int TAG_OFFSET = 0;
	/** 1 byte: SAM status, or a protocol status with SR 1, or TASK ABORTED with SR 2. */
	public static final int STATUS_OFFSET = 2;
	/** 1 byte: service response ({@code SR_*}). */
	public static final int SR_OFFSET = 3;
	/** 4 bytes: bytes transferred (0 unless SR is 0). */
	public static final int XFER_OFFSET = 4;
	/** 1 byte: sense bytes written to the request's sense buffer. */
	public static final int SENSE_LEN_OFFSET = 8;
	/** Byte holding the phase tag in bit 0. */
	public static final int PHASE_OFFSET = 11;
	/** Offset of the 32-bit status word: SENSE_LEN in byte 0, the phase tag in bit 0 of byte 3. */
	public static final int STATUS_WORD_OFFSET = 8;

	/** SR: completed by the target; STATUS is a SAM status. */
	public static final int SR_COMPLETED = 0;
	/** SR: service delivery or target failure; STATUS is a protocol status. */
	public static final int SR_DELIVERY_FAILURE = 1;
	/** SR: aborted by {@code ABORT} or a task management function; STATUS is {@link #STATUS_TASK_ABORTED}. */
	public static final int SR_ABORTED = 2;

	/** Protocol STATUS with SR 1: the task timed out in delivery. */
	public static final int PS_TASK_TIMEOUT = 0x01;
	/** Protocol STATUS with SR 1: no target at that id, or the initiator's own id. */
	public static final int PS_DEVICE_NOT_PRESENT = 0x04;
	/** Protocol STATUS with SR 1: bad frame or DMA fault. */
	public static final int PS_DELIVERY_FAILURE = 0x05;
	/** STATUS with SR 2: SAM's TASK ABORTED. */
	public static final int STATUS_TASK_ABORTED = 0x40;

	private CompletionEntry() {
	}

	/** TAG from word 0. */
	public static int tag(long word0) {
		return (int) (word0 & 0xFFFF);
	}

	/** STATUS from word 0. */
	public static int status(long word0) {
		return (int) ((word0 >>> 16) & 0xFF);
	}

	/** SR from word 0. */
	public static int serviceResponse(long word0) {
		return (int) ((word0 >>> 24) & 0xFF);
	}

	/** XFER from word 0. */
	public static long transferred(long word0) {
		return word0 >>> 32;
	}

	/** SENSE_LEN from the status word. */
	public static int senseLength(int statusWord) {
		return statusWord & 0xFF;
	}

	/** The phase tag from the status word. */
	public static int phase(int statusWord) {
		return (statusWord >>> 24) & 1;
	}

	/** The low 32 bits of word 0 (TAG, STATUS, SR), as the device writes them. */
	public static int header(int tag, int status, int sr) {
		return (tag & 0xFFFF) | (status & 0xFF) << 16 | (sr & 0xFF) << 24;
	}

	/** The status word for {@code senseLength} sense bytes and phase tag {@code phase}. */
	public static int statusWord(int senseLength, int phase) {
		return (senseLength & 0xFF) | (phase & 1) << 24;
	}
}
