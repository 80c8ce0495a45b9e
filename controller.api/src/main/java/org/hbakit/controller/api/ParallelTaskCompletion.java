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
 * comes a second time, is refused and counted, never delivered (as the IIG has it, a wrong version drops the
 * completion: the task stays in flight and times out).
 * <p>
 * The call only checks the response and hands the result over; it never calls back into the controller, never
 * dispatches another task and never runs client code, so it may be made inside {@code UserProcessParallelTask}
 * or with the controller's own locks held, and it returns in microseconds.
 */
@ProviderType
@FunctionalInterface
public interface ParallelTaskCompletion {
	/** Completes the task named by {@code response.controllerTaskIdentifier()}. */
	void parallelTaskCompletion(SCSIUserParallelResponse response);
}
