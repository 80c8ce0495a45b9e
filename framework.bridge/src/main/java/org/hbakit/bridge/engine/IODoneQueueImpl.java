package org.hbakit.bridge.engine;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.IODoneQueue;
import org.hbakit.controller.api.client.IODoneResult;
import org.hbakit.controller.api.client.KernReturn;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.scsi.Cdb;
import org.jctools.queues.MpmcArrayQueue;

/**
 * The io_done_queue: {@code depth} request slots made up front ({@link RequestSlots}); completions enter a lock-free
 * ring from whatever thread ends them and leave it, in completion order, one per {@link #ioDoneQueueWait} (on any
 * number of waiting threads).
 * Nothing is allocated or locked per request in steady state (a submitter waiting for a free slot takes a lock; an
 * in-band request's bounce buffer is made on its slot's first in-band use).
 * <p>
 * Mode {@link #D_DEFER} ({@link Deferral}) lets a submitting thread gather up to 32 requests for one HBA and hand
 * them over as one bundle. Terminate fails what every thread still gathers and wakes every waiter.
 */
public final class IODoneQueueImpl implements IODoneQueue {
	private static final int KNOWN_MODES = D_NOWAIT | D_DEFER;

	private final RequestSlots slots;
	private final Deferral deferral;
	/** Completions, multi-consumer: any number of threads may wait at once. */
	private final MpmcArrayQueue<IORequest> done;
	private final int depth;
	/** Per slot: the {@code qd_type} of the request it carries. */
	private final int[] type;
	/** Per slot: how many bytes an in-band read returns (0 for the other forms). */
	private final int[] inbandWanted;
	/** Per slot: the in-band bounce buffer, made on first use. */
	private final ByteBuffer[] bounce;
	private final AtomicInteger pending = new AtomicInteger();
	private final java.util.concurrent.atomic.AtomicBoolean terminate = new java.util.concurrent.atomic.AtomicBoolean();
	private volatile boolean terminated;
	private volatile Thread waiter;

	public IODoneQueueImpl(int depth) {
		if (depth < 1 || depth > 65536) {
			throw new IllegalArgumentException("io_done_queue depth " + depth + " not in 1..65536");
		}
		this.depth = depth;
		slots = new RequestSlots(depth, this::completed);
		deferral = new Deferral(depth);
		done = new MpmcArrayQueue<>(Math.max(2, depth));
		type = new int[depth];
		inbandWanted = new int[depth];
		bounce = new ByteBuffer[depth];
	}

	@Override
	public int deviceReadAsync(SCSILogicalUnit device, long requestId, int mode, long recnum, ByteBuffer buffer,
			int bytesWanted) {
		if (buffer == null || buffer.isReadOnly() || bytesWanted > buffer.remaining()) {
			return terminated ? KernReturn.KERN_TERMINATED : KernReturn.KERN_INVALID_ARGUMENT;
		}
		return submit(device, requestId, mode, recnum, buffer, buffer.position(), bytesWanted,
				IODoneResult.IO_DONE_OVERWRITE, null);
	}

	@Override
	public int deviceWriteAsync(SCSILogicalUnit device, long requestId, int mode, long recnum, ByteBuffer data,
			int bytesWanted) {
		if (data == null || bytesWanted > data.remaining()) {
			return terminated ? KernReturn.KERN_TERMINATED : KernReturn.KERN_INVALID_ARGUMENT;
		}
		return submit(device, requestId, mode, recnum, data, data.position(), bytesWanted, IODoneResult.IO_DONE_WRITE,
				null);
	}

	@Override
	public int deviceReadAsyncInband(SCSILogicalUnit device, long requestId, int mode, long recnum, int bytesWanted) {
		if (bytesWanted < 1 || bytesWanted > IO_INBAND_MAX) {
			return terminated ? KernReturn.KERN_TERMINATED : KernReturn.KERN_INVALID_ARGUMENT;
		}
		return submit(device, requestId, mode, recnum, null, 0, bytesWanted, IODoneResult.IO_DONE_READ, null);
	}

