package org.hbakit.controller.api.client;

/** Mach {@code kern_return_t} values used by the {@code io_done_queue} calls. */
public final class KernReturn {
	/** Success. */
	public static final int KERN_SUCCESS = 0;
	/** An argument was invalid (bad queue, device, buffer or length). */
	public static final int KERN_INVALID_ARGUMENT = 4;
	/** Not enough resources (e.g. the queue's request slots are all in use). */
	public static final int KERN_RESOURCE_SHORTAGE = 6;
	/** The queue was terminated (stale handle). */
	public static final int KERN_TERMINATED = 37;

	private KernReturn() {
	}

	/** The Mach name of a value. */
	public static String name(int code) {
		return switch (code) {
			case KERN_SUCCESS -> "KERN_SUCCESS";
			case KERN_INVALID_ARGUMENT -> "KERN_INVALID_ARGUMENT";
			case KERN_RESOURCE_SHORTAGE -> "KERN_RESOURCE_SHORTAGE";
			case KERN_TERMINATED -> "KERN_TERMINATED";
			default -> "kern_return_t(" + code + ")";
		};
	}
}
