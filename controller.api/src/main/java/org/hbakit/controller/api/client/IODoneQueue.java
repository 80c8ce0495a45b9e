package org.hbakit.controller.api.client;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A Java rendering of Mach's {@code io_done_queue}: a per-client completion queue for asynchronous block I/O on
 * any number of logical units. Create one with {@link IOHost#ioDoneQueueCreate(int)}; submit with
 * {@link #deviceReadAsync}/{@link #deviceWriteAsync}, which report only argument errors; collect one completion
 * per {@link #ioDoneQueueWait} call, in completion order, with the caller's request id echoed.
 * <p>
 * Submission may happen on any thread; one thread at a time should wait. The steady state allocates nothing:
 * results are written into the caller's {@link IODoneResult}.
 */
@ProviderType
public interface IODoneQueue extends AutoCloseable {
	/** Mode: do not wait when the logical unit cannot take the request now; fail with KERN_RESOURCE_SHORTAGE. */
	int D_NOWAIT = 0x1;

	/**
	 * {@code device_read_async} / {@code device_read_overwrite_async}: enqueues a read of {@code bytesWanted}
	 * bytes from block {@code recnum} into {@code buffer} (from its position; the buffer is the device's until the
	 * completion is returned by {@link #ioDoneQueueWait}).
	 *
	 * @return {@link KernReturn#KERN_SUCCESS}; {@link KernReturn#KERN_INVALID_ARGUMENT} for a bad device, buffer,
	 *         length or range; {@link KernReturn#KERN_TERMINATED} after terminate;
	 *         {@link KernReturn#KERN_RESOURCE_SHORTAGE} with {@link #D_NOWAIT} when the queue depth is reached
	 */
	int deviceReadAsync(SCSILogicalUnit device, long requestId, int mode, long recnum, ByteBuffer buffer,
			int bytesWanted);

	/** {@code device_write_async}: enqueues a write of {@code bytesWanted} bytes of {@code data} at block {@code recnum}. */
	int deviceWriteAsync(SCSILogicalUnit device, long requestId, int mode, long recnum, ByteBuffer data,
			int bytesWanted);

	/**
	 * {@code io_done_queue_wait}: blocks until a request completes, then fills {@code result} with it.
	 *
	 * @return {@link KernReturn#KERN_SUCCESS}, or {@link KernReturn#KERN_TERMINATED} once the queue is terminated
	 *         and no completion is left; {@link KernReturn#KERN_INVALID_ARGUMENT} if result is null
	 */
	int ioDoneQueueWait(IODoneResult result) throws InterruptedException;

	/**
	 * As {@link #ioDoneQueueWait} but gives up after {@code timeoutNanos}.
	 *
	 * @return as {@link #ioDoneQueueWait}, or {@link KernReturn#KERN_RESOURCE_SHORTAGE} on timeout
	 */
	int ioDoneQueueWait(IODoneResult result, long timeoutNanos) throws InterruptedException;

	/** Requests submitted and not yet returned by a wait. */
	int pending();

	/**
	 * {@code io_done_queue_terminate}: no more submissions; waiters drain what is left then get
	 * {@link KernReturn#KERN_TERMINATED}.
	 *
	 * @return {@link KernReturn#KERN_SUCCESS}, or {@link KernReturn#KERN_INVALID_ARGUMENT} if already terminated
	 */
	int ioDoneQueueTerminate();

	/** Terminates the queue. */
	@Override
	default void close() {
		ioDoneQueueTerminate();
	}
}
