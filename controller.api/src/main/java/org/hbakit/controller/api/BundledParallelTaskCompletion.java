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
 * reuse them at once. A slot the controller does not own is refused and counted.
 */
@ProviderType
@FunctionalInterface
public interface BundledParallelTaskCompletion {
	/** Returns {@code count} slots, completed, to the framework. */
	void bundledParallelTaskCompletion(int[] parallelResponseSlotIndices, int count);
}
