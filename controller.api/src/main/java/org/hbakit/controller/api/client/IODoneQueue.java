package org.hbakit.controller.api.client;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A Java rendering of Mach's {@code io_done_queue}: a per-client completion queue for asynchronous block I/O on
 * any number of logical units. Create one with {@link IOHost#ioDoneQueueCreate(int)}; submit with
 * {@link #deviceReadAsync}, {@link #deviceReadAsyncInband}, {@link #deviceWriteAsync} and
 * {@link #deviceWriteAsyncInband}; collect one completion per {@link #ioDoneQueueWait} call, in completion order,
 * with the caller's request id echoed.
 * <p>
 * A queue has {@code depth} request slots. A submission takes one; the {@link #ioDoneQueueWait} that returns its
 * completion gives it back. When every slot is in use, a submission waits for one (bounded by the queue's
 * termination), or with {@link #D_NOWAIT} fails at once with {@link KernReturn#KERN_RESOURCE_SHORTAGE}. As the
 * Mach man pages say, the submission calls otherwise return only invalid-parameter errors: how the I/O ended is in
 * its {@link IODoneResult}.
 * <p>
 * Threads: submissions may come from any threads at once; waiting is meant for one thread at a time (several may
 * wait, but they share one wake-up and the others notice a completion within a millisecond). The steady state
 * allocates nothing: results are written into the caller's {@link IODoneResult}.
 */
@ProviderType
public interface IODoneQueue extends AutoCloseable {
	/**
	 * Mode bit {@code D_NOWAIT} (0x8, as Mach's {@code device_types.h} defines it; 0x1 is {@code D_READ}): when
	 * every request slot is in use, fail at once with {@link KernReturn#KERN_RESOURCE_SHORTAGE} instead of waiting
	 * for one.
	 */
	int D_NOWAIT = 0x8;

	/**
	 * Mode bit {@code D_DEFER}, an HBAKit extension: gather the calling thread's requests for one HBA and hand up to
	 * 32 over as one bundle; they are sent when 32 are gathered, when the thread submits for another HBA, when it
	 * must wait for room, or at the latest when it calls {@link #ioDoneQueueWait}. Bit 0x100 lies above every mode
	 * bit Mach defines ({@code D_READ} 0x1, {@code D_WRITE} 0x2, {@code D_NODELAY} 0x4, {@code D_NOWAIT} 0x8,
	 * {@code D_CLONE} 0x10).
	 */
	int D_DEFER = 0x100;

	/** {@code IO_INBAND_MAX}: the most bytes an in-band request carries (Mach's {@code io_buf_ptr_inband_t}). */
	int IO_INBAND_MAX = 128;

	/**
	 * {@code device_read_overwrite_async}: enqueues a read of {@code bytesWanted} bytes (whole blocks) from block
	 * {@code recnum} into {@code buffer}, from its position. The buffer is the device's until the completion is
	 * returned by {@link #ioDoneQueueWait}; the result's {@link IODoneResult#type()} is
	 * {@link IODoneResult#IO_DONE_OVERWRITE}.
	 * <p>
	 * Called by a client on any thread. Mach's {@code device_read_async} returns the data in memory the kernel
	 * allocates; here the caller always supplies the destination, so this overwrite form is what the name stands
	 * for ({@link #deviceReadOverwriteAsync} is the same call under its Mach name).
	 *
	 * @param mode 0, or {@link #D_NOWAIT} and/or {@link #D_DEFER}
	 * @return {@link KernReturn#KERN_SUCCESS}; {@link KernReturn#KERN_INVALID_ARGUMENT} for a device that is not a
	 *         framework logical unit, a null or read-only buffer, an unknown mode bit, a length that is not a
	 *         positive multiple of the block size or exceeds the buffer's remaining bytes, or a range outside the
	 *         unit; {@link KernReturn#KERN_TERMINATED} after terminate (also when it happens while waiting for
	 *         room); {@link KernReturn#KERN_RESOURCE_SHORTAGE} with {@link #D_NOWAIT} when every slot is in use;
	 *         {@link KernReturn#KERN_ABORTED} if the thread was interrupted while waiting for room (its interrupt
	 *         status stays set)
	 */
	int deviceReadAsync(SCSILogicalUnit device, long requestId, int mode, long recnum, ByteBuffer buffer,
			int bytesWanted);

	/** {@code device_read_overwrite_async} under its Mach name: the same as {@link #deviceReadAsync}. */
	default int deviceReadOverwriteAsync(SCSILogicalUnit device, long requestId, int mode, long recnum,
			ByteBuffer buffer, int bytesWanted) {
		return deviceReadAsync(device, requestId, mode, recnum, buffer, bytesWanted);
	}

	/**
	 * {@code device_read_async_inband}: enqueues a read of the first {@code bytesWanted} bytes (1 to
	 * {@link #IO_INBAND_MAX}) from block {@code recnum}; the bytes come back in the result
	 * ({@link IODoneResult#inbandData()}, Mach's {@code qd_inline}) and its type is
	 * {@link IODoneResult#IO_DONE_READ}. The framework reads the whole blocks the bytes lie in into memory of its
	 * own; no caller buffer is involved.
	 *
	 * @return as {@link #deviceReadAsync}; {@link KernReturn#KERN_INVALID_ARGUMENT} also when {@code bytesWanted}
	 *         is not 1..{@link #IO_INBAND_MAX}
	 */
	int deviceReadAsyncInband(SCSILogicalUnit device, long requestId, int mode, long recnum, int bytesWanted);

	/**
	 * {@code device_write_async}: enqueues a write of {@code bytesWanted} bytes (whole blocks) of {@code data},
	 * from its position, at block {@code recnum}; the buffer is the device's until the completion is returned.
	 * The result's type is {@link IODoneResult#IO_DONE_WRITE}.
	 *
	 * @return as {@link #deviceReadAsync} (a read-only buffer is fine)
	 */
	int deviceWriteAsync(SCSILogicalUnit device, long requestId, int mode, long recnum, ByteBuffer data,
			int bytesWanted);

	/**
	 * {@code device_write_async_inband}: enqueues a write of {@code bytesWanted} bytes of {@code data} (from index
	 * 0) at block {@code recnum}. The bytes travel in the request: they are copied before this returns, so the
	 * array is the caller's again at once. They must be whole blocks and at most {@link #IO_INBAND_MAX} bytes, so
	 * only units with blocks of up to 128 bytes take in-band writes (as in Mach, where 512-byte blocks never fit
	 * an in-band write); a partial block is never written.
	 *
	 * @return as {@link #deviceWriteAsync}; {@link KernReturn#KERN_INVALID_ARGUMENT} also when {@code bytesWanted}
	 *         exceeds {@link #IO_INBAND_MAX} or {@code data.length}
	 */
	int deviceWriteAsyncInband(SCSILogicalUnit device, long requestId, int mode, long recnum, byte[] data,
			int bytesWanted);

	/**
	 * {@code io_done_queue_wait}: blocks until a request completes, then fills {@code result} with it and gives
	 * its slot back. Also sends the calling thread's {@link #D_DEFER} requests first.
	 *
	 * @return {@link KernReturn#KERN_SUCCESS}; {@link KernReturn#KERN_TERMINATED} once the queue is terminated and
	 *         no completion is waiting in it (a thread blocked here when the queue is terminated gets it at once);
	 *         {@link KernReturn#KERN_INVALID_ARGUMENT} if result is null
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	int ioDoneQueueWait(IODoneResult result) throws InterruptedException;

	/**
	 * As {@link #ioDoneQueueWait(IODoneResult)} but gives up after {@code timeoutNanos} (0 or less: only takes a
	 * completion already there).
	 *
	 * @return as {@link #ioDoneQueueWait(IODoneResult)}, or {@link KernReturn#KERN_OPERATION_TIMED_OUT} when the
	 *         time ran out
	 */
	int ioDoneQueueWait(IODoneResult result, long timeoutNanos) throws InterruptedException;

	/** Requests submitted whose completion has not yet been returned by a wait. */
	int pending();

	/**
	 * {@code io_done_queue_terminate}: no more submissions (they return {@link KernReturn#KERN_TERMINATED}, threads
	 * waiting for room included). Every thread blocked in {@link #ioDoneQueueWait} wakes with
	 * {@link KernReturn#KERN_TERMINATED}. Every pending request ends exactly once: those the HBA has complete as
	 * usual; those still gathered by {@link #D_DEFER}, on whatever thread, are never sent and fail with
	 * {@code kIOReturnAborted} (service response SERVICE_DELIVERY_OR_TARGET_FAILURE, status DeliveryFailure). Their
	 * results stay in the queue: a later wait returns them without blocking, then {@link KernReturn#KERN_TERMINATED};
	 * {@link #pending()} tells how many have not been returned.
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
