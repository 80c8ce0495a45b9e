package org.hbakit.controller.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * DriverKit's {@code ParallelTaskCompletion} action (the {@code OSAction} passed to
 * {@code UserProcessParallelTask}); its kernel end is {@code UserCompleteParallelTask}.
 * <p>
 * Implemented by the framework. A controller calls it exactly once for every task it accepted with
 * {@link SCSIServiceResponse#REQUEST_IN_PROCESS}, from any thread (typically its interrupt handler). The framework
 * reads the response before returning, so the controller may reuse it at once. A response whose version is not
 * {@link SCSIUserParallelResponse#CURRENT_VERSION}, that names an unknown task or a task not in flight, or that
 * comes a second time, is refused and counted, never delivered.
 */
@ProviderType
@FunctionalInterface
public interface ParallelTaskCompletion {
	/** Completes the task named by {@code response.controllerTaskIdentifier()}. */
	void parallelTaskCompletion(SCSIUserParallelResponse response);
}
