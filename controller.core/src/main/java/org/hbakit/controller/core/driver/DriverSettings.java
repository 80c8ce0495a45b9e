package org.hbakit.controller.core.driver;

/**
 * The reference controller's settings (Config Admin PID {@code org.hbakit.controller.core}, see
 * {@code ControllerConfiguration}). Immutable; one instance per controller instance.
 *
 * @param path                    which I/O path to offer the framework
 * @param maxTaskCount            tasks reported by {@code UserReportMaximumTaskCount}, capped by the HBA's
 *                                {@code CAP.MQES} (at most MQES requests may be outstanding with MQES+1 entries)
 * @param coalescingThreshold     {@code INTCOAL} threshold: completions per interrupt (0 and 1 mean every one)
 * @param coalescingTimeMicros    {@code INTCOAL} aggregation time in µs (0: none); must be non-zero when the
 *                                threshold is above 1, or a lone completion would wait for company forever
 * @param autoSense               give every request a sense buffer and report {@code UserDoesHBAPerformAutoSense}
 * @param maxTransferSize         largest transfer of one task in bytes (one DMA segment)
 * @param quiesceTimeoutMillis    how long {@code SetPowerState(Off|Pause)} waits for outstanding requests
 * @param taskManagementTimeoutMillis how long a task management call waits for the device: {@code TMF_STATUS.BUSY}
 *                                to clear and, for ABORT TASK, the aborted request's completion; then it returns
 *                                {@code kIOReturnTimeout}
 */
public record DriverSettings(Path path, int maxTaskCount, int coalescingThreshold, int coalescingTimeMicros,
		boolean autoSense, long maxTransferSize, long quiesceTimeoutMillis, long taskManagementTimeoutMillis) {

	/** The I/O path the controller offers. */
	public enum Path {
		/** Accept {@code UserMapBundledParallelTaskCommandAndResponseBuffers}: tasks come in bundles of slots. */
		BUNDLED,
		/** Decline it with {@code kIOReturnUnsupported}: tasks come one by one through {@code UserProcessParallelTask}. */
		PARALLEL;

		/** Parses {@code bundled} or {@code parallel} (any case). */
		public static Path parse(String value) {
			return switch (value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT)) {
				case "bundled" -> BUNDLED;
				case "parallel" -> PARALLEL;
				default -> throw new IllegalArgumentException("path must be bundled or parallel, not " + value);
			};
		}
	}

	/**
	 * The defaults: bundled, 256 tasks, no coalescing, autosense, 1 MiB transfers, 4 s quiesce, 200 ms task
	 * management. Both waits stay below the framework's bounds on those calls ({@code powerAckTimeoutMs} 5 s,
	 * {@code abortGraceMs} 250 ms), so a device that does not answer gives the framework a timeout code rather than a
	 * call it must treat as hung.
	 */
	public static DriverSettings defaults() {
		return new DriverSettings(Path.BUNDLED, 256, 0, 0, true, 1 << 20, 4000, 200);
	}

	public DriverSettings {
		if (path == null) {
			throw new IllegalArgumentException("path is required");
		}
		if (maxTaskCount < 1 || maxTaskCount > 0xFFFF) {
			throw new IllegalArgumentException("maxTaskCount " + maxTaskCount + " not in 1..65535");
		}
		if (coalescingThreshold < 0 || coalescingThreshold > 0xFF) {
			throw new IllegalArgumentException("coalescing threshold " + coalescingThreshold + " not in 0..255");
		}
		if (coalescingTimeMicros < 0 || coalescingTimeMicros > 0xFFFF) {
			throw new IllegalArgumentException("coalescing time " + coalescingTimeMicros + " not in 0..65535 µs");
		}
		if (coalescingThreshold > 1 && coalescingTimeMicros == 0) {
			throw new IllegalArgumentException("a coalescing threshold above 1 needs a coalescing time");
		}
		if (maxTransferSize < 1 || maxTransferSize > 0xFFFF_FFFFL) {
			throw new IllegalArgumentException("maxTransferSize " + maxTransferSize + " not in 1..2^32-1");
		}
		if (quiesceTimeoutMillis < 0) {
			throw new IllegalArgumentException("quiesceTimeoutMillis must not be negative");
		}
		if (taskManagementTimeoutMillis < 1) {
			throw new IllegalArgumentException("taskManagementTimeoutMillis must be positive");
		}
	}

	public DriverSettings withPath(Path p) {
		return new DriverSettings(p, maxTaskCount, coalescingThreshold, coalescingTimeMicros, autoSense,
				maxTransferSize, quiesceTimeoutMillis, taskManagementTimeoutMillis);
	}

	public DriverSettings withMaxTaskCount(int n) {
		return new DriverSettings(path, n, coalescingThreshold, coalescingTimeMicros, autoSense, maxTransferSize,
				quiesceTimeoutMillis, taskManagementTimeoutMillis);
	}

	public DriverSettings withCoalescing(int threshold, int timeMicros) {
		return new DriverSettings(path, maxTaskCount, threshold, timeMicros, autoSense, maxTransferSize,
				quiesceTimeoutMillis, taskManagementTimeoutMillis);
	}

	public DriverSettings withAutoSense(boolean on) {
		return new DriverSettings(path, maxTaskCount, coalescingThreshold, coalescingTimeMicros, on,
				maxTransferSize, quiesceTimeoutMillis, taskManagementTimeoutMillis);
	}

	public DriverSettings withQuiesceTimeoutMillis(long millis) {
		return new DriverSettings(path, maxTaskCount, coalescingThreshold, coalescingTimeMicros, autoSense,
				maxTransferSize, millis, taskManagementTimeoutMillis);
	}

	public DriverSettings withTaskManagementTimeoutMillis(long millis) {
		return new DriverSettings(path, maxTaskCount, coalescingThreshold, coalescingTimeMicros, autoSense,
				maxTransferSize, quiesceTimeoutMillis, millis);
	}
}
