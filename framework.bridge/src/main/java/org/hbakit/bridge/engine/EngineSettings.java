package org.hbakit.bridge.engine;

/**
 * Tunables of the engine, from the bridge's configuration (PID {@code org.hbakit.bridge}); they may change while
 * the bridge runs (each supervisor takes the new value for its next decision).
 *
 * @param defaultTaskTimeoutMs    timeout of a task whose request gave none
 * @param abortGraceMs            how long each timeout escalation step (abort task, LUN reset, target reset) waits
 *                                for the controller before the next; also the bound of each task-management call
 * @param drainTimeoutMs          how long a swap, power change or stop lets in-flight tasks complete before
 *                                aborting them
 * @param powerAckTimeoutMs       how long {@code SetPowerState} may take, call and acknowledgement together
 * @param rebindGraceMs           how long held requests wait for a controller after the bound one went away
 *                                (bundle update or reinstall) before they fail
 * @param scanRetries             how often a scan command is retried after UNIT ATTENTION or BUSY
 * @param controllerCallTimeoutMs the bound of every other call into controller code: instantiation, probe, the
 *                                whole start sequence, stop, release
 * @param startRetryMinMs         first back-off after every candidate failed to start (doubles up to the max)
 * @param startRetryMaxMs         longest back-off between start retries
 */
public record EngineSettings(long defaultTaskTimeoutMs, long abortGraceMs, long drainTimeoutMs, long powerAckTimeoutMs,
		long rebindGraceMs, int scanRetries, long controllerCallTimeoutMs, long startRetryMinMs, long startRetryMaxMs) {
	/** The defaults. */
	public static final EngineSettings DEFAULTS = new EngineSettings(30_000, 250, 2_000, 5_000, 10_000, 8, 10_000,
			1_000, 60_000);

	/** Checks every value is usable. */
	public EngineSettings {
		positive("defaultTaskTimeoutMs", defaultTaskTimeoutMs);
		positive("abortGraceMs", abortGraceMs);
		positive("drainTimeoutMs", drainTimeoutMs);
		positive("powerAckTimeoutMs", powerAckTimeoutMs);
		positive("rebindGraceMs", rebindGraceMs);
		positive("controllerCallTimeoutMs", controllerCallTimeoutMs);
		positive("startRetryMinMs", startRetryMinMs);
		if (startRetryMaxMs < startRetryMinMs) {
			throw new IllegalArgumentException("startRetryMaxMs " + startRetryMaxMs + " is below startRetryMinMs "
					+ startRetryMinMs);
		}
		if (scanRetries < 0) {
			throw new IllegalArgumentException("scanRetries must not be negative: " + scanRetries);
		}
	}

	/** The same with the first six values changed (tests). */
	public static EngineSettings of(long taskTimeoutMs, long abortGraceMs, long drainTimeoutMs, long powerAckTimeoutMs,
			long rebindGraceMs, int scanRetries) {
		return new EngineSettings(taskTimeoutMs, abortGraceMs, drainTimeoutMs, powerAckTimeoutMs, rebindGraceMs,
				scanRetries, DEFAULTS.controllerCallTimeoutMs, DEFAULTS.startRetryMinMs, DEFAULTS.startRetryMaxMs);
	}

	/** The same with another controller call bound. */
	public EngineSettings withControllerCallTimeoutMs(long ms) {
		return new EngineSettings(defaultTaskTimeoutMs, abortGraceMs, drainTimeoutMs, powerAckTimeoutMs, rebindGraceMs,
				scanRetries, ms, startRetryMinMs, startRetryMaxMs);
	}

	/** The same with other start retry back-offs. */
	public EngineSettings withStartRetry(long minMs, long maxMs) {
		return new EngineSettings(defaultTaskTimeoutMs, abortGraceMs, drainTimeoutMs, powerAckTimeoutMs, rebindGraceMs,
				scanRetries, controllerCallTimeoutMs, minMs, maxMs);
	}

	private static void positive(String name, long value) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive: " + value);
		}
	}
}
