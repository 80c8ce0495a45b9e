package org.hbakit.controller.api.simhba;

/**
 * Offsets and bit fields of the simulated HBA's BAR0 registers ({@code docs/simulated-hba.md}, "BAR0 registers").
 * A controller reaches them with {@code IOPCIDevice.memoryRead32/64} and {@code memoryWrite32/64} on {@link #BAR};
 * all values are little-endian. Offsets are {@code int} so the device can switch on them; they widen to the
 * {@code long} offsets {@code IOPCIDevice} takes.
 */
public final class HBARegisters {
	/** The memory BAR holding the registers. */
	public static final int BAR = 0;
	/** Size of BAR0 in bytes. */
	public static final long BAR0_SIZE = 16 * 1024;

	/** PCI vendor id of the simulated HBA (config space 0x00; the device's default identity). */
	public static final int PCI_VENDOR_ID = 0x1B4B;
	/** PCI device id of the simulated HBA (config space 0x02; the device's default identity). */
	public static final int PCI_DEVICE_ID = 0x5CD1;

	/** RO 32: version, major in bits 31:16, minor in bits 15:0 ({@link #VERSION}). */
	public static final int VS = 0x000;
	/** RO 32: bits 15:0 MQES (max queue entries − 1), bits 23:16 interrupt vectors. */
	public static final int CAP = 0x004;
	/** RO 32: number of target ids (highest target id + 1). */
	public static final int TARGETS = 0x008;
	/** RO 32: the HBA's own SCSI id (no target has it). */
	public static final int INITIATOR_ID = 0x00C;
	/** RW 32: bit 0 {@link #CC_EN}; writing 0 resets the controller. */
	public static final int CC = 0x010;
	/** RO 32: bit 0 {@link #CSTS_RDY}, bit 1 {@link #CSTS_CFS}. */
	public static final int CSTS = 0x014;
	/** RW 32 while EN=0: bits 15:0 SQ entries − 1, bits 31:16 CQ entries − 1 ({@link #qsize}). */
	public static final int QSIZE = 0x018;
	/** RW 64 while EN=0: IOVM address of the submission queue. */
	public static final int SQ_BASE = 0x020;
	/** RW 64 while EN=0: IOVM address of the completion queue. */
	public static final int CQ_BASE = 0x028;
	/** W1S 32: interrupt mask set, bit N masks vector N. */
	public static final int INTMS = 0x030;
	/** W1C 32: interrupt mask clear, bit N unmasks vector N. All vectors start masked. */
	public static final int INTMC = 0x034;
	/** RW 32: bits 7:0 aggregation threshold, bits 23:8 aggregation time in µs ({@link #intcoal}). */
	public static final int INTCOAL = 0x038;
	/**
	 * WO 32, posted: the TAG of a request to abort. The write returns at once; {@link #TMF_STATUS_BUSY} is set until
	 * the device has executed it (the request, if the device held it, completed with SR 2).
	 */
	public static final int ABORT = 0x040;
	/**
	 * WO 64, posted: task management, bits 7:0 function, 23:8 target, 47:24 LUN ({@link #tmf}). The write returns at
	 * once; {@link #TMF_STATUS_BUSY} is set until the device has executed it (every affected request completed).
	 */
	public static final int TMF = 0x048;
	/** RO 32: bit 31 {@link #TMF_STATUS_BUSY}; bit 0 the result of the last task management function executed. */
	public static final int TMF_STATUS = 0x050;
	/** WO 32 doorbell: the index one past the last SQ entry written. */
	public static final int SQ_TAIL = 0x1000;
	/** WO 32 doorbell: the index one past the last CQ entry consumed. */
	public static final int CQ_HEAD = 0x1004;

	/**
	 * The register interface version this package describes: 1.1 (1.0 executed {@code ABORT} and {@code TMF} before
	 * the write returned; 1.1 posts them and adds {@link #TMF_STATUS_BUSY}).
	 */
	public static final int VERSION = 0x0001_0001;

	/** {@link #CC} bit: enable. */
	public static final int CC_EN = 1;
	/** {@link #CSTS} bit: ready, the controller is enabled and processes the SQ. */
	public static final int CSTS_RDY = 1;
	/** {@link #CSTS} bit: controller fatal status (bad DMA address or queue configuration). */
	public static final int CSTS_CFS = 1 << 1;

	/** The interrupt vector that signals completions. */
	public static final int COMPLETION_VECTOR = 0;

	/** {@link #TMF} function: ABORT TASK SET. */
	public static final int TMF_ABORT_TASK_SET = 1;
	/** {@link #TMF} function: CLEAR TASK SET. */
	public static final int TMF_CLEAR_TASK_SET = 2;
	/** {@link #TMF} function: LOGICAL UNIT RESET. */
	public static final int TMF_LOGICAL_UNIT_RESET = 3;
	/** {@link #TMF} function: TARGET RESET. */
	public static final int TMF_TARGET_RESET = 4;
	/** {@link #TMF} function: CLEAR ACA. */
	public static final int TMF_CLEAR_ACA = 5;
	/** Highest LUN number the {@link #TMF} LUN field may name (single-level LUNs). */
	public static final int TMF_MAX_LUN = 0x3FFF;

