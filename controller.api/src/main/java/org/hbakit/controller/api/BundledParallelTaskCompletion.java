package org.hbakit.controller.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * DriverKit's {@code BundledParallelTaskCompletion} action; its kernel end is
 * {@code UserCompleteBundledParallelTask}.
 * <p>
 * Implemented by the framework. A controller that owns slots fills their response slots and calls this to
 * return them: {@code parallelResponseSlotIndices[0 .. count-1]} name the slots (uint16 values), in any order
 * and grouping, at most {@link IOUserSCSIParallelInterfaceController#kMaxBundledParallelTasks} per call. The
 * framework reads the indices and responses before returning; from then on it owns the slots again and may
 * reuse them at once. A slot the controller does not own is refused and counted. A slot whose response has the
 * wrong version is taken back too (ownership returns with the call), its request fails once with a delivery
 * failure, and the violation is counted.
 * <p>
 * The call only checks and hands results over; it never calls back into the controller, never dispatches and
 * never runs client code, so it may be made inline inside {@code UserProcessBundledParallelTasks} (whose index
 * array stays untouched until that call returns) or with the controller's own locks held.
 */
@ProviderType
@FunctionalInterface
public interface BundledParallelTaskCompletion {
	/** Returns {@code count} slots, completed, to the framework. */
	void bundledParallelTaskCompletion(int[] parallelResponseSlotIndices, int count);
}
