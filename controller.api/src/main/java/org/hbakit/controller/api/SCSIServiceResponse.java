package org.hbakit.controller.api;

/**
 * Values of DriverKit's {@code SCSIServiceResponse} ({@code SCSIDefinitions.h}): how a task or a task
 * management function ended, as opposed to the SCSI status the target returned.
 */
public final class SCSIServiceResponse {
	/**
	 * Not defined in SAM: the request was accepted and will complete asynchronously. A controller sets this
	 * as the synchronous response of {@code UserProcessParallelTask} when it has put the task on the bus.
	 */
	public static final int REQUEST_IN_PROCESS = 0;
	/** The task could not be delivered or the target failed; the status carries a protocol-layer value. */
	public static final int SERVICE_DELIVERY_OR_TARGET_FAILURE = 1;
	/** The task completed; the status carries the SAM status the target returned. */
	public static final int TASK_COMPLETE = 2;
	/** A linked command completed. */
	public static final int LINK_COMMAND_COMPLETE = 3;
	/** A task management function completed. */
	public static final int FUNCTION_COMPLETE = 4;
	/** A task management function was rejected. */
	public static final int FUNCTION_REJECTED = 5;

	private SCSIServiceResponse() {
	}

	/** The DriverKit-style name of a service response value, for logs and shell output. */
	public static String name(int response) {
		return switch (response) {
			case REQUEST_IN_PROCESS -> "Request_In_Process";
			case SERVICE_DELIVERY_OR_TARGET_FAILURE -> "SERVICE_DELIVERY_OR_TARGET_FAILURE";
			case TASK_COMPLETE -> "TASK_COMPLETE";
			case LINK_COMMAND_COMPLETE -> "LINK_COMMAND_COMPLETE";
			case FUNCTION_COMPLETE -> "FUNCTION_COMPLETE";
			case FUNCTION_REJECTED -> "FUNCTION_REJECTED";
			default -> "SCSIServiceResponse(" + response + ")";
		};
	}
}
