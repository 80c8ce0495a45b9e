package org.hbakit.controller.core.hba;

/**
 * The simulated HBA's 16-byte completion queue entry ({@code docs/simulated-hba.md}, "Completion queue entry"),
 * decoded from its two little-endian 64-bit words: word 0 holds TAG, STATUS, SR and XFER; the low 32 bits of
 * word 1 hold SENSE_LEN and the phase tag (bit 0 of byte 11).
 */
public final class CompletionEntry {
	/** Bytes per entry. */
	public static final int SIZE = 16;
	/** Offset of the 32-bit word holding SENSE_LEN (byte 0) and P (bit 0 of byte 3). */
	public static final int STATUS_WORD_OFFSET = 8;

	/** SR: completed by the target; STATUS is a SAM status. */
	public static final int SR_COMPLETED = 0;
	/** SR: service delivery or target failure; STATUS is a protocol status. */
	public static final int SR_DELIVERY_FAILURE = 1;
	/** SR: aborted (ABORT register, TMF). */
	public static final int SR_ABORTED = 2;

	private CompletionEntry() {
	}

	public static int tag(long word0) {
		return (int) (word0 & 0xFFFF);
	}

	public static int status(long word0) {
		return (int) ((word0 >>> 16) & 0xFF);
	}

	public static int serviceResponse(long word0) {
		return (int) ((word0 >>> 24) & 0xFF);
	}

	public static long transferred(long word0) {
		return word0 >>> 32;
	}

	/** SENSE_LEN from the status word at {@link #STATUS_WORD_OFFSET}. */
	public static int senseLength(int statusWord) {
		return statusWord & 0xFF;
	}

	/** The phase tag from the status word at {@link #STATUS_WORD_OFFSET}. */
	public static int phase(int statusWord) {
		return (statusWord >>> 24) & 1;
	}
}