	/** {@link #TMF_STATUS} result (bit 0): function complete. */
	public static final int TMF_STATUS_COMPLETE = 0;
	/** {@link #TMF_STATUS} result (bit 0): function rejected. */
	public static final int TMF_STATUS_REJECTED = 1;
	/** {@link #TMF_STATUS} mask of the result bits. */
	public static final int TMF_STATUS_RESULT = 1;
	/**
	 * {@link #TMF_STATUS} bit 31, BUSY: set from an {@link #ABORT} or {@link #TMF} write until the device has executed
	 * it and every write posted before it; the result bits are valid once it is clear.
	 */
	public static final int TMF_STATUS_BUSY = 1 << 31;

	private HBARegisters() {
	}

	/** The major version from a {@link #VS} value. */
	public static int versionMajor(int vs) {
		return vs >>> 16;
	}

	/** The minor version from a {@link #VS} value. */
	public static int versionMinor(int vs) {
		return vs & 0xFFFF;
	}

	/** MQES (max queue entries − 1) from a {@link #CAP} value. */
	public static int capMaxQueueEntriesMinusOne(int cap) {
		return cap & 0xFFFF;
	}

	/** Number of interrupt vectors from a {@link #CAP} value. */
	public static int capInterruptVectors(int cap) {
		return (cap >>> 16) & 0xFF;
	}

	/** The {@link #CAP} value of a device with queues of up to {@code maxQueueEntries} and {@code vectors} vectors. */
	public static int cap(int maxQueueEntries, int vectors) {
		return ((maxQueueEntries - 1) & 0xFFFF) | (vectors & 0xFF) << 16;
	}

	/** The {@link #QSIZE} value for queues of {@code sqEntries} and {@code cqEntries}. */
	public static int qsize(int sqEntries, int cqEntries) {
		return ((cqEntries - 1) << 16) | ((sqEntries - 1) & 0xFFFF);
	}

	/** SQ entries from a {@link #QSIZE} value. */
	public static int qsizeSqEntries(int qsize) {
		return (qsize & 0xFFFF) + 1;
	}

	/** CQ entries from a {@link #QSIZE} value. */
	public static int qsizeCqEntries(int qsize) {
		return (qsize >>> 16) + 1;
	}

	/** The {@link #INTCOAL} value; both fields are clamped to their widths. */
	public static int intcoal(int threshold, int timeMicros) {
		return (Math.min(Math.max(timeMicros, 0), 0xFFFF) << 8) | Math.min(Math.max(threshold, 0), 0xFF);
	}

	/** The aggregation threshold from an {@link #INTCOAL} value, at least 1 (0 means 1). */
	public static int intcoalThreshold(int intcoal) {
		return Math.max(1, intcoal & 0xFF);
	}

	/** The aggregation time in µs from an {@link #INTCOAL} value (0: none). */
	public static int intcoalTimeMicros(int intcoal) {
		return (intcoal >>> 8) & 0xFFFF;
	}

	/** The 64-bit {@link #TMF} value. */
	public static long tmf(int function, long target, long lun) {
		return (function & 0xFFL) | ((target & 0xFFFFL) << 8) | ((lun & 0xFF_FFFFL) << 24);
	}

	/** The function field of a {@link #TMF} value. */
	public static int tmfFunction(long tmf) {
		return (int) (tmf & 0xFF);
	}

	/** The target field of a {@link #TMF} value. */
	public static int tmfTarget(long tmf) {
		return (int) ((tmf >>> 8) & 0xFFFF);
	}

	/** The LUN number field of a {@link #TMF} value. */
	public static int tmfLun(long tmf) {
		return (int) ((tmf >>> 24) & 0xFF_FFFF);
	}

	/**
	 * The 8 SAM LUN bytes (byte 0 most significant) a single-level LUN number names, as the {@link #TMF} LUN field
	 * does: peripheral device addressing below 256 ({@code 00 nn 00…}), flat space addressing from 256 to 16383
	 * ({@code 4h hh…}).
	 *
	 * @throws IllegalArgumentException outside 0..{@value #TMF_MAX_LUN}
	 */
	public static long lunBytes(int lunNumber) {
		if (lunNumber < 0 || lunNumber > TMF_MAX_LUN) {
			throw new IllegalArgumentException("LUN " + lunNumber + " is not a single-level LUN");
		}
		long b0 = lunNumber < 256 ? 0 : 0x40 | (lunNumber >>> 8);
		long b1 = lunNumber & 0xFF;
		return b0 << 56 | b1 << 48;
	}
}
