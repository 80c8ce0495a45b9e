package org.hbakit.hba.sim.pci;

/**
 * Offsets and field values of the simulated HBA's BAR0 register interface, SQ entry and CQ entry, exactly as
 * {@code docs/simulated-hba.md} lists them. Used by the device and by the tests' driver.
 */
public final class HbaRegisters {
	/** Size of BAR0 in bytes. */
	public static final long BAR0_SIZE = 16 * 1024;

	/** RO 32: version. */
	public static final int VS = 0x000;
	/** RO 32: MQES (15:0) and INTR_VECTORS (23:16). */
	public static final int CAP = 0x004;
	/** RO 32: number of target ids. */
	public static final int TARGETS = 0x008;
	/** RO 32: the HBA's own SCSI id. */
	public static final int INITIATOR_ID = 0x00C;
	/** RW 32: controller configuration, bit 0 EN. */
	public static final int CC = 0x010;
	/** RO 32: controller status, bit 0 RDY, bit 1 CFS. */
	public static final int CSTS = 0x014;
	/** RW 32: SQ entries − 1 (15:0), CQ entries − 1 (31:16). */
	public static final int QSIZE = 0x018;
	/** RW 64: IOVM address of the SQ. */
	public static final int SQ_BASE = 0x020;
	/** RW 64: IOVM address of the CQ. */
	public static final int CQ_BASE = 0x028;
	/** W1S 32: interrupt mask set. */
	public static final int INTMS = 0x030;
	/** W1C 32: interrupt mask clear. */
	public static final int INTMC = 0x034;
	/** RW 32: coalescing threshold (7:0) and time in µs (23:8). */
	public static final int INTCOAL = 0x038;
	/** WO 32: abort the request with this tag. */
	public static final int ABORT = 0x040;
	/** WO 64: task management function (7:0), target (23:8), LUN (47:24). */
	public static final int TMF = 0x048;
	/** RO 32: result of the last TMF. */
	public static final int TMF_STATUS = 0x050;
	/** WO 32: SQ tail doorbell. */
	public static final int SQ_TAIL = 0x1000;
	/** WO 32: CQ head doorbell. */
	public static final int CQ_HEAD = 0x1004;

	/** The value of {@link #VS}: 1.0. */
	public static final int VERSION = 0x0001_0000;
	/** CC bit 0. */
	public static final int CC_EN = 1;
	/** CSTS bit 0. */
	public static final int CSTS_RDY = 1;
	/** CSTS bit 1. */
	public static final int CSTS_CFS = 2;

	/** Size of an SQ entry (request frame). */
	public static final int SQE_SIZE = 64;
	/** Size of a CQ entry. */
	public static final int CQE_SIZE = 16;

	/** SQE offsets. */
	public static final int SQE_TAG = 0, SQE_FLAGS = 2, SQE_CDB_LEN = 3, SQE_TARGET = 4, SQE_LUN = 8, SQE_CDB = 16,
			SQE_DATA = 32, SQE_LENGTH = 40, SQE_SENSE = 48, SQE_SENSE_LEN = 56;
	/** CQE offsets. */
	public static final int CQE_TAG = 0, CQE_STATUS = 2, CQE_SR = 3, CQE_XFER = 4, CQE_SENSE_LEN = 8, CQE_PHASE = 11;

	/** FLAGS data direction values (bits 1:0). */
	public static final int DIR_NONE = 0, DIR_TO_TARGET = 1, DIR_FROM_TARGET = 2;

	/** SR values. */
	public static final int SR_COMPLETED = 0, SR_FAILURE = 1, SR_ABORTED = 2;
	/** Protocol STATUS values with SR ≠ 0. */
	public static final int PS_TASK_TIMEOUT = 0x01, PS_DEVICE_NOT_PRESENT = 0x04, PS_DELIVERY_FAILURE = 0x05;

	/** TMF functions. */
	public static final int TMF_ABORT_TASK_SET = 1, TMF_CLEAR_TASK_SET = 2, TMF_LOGICAL_UNIT_RESET = 3,
			TMF_TARGET_RESET = 4, TMF_CLEAR_ACA = 5;

	/** Number of bits of an IOVM address that are the offset in its window. */
	public static final int IOVM_WINDOW_SHIFT = 40;

	private HbaRegisters() {
	}

	/**
	 * The 8 SAM LUN bytes (byte 0 most significant) of a single-level LUN number, as the TMF register's LUN field
	 * names it: peripheral addressing below 256, flat addressing from 256 to 16383.
	 */
	public static long lunBytes(int lunNumber) {
		if (lunNumber < 0 || lunNumber > 0x3FFF) {
			throw new IllegalArgumentException("LUN " + lunNumber + " is not a single-level LUN");
		}
		long b0 = lunNumber < 256 ? 0 : 0x40 | (lunNumber >>> 8);
		long b1 = lunNumber & 0xFF;
		return b0 << 56 | b1 << 48;
	}
}