	@Override
	public int deviceWriteAsyncInband(SCSILogicalUnit device, long requestId, int mode, long recnum, byte[] data,
			int bytesWanted) {
		if (data == null || bytesWanted < 1 || bytesWanted > IO_INBAND_MAX || bytesWanted > data.length) {
			return terminated ? KernReturn.KERN_TERMINATED : KernReturn.KERN_INVALID_ARGUMENT;
		}
		return submit(device, requestId, mode, recnum, null, 0, bytesWanted, IODoneResult.IO_DONE_WRITE, data);
	}

	/**
	 * @param buffer  the caller's buffer, or null for an in-band request
	 * @param inband  the bytes of an in-band write, or null
	 */
	private int submit(SCSILogicalUnit device, long requestId, int mode, long recnum, ByteBuffer buffer, int offset,
			int bytes, int qdType, byte[] inband) {
		if (terminated) {
			return KernReturn.KERN_TERMINATED;
		}
		if (!(device instanceof LogicalUnit unit) || (mode & ~KNOWN_MODES) != 0) {
			return KernReturn.KERN_INVALID_ARGUMENT;
		}
		int bs = unit.blockSize();
		boolean inbandRead = buffer == null && inband == null;
		// an in-band read asks for the first bytes of a block; everything else moves whole blocks
		long blocks = inbandRead ? (bytes + (long) bs - 1) / Math.max(1, bs) : bytes / Math.max(1, bs);
		if (bs <= 0 || bytes <= 0 || !inbandRead && bytes % bs != 0 || recnum < 0
				|| recnum > unit.blockCount() - blocks) { // no overflow: blockCount >= 0, blocks <= 2^31
			return KernReturn.KERN_INVALID_ARGUMENT;
		}
		IORequest r = slots.poll();
		if (r == null) {
			if ((mode & D_NOWAIT) != 0) {
				return KernReturn.KERN_RESOURCE_SHORTAGE;
			}
			deferral.flush(); // our own gathered requests may be what fills the queue
			try {
				r = slots.await();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return KernReturn.KERN_ABORTED;
			}
			if (r == null || terminated) {
				if (r != null) {
					slots.release(r);
				}
				return KernReturn.KERN_TERMINATED;
			}
		}
		int slot = r.queueSlot;
		type[slot] = qdType;
		boolean write = qdType == IODoneResult.IO_DONE_WRITE;
		int length = (int) blocks * bs;
		if (buffer == null) {
			buffer = bounce(slot, length);
			offset = 0;
			if (inband != null) {
				buffer.put(0, inband, 0, bytes);
			}
		}
		inbandWanted[slot] = inbandRead ? bytes : 0;
		int n = write ? Cdb.write16(r.cdb, recnum, (int) blocks) : Cdb.read16(r.cdb, recnum, (int) blocks);
		r.cdbLength(n).requestId(requestId).timeoutMs(0).data(buffer, offset, length,
				write ? SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET
						: SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR);
		r.nexus(unit.targetID(), unit.lunBytes());
		r.requeues = 0;
		pending.incrementAndGet();
		if ((mode & D_DEFER) == 0) {
			unit.submit(r);
			return KernReturn.KERN_SUCCESS;
		}
		if (!deferral.defer(r, unit)) {
			abort(r); // terminate ran meanwhile: it must not stay gathered
		}
		return KernReturn.KERN_SUCCESS;
	}

	private ByteBuffer bounce(int slot, int length) {
		ByteBuffer b = bounce[slot];
		if (b == null || b.capacity() < length) {
			b = ByteBuffer.allocateDirect(Math.max(length, IO_INBAND_MAX));
			bounce[slot] = b;
		}
		return b;
	}

