package org.hbakit.conformance.internal;

import static org.hbakit.conformance.internal.CheckFailure.require;

import org.hbakit.controller.api.registry.ViolationKind;

/**
 * {@code stop.quiesce}: the controller bundle is stopped (every instance's {@code Stop}); the device must be left
 * unbound within {@value #UNBIND_MS} ms and the framework must have refused no completion after {@code Stop} began
 * (nothing completes after {@code Stop} returns).
 */
final class QuiesceCheck implements Check {
	static final long UNBIND_MS = 30_000;

	@Override
	public String id() {
		return "stop.quiesce";
	}

	@Override
	public String run(RunContext run) throws Exception {
		long before = run.violations().getOrDefault(ViolationKind.AFTER_STOP, 0L);
		run.subject.bundle.stop();
		require(run.registry.awaitQuiescence(UNBIND_MS) && Waits.until(() -> run.binding() == null, UNBIND_MS),
				"the device was still bound " + UNBIND_MS + " ms after the bundle stopped");
		long after = run.violations().getOrDefault(ViolationKind.AFTER_STOP, 0L);
		require(after == before, (after - before) + " completions after Stop (last: "
				+ run.lastViolation(ViolationKind.AFTER_STOP) + ")");
		return "stopped, nothing completed after Stop";
	}
}
