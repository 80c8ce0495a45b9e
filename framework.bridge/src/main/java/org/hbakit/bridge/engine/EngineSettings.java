package org.hbakit.bridge.engine;

/**
 * Tunables of the engine, from the bridge's configuration (PID {@code org.hbakit.bridge}).
 *
 * @param defaultTaskTimeoutMs timeout of a task whose request gave none
 * @param abortGraceMs         how long each timeout escalation step (abort task, LUN reset, target reset) waits
 *                             for the controller before the next
 * @param drainTimeoutMs       how long a swap or stop lets in-flight tasks complete before aborting them
 * @param powerAckTimeoutMs    how long {@code setPowerState} waits for the controller's acknowledgement
 * @param rebindGraceMs        how long held requests wait for a controller after the bound one went away
 *                             (bundle update or reinstall) before they fail
 * @param scanRetries          how often a scan command is retried after UNIT ATTENTION or BUSY
 */
public record EngineSettings(long defaultTaskTimeoutMs, long abortGraceMs, long drainTimeoutMs, long powerAckTimeoutMs,
		long rebindGraceMs, int scanRetries) {
	/** The defaults. */
	public static final EngineSettings DEFAULTS = new EngineSettings(30_000, 250, 2_000, 5_000, 10_000, 8);
}
