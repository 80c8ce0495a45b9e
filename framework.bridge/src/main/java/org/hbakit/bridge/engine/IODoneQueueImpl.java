package org.hbakit.bridge.engine;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.client.IODoneQueue;
import org.hbakit.controller.api.client.IODoneResult;
import org.hbakit.controller.api.client.KernReturn;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.scsi.Cdb;
import org.jctools.queues.MpmcArrayQueue;
import org.jctools.queues.MpscArrayQueue;

/**
 * The io_done_queue: {@code depth} request contexts made up front; completions enter a lock-free MPSC ring from
 * the controllers' threads and leave it, in completion order, one per {@link #ioDoneQueueWait}. Nothing is
 * allocated per request in steady state.
 * <p>
 * Mode {@link #D_DEFER} (an HBAKit extension) lets a submitting thread gather up to 32 requests for one HBA and
 * hand them over as one bundle; they are sent at the latest when that thread waits on this queue.
 */
public final class IODoneQueueImpl implements IODoneQueue {
	/** Mode flag: defer the submission until 32 are gathered or the submitting thread waits. */
	public static final int D_DEFER = 0x100;

	private final MpmcArrayQueue<IORequest> free;
	private final MpscArrayQueue<IORequest> done;
	private final int depth;
	private volatile boolean terminated;
	private volatile Thread waiter;
	private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
	private final ThreadLocal<Batch> batches = ThreadLocal.withInitial(Batch::new);
	private final RequestListener onDone = this::completed;

	/** A thread's gathered requests for one HBA. */
	private static final class Batch {
		final IORequest[] requests = new IORequest[32];
		int count;
		Admission adapter;
	}

	public IODoneQueueImpl(int depth) {
		if (depth < 1 || depth > 65536) {
			throw new IllegalArgumentException("io_done_queue depth " + depth + " not in 1..65536");
		}
		this.depth = depth;
		free = new MpmcArrayQueue<>(Math.max(2, depth));
		done = new MpscArrayQueue<>(Math.max(2, depth));
		for (int i = 0; i < depth; i++) {
			free.offer(new IORequest().listener(onDone));
		}
	}

	@Override
	public int deviceReadAsync(SCSILogicalUnit device, long requestId, int mode, long recnum, ByteBuffer buffer,
			int bytesWanted) {
		return submit(device, requestId, mode, recnum, buffer, bytesWanted, false);
	}

	@Override
	public int deviceWriteAsync(SCSILogicalUnit device, long requestId, int mode, long recnum, ByteBuffer data,
			int bytesWanted) {
		return submit(device, requestId, mode, recnum, data, bytesWanted, true);
	}

	private int submit(SCSILogicalUnit device, long requestId, int mode, long recnum, ByteBuffer buffer, int bytes,
			boolean write) {
		if (terminated) {
			return KernReturn.KERN_TERMINATED;
		}
		if (!(device instanceof LogicalUnit unit) || buffer == null || bytes <= 0 || recnum < 0) {
			return KernReturn.KERN_INVALID_ARGUMENT;
		}
		int bs = unit.blockSize();
		if (bs <= 0 || bytes % bs != 0 || bytes > buffer.remaining()
				|| recnum + bytes / bs > unit.blockCount()) {
			return KernReturn.KERN_INVALID_ARGUMENT;
		}
		IORequest r = free.poll();
		if (r == null) {
			return KernReturn.KERN_RESOURCE_SHORTAGE;
		}
		int n = write ? Cdb.write16(r.cdb, recnum, bytes / bs) : Cdb.read16(r.cdb, recnum, bytes / bs);
		r.cdbLength(n).requestId(requestId).timeoutMs(0)
				.data(buffer, buffer.position(), bytes, write ? SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET
						: SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR);
		r.nexus(unit.targetID(), unit.lunBytes());
		r.requeues = 0;
		pending.incrementAndGet();
		if ((mode & D_DEFER) == 0) {
			unit.submit(r);
			return KernReturn.KERN_SUCCESS;
		}
		Batch b = batches.get();
		if (b.count > 0 && b.adapter != unit.admission()) {
			flush(b);
		}
		b.adapter = unit.admission();
		b.requests[b.count++] = r;
		if (b.count == b.requests.length) {
			flush(b);
		}
		return KernReturn.KERN_SUCCESS;
	}

	private static void flush(Batch b) {
		if (b.count > 0) {
			b.adapter.submitBatch(b.requests, b.count);
			java.util.Arrays.fill(b.requests, 0, b.count, null);
			b.count = 0;
		}
	}

	/** Sends the calling thread's deferred requests now. */
	public void flush() {
		flush(batches.get());
	}

	private void completed(IORequest r) {
		done.offer(r); // never full: it holds at most depth requests
		Thread w = waiter;
		if (w != null) {
			LockSupport.unpark(w);
		}
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
		flush();
		IORequest r = done.poll();
		if (r == null) {
			long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
			int spins = 0;
			while ((r = done.poll()) == null) {
				if (terminated && pending.get() == 0) {
					return KernReturn.KERN_TERMINATED;
				}
				if (Thread.interrupted()) {
					throw new InterruptedException();
				}
				if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
					return KernReturn.KERN_RESOURCE_SHORTAGE;
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
				LockSupport.parkNanos(this, 1_000_000);
				waiter = null;
			}
		}
		result.set(r.requestId, r.returnCode, r.serviceResponse, r.status, r.bytesTransferred);
		if (r.senseLength > 0) {
			result.setSense(r.sense, r.senseLength);
		}
		r.data = null;
		pending.decrementAndGet();
		free.offer(r);
		return KernReturn.KERN_SUCCESS;
	}

	@Override
	public int pending() {
		return pending.get();
	}

	@Override
	public int ioDoneQueueTerminate() {
		if (terminated) {
			return KernReturn.KERN_INVALID_ARGUMENT;
		}
		flush();
		terminated = true;
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
