package org.hbakit.itest.conformance.broken;

/** What a {@link BrokenController} does wrong, and the one conformance check that must catch it. */
public enum Defect {
	/** Reports 16 DMA address bits. */
	REPORTS("start.reports"),
	/** Corrupts one byte of every READ of 64 KiB or more (parallel path). */
	DATA("io.verified-data"),
	/** Completes every 16th task of target 1 twice (parallel path). */
	EXACTLY_ONCE("io.exactly-once"),
	/** Sends a malformed slot list (count beyond its array) every 64th bundled completion. */
	SLOTS("bundled.slots"),
	/** Delivers a MEDIUM ERROR's sense with its additional sense code zeroed (parallel path). */
	SENSE("sense.autosense"),
	/** Reports every transfer as complete, whatever the device moved (parallel path). */
	RESIDUAL("io.residual"),
	/** Turns BUSY into GOOD (parallel path). */
	ERRORS("io.error-mapping"),
	/** Rejects ABORT TASK without aborting. */
	ABORT("tm.abort"),
	/** Answers LOGICAL UNIT RESET FUNCTION_COMPLETE without resetting. */
	LUN_RESET("tm.lun-reset"),
	/** Answers TARGET RESET FUNCTION_COMPLETE without resetting. */
	TARGET_RESET("tm.target-reset"),
	/** Never acknowledges SetPowerState(Pause). */
	POWER("power"),
	/** Fails every start after its fourth (a controller that cannot be restarted repeatedly). */
	SWAP("swap.repeated"),
	/** Calls its completion once more after Stop returned. */
	QUIESCE("stop.quiesce"),
	/** Leaves an idle thread running for 15 s after Stop. */
	THREADS("stop.threads"),
	/** Registers itself in the system properties: its class loader stays reachable. */
	CLASSLOADER("stop.classloader");

	/** The check that must fail, and only it. */
	public final String check;

	Defect(String check) {
		this.check = check;
	}

	/** Whether the controller declines the bundled buffers (its defect is on the parallel path). */
	boolean parallelOnly() {
		return this == DATA || this == EXACTLY_ONCE || this == SENSE || this == RESIDUAL || this == ERRORS;
	}
}