	/** Sends the calling thread's deferred requests now. */
	public void flush() {
		deferral.flush();
	}

	/** The request's listener: on whatever thread ended it (inside a bundled completion call, woken at its end). */
	private void completed(IORequest r) {
		done.offer(r); // never full: it holds at most depth requests
		if (!DeferredWakes.current().defer(this)) {
			wakeWaiter();
		}
	}

	/** Wakes the thread parked in {@link #ioDoneQueueWait}, if one is. */
	void wakeWaiter() {
		Thread w = waiter;
		if (w != null) {
			LockSupport.unpark(w);
		}
	}

	/** A gathered request never sent: it ends with kIOReturnAborted, into the ring like any completion. */
	private void abort(IORequest r) {
		r.fail(SCSITaskStatus.DELIVERY_FAILURE, IOReturn.kIOReturnAborted);
		r.complete();
	}

	@Override
	public int ioDoneQueueWait(IODoneResult result) throws InterruptedException {
		return ioDoneQueueWait(result, Long.MAX_VALUE);
	}

	@Override
	public int ioDoneQueueWait(IODoneResult result, long timeoutNanos) throws InterruptedException {
		if (result == null) {
			return KernReturn.KERN_INVALID_ARGUMENT;
		}
		boolean terminatedBefore = terminated;
		if (!terminatedBefore) {
			deferral.flush();
		}
		IORequest r = done.poll();
		if (r == null) {
			long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE
					: System.nanoTime() + Math.max(0, timeoutNanos);
			int spins = 0;
			while (true) {
				// a waiter blocked when the queue is terminated wakes with KERN_TERMINATED; a wait that begins after
				// it still returns what is left in the ring, so every request's outcome can be collected once
				if (terminated && !terminatedBefore) {
					return KernReturn.KERN_TERMINATED;
				}
				if ((r = done.poll()) != null) {
					break;
				}
				if (terminated) {
					return KernReturn.KERN_TERMINATED;
				}
				if (Thread.interrupted()) {
					throw new InterruptedException();
				}
				if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
					return KernReturn.KERN_OPERATION_TIMED_OUT;
				}
				if (++spins < 200) {
					Thread.onSpinWait();
					continue;
				}
				waiter = Thread.currentThread();
				if ((r = done.poll()) != null) {
					waiter = null;
					break;
				}
				if (!terminated) {
					// bounded: a second waiter is noticed within a millisecond
					LockSupport.parkNanos(this, 1_000_000);
				}
				waiter = null;
			}
		}
		deliver(r, result);
		return KernReturn.KERN_SUCCESS;
	}

	private void deliver(IORequest r, IODoneResult result) {
		int slot = r.queueSlot;
		int inband = inbandWanted[slot];
		long bytes = inband > 0 ? Math.min(inband, Math.max(0, r.bytesTransferred)) : r.bytesTransferred;
		result.set(r.requestId, r.returnCode, r.serviceResponse, r.status, bytes);
		result.setType(type[slot]);
		if (r.senseLength > 0) {
			result.setSense(r.sense, r.senseLength);
		}
		if (bytes > 0 && inband > 0) {
			bounce[slot].get(0, result.inbandData(), 0, (int) bytes);
			result.setInbandLength((int) bytes);
		}
		r.data = null;
		pending.decrementAndGet();
		slots.release(r);
	}

	@Override
	public int pending() {
		return pending.get();
	}

	@Override
	public int ioDoneQueueTerminate() {
		if (!terminate.compareAndSet(false, true)) {
			return KernReturn.KERN_INVALID_ARGUMENT;
		}
		terminated = true;
		deferral.terminate(slots.all(), this::abort);
		slots.close();
		Thread w = waiter;
		if (w != null) {
			LockSupport.unpark(w);
		}
		return KernReturn.KERN_SUCCESS;
	}

	/** The depth this queue was created with. */
	public int depth() {
		return depth;
	}
}
