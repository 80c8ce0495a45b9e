package org.hbakit.controller.api.client;

/**
 * Mach {@code kern_return_t} values used by the {@code io_done_queue} calls, with the values of
 * {@code osfmk/mach/kern_return.h}.
 */
public final class KernReturn {
	/** Success. */
	public static final int KERN_SUCCESS = 0;
	/** An argument was invalid (bad queue, device, buffer, mode, length or range). */
	public static final int KERN_INVALID_ARGUMENT = 4;
	/** Not enough resources: with {@link IODoneQueue#D_NOWAIT}, every request slot of the queue is in use. */
	public static final int KERN_RESOURCE_SHORTAGE = 6;
	/** The operation was aborted: the thread waiting for room in a full queue was interrupted. */
	public static final int KERN_ABORTED = 14;
	/** The queue was terminated (stale handle). */
	public static final int KERN_TERMINATED = 37;
	/** A timed {@link IODoneQueue#ioDoneQueueWait(IODoneResult, long)} ran out of time. */
	public static final int KERN_OPERATION_TIMED_OUT = 49;

	private KernReturn() {
	}

	/** The Mach name of a value. */
	public static String name(int code) {
		return switch (code) {
			case KERN_SUCCESS -> "KERN_SUCCESS";
			case KERN_INVALID_ARGUMENT -> "KERN_INVALID_ARGUMENT";
			case KERN_RESOURCE_SHORTAGE -> "KERN_RESOURCE_SHORTAGE";
			case KERN_ABORTED -> "KERN_ABORTED";
			case KERN_TERMINATED -> "KERN_TERMINATED";
			case KERN_OPERATION_TIMED_OUT -> "KERN_OPERATION_TIMED_OUT";
			default -> "kern_return_t(" + code + ")";
		};
	}
}
