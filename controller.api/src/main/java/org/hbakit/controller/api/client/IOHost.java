package org.hbakit.controller.api.client;

import org.osgi.annotation.versioning.ProviderType;

/** Mach's host port, as far as clients need it: where io_done_queues are created. Published by the framework. */
@ProviderType
public interface IOHost {
	/**
	 * {@code io_done_queue_create}: a new completion queue allowing up to {@code depth} requests in flight.
	 *
	 * @throws IllegalArgumentException if depth is not 1..65536 ({@code KERN_INVALID_ARGUMENT})
	 */
	IODoneQueue ioDoneQueueCreate(int depth);
}
