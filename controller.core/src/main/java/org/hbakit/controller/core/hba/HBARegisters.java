package org.hbakit.controller.core.hba;

/**
 * Offsets and fields of the simulated HBA's BAR0 registers ({@code docs/simulated-hba.md}, "BAR0 registers"),
 * as the reference controller uses them. All accesses go through {@code IOPCIDevice.memoryRead32/64} and
 * {@code memoryWrite32/64} on BAR 0.
 */
public final class HBARegisters {
	/** The BAR holding the registers. */
	public static final int BAR = 0;

	/** RO: version, {@code 0x0001_0000} for 1.0. */
	public static final long VS = 0x000;
	/** RO: bits 15:0 MQES (max queue entries − 1), bits 23:16 interrupt vectors. */
	public static final long CAP = 0x004;
	/** RO: number of target ids (highest target id + 1). */
	public static final long TARGETS = 0x008;
	/** RO: the HBA's own SCSI id. */
	public static final long INITIATOR_ID = 0x00C;
	/** RW: bit 0 EN. Writing 0 resets the controller. */
	public static final long CC = 0x010;
	/** RO: bit 0 RDY, bit 1 CFS. */
	public static final long CSTS = 0x014;
	/** RW while EN=0: bits 15:0 SQ entries − 1, bits 31:16 CQ entries − 1. */
	public static final long QSIZE = 0x018;
	/** RW while EN=0, 64 bits: IOVM address of the submission queue. */
	public static final long SQ_BASE = 0x020;
	/** RW while EN=0, 64 bits: IOVM address of the completion queue. */
	public static final long CQ_BASE = 0x028;
	/** W1S: interrupt mask set, bit N masks vector N. */
	public static final long INTMS = 0x030;
	/** W1C: interrupt mask clear, bit N unmasks vector N. */
	public static final long INTMC = 0x034;
	/** RW: bits 7:0 aggregation threshold, bits 23:8 aggregation time in µs. */
	public static final long INTCOAL = 0x038;
	/** WO: a request TAG to abort. */
	public static final long ABORT = 0x040;
	/** WO, 64 bits: bits 7:0 function, 23:8 target, 47:24 LUN. Synchronous. */
	public static final long TMF = 0x048;
	/** RO: result of the last TMF write, 0 function complete, 1 function rejected. */
	public static final long TMF_STATUS = 0x050;
	/** WO doorbell: one past the last SQ entry written. */
	public static final long SQ_TAIL = 0x1000;
	/** WO doorbell: one past the last CQ entry consumed. */
	public static final long CQ_HEAD = 0x1004;

	/** {@link #CC} bit: enable. */
	public static final int CC_EN = 1;
	/** {@link #CSTS} bit: ready. */
	public static final int CSTS_RDY = 1;
	/** {@link #CSTS} bit: controller fatal status. */
	public static final int CSTS_CFS = 1 << 1;

	/** The vector that signals completions. */
	public static final int COMPLETION_VECTOR = 0;

	/** TMF function: ABORT TASK SET. */
	public static final int TMF_ABORT_TASK_SET = 1;
	/** TMF function: CLEAR TASK SET. */
	public static final int TMF_CLEAR_TASK_SET = 2;
	/** TMF function: LOGICAL UNIT RESET. */
	public static final int TMF_LOGICAL_UNIT_RESET = 3;
	/** TMF function: TARGET RESET. */
	public static final int TMF_TARGET_RESET = 4;
	/** TMF function: CLEAR ACA. */
	public static final int TMF_CLEAR_ACA = 5;
	/** {@link #TMF_STATUS} value: function complete. */
	public static final int TMF_STATUS_COMPLETE = 0;

	private HBARegisters() {
	}

	/** MQES (max queue entries − 1) from a {@link #CAP} value. */
	public static int capMaxQueueEntriesMinusOne(int cap) {
		return cap & 0xFFFF;
	}

	/** Number of interrupt vectors from a {@link #CAP} value. */
	public static int capInterruptVectors(int cap) {
		return (cap >>> 16) & 0xFF;
	}

	/** The {@link #QSIZE} value for queues of {@code sqEntries} and {@code cqEntries}. */
	public static int qsize(int sqEntries, int cqEntries) {
		return ((cqEntries - 1) << 16) | ((sqEntries - 1) & 0xFFFF);
	}

	/** The {@link #INTCOAL} value; both fields are clamped to their widths. */
	public static int intcoal(int threshold, int timeMicros) {
		return (Math.min(Math.max(timeMicros, 0), 0xFFFF) << 8) | Math.min(Math.max(threshold, 0), 0xFF);
	}

	/** The 64-bit {@link #TMF} value. */
	public static long tmf(int function, long target, long lun) {
		return (function & 0xFFL) | ((target & 0xFFFFL) << 8) | ((lun & 0xFF_FFFFL) << 24);
	}
}
