package org.hbakit.conformance.internal;

import static org.hbakit.conformance.internal.CheckFailure.require;

import java.util.Map;

import org.hbakit.controller.api.registry.BindingInfo;
import org.hbakit.controller.api.registry.ViolationKind;

/**
 * {@code bundled.slots}: on the bundled path, over every bundled workload of the run so far, the controller
 * completed only slots it owned and never more than {@code kMaxBundledParallelTasks} (32) per completion call (no
 * malformed slot list). A controller that declines the bundled buffers passes with that said.
 */
final class BundledSlotsCheck implements Check {
	@Override
	public String id() {
		return "bundled.slots";
	}

	@Override
	public String run(RunContext run) throws CheckFailure {
		BindingInfo b = run.binding();
		require(b != null, "the controller is not bound");
		Map<ViolationKind, Long> v = run.violations();
		long notOwned = v.getOrDefault(ViolationKind.SLOT_NOT_OWNED, 0L);
		long malformed = v.getOrDefault(ViolationKind.MALFORMED_SLOT_LIST, 0L);
		require(notOwned == 0, notOwned + " completions of slots not owned (last: "
				+ run.lastViolation(ViolationKind.SLOT_NOT_OWNED) + ")");
		require(malformed == 0, malformed + " malformed slot lists (more than 32 or a bad count; last: "
				+ run.lastViolation(ViolationKind.MALFORMED_SLOT_LIST) + ")");
		return b.path().equals("bundled") ? "only owned slots completed, at most 32 per call, "
				+ b.tasksCompleted() + " tasks" : "parallel path (bundled buffers declined): no slots to check";
	}
}
