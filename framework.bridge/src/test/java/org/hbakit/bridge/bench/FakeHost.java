package org.hbakit.bridge.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.IODoneQueue;
import org.hbakit.controller.api.client.IODoneResult;
import org.hbakit.controller.api.client.IOHost;
import org.hbakit.controller.api.client.KernReturn;
import org.hbakit.controller.api.client.SCSILogicalUnit;

/**
 * An in-memory IOHost: each queue moves data on its own "device" thread and completes there, so completions
 * arrive on another thread as with the real framework. Misbehaviour can be injected (numbers count requests or
 * completions from 1 over the whole host): complete a request twice, never complete it, flip a byte of a read,
 * end a request with CHECK CONDITION. {@link #pause()} holds the device threads, as a swap holds tasks.
 */
public final class FakeHost implements IOHost {
	volatile long duplicateEvery;
	public volatile long loseRequest;
	public volatile long corruptReadEvery;
	volatile long failEvery;
	/** Every n-th request completes GOOD having moved only half its bytes (a residual). */
	volatile long shortEvery;

	final AtomicLong requests = new AtomicLong();
	private final java.util.Map<FakeLun, AtomicLong> perUnit = new java.util.concurrent.ConcurrentHashMap<>();

	/** Requests submitted to {@code lun} so far. */
	long requestsTo(FakeLun lun) {
		AtomicLong n = perUnit.get(lun);
		return n == null ? 0 : n.get();
	}
	final AtomicLong reads = new AtomicLong();
	final AtomicLong completions = new AtomicLong();
	public final AtomicInteger queuesCreated = new AtomicInteger();
	final List<FakeQueue> queues = new ArrayList<>();
	/** Device threads hold the read lock per request; {@link #pause()} takes the write lock. */
	private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

	@Override
	public synchronized IODoneQueue ioDoneQueueCreate(int depth) {
		if (depth < 1 || depth > 65536) {
			throw new IllegalArgumentException("depth " + depth);
		}
		queuesCreated.incrementAndGet();
		FakeQueue q = new FakeQueue(depth);
		queues.add(q);
		return q;
	}

	/** Holds every device thread until {@link #resume()}; called by a test swapper. */
	void pause() {
		gate.writeLock().lock();
	}

	void resume() {
		gate.writeLock().unlock();
	}

	synchronized boolean allTerminated() {
		return queues.stream().allMatch(q -> q.terminated);
	}

	private record Done(long requestId, int returnCode, int response, int status, long bytes) {
	}

	final class FakeQueue implements IODoneQueue {
		private final int depth;
		private final ExecutorService deviceThread = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "fake-device");
			t.setDaemon(true);
			return t;
		});
		private final BlockingQueue<Done> done = new LinkedBlockingQueue<>();
		private final AtomicInteger pending = new AtomicInteger();
		volatile boolean terminated;

		FakeQueue(int depth) {
			this.depth = depth;
		}

		@Override
		public int deviceReadAsync(SCSILogicalUnit device, long requestId, int mode, long recnum, ByteBuffer buffer,
				int bytesWanted) {
			return enqueue(device, requestId, recnum, buffer, bytesWanted, false);
		}

		@Override
		public int deviceWriteAsync(SCSILogicalUnit device, long requestId, int mode, long recnum, ByteBuffer data,
				int bytesWanted) {
			return enqueue(device, requestId, recnum, data, bytesWanted, true);
		}

		@Override
		public int deviceReadAsyncInband(SCSILogicalUnit device, long requestId, int mode, long recnum,
				int bytesWanted) {
			return KernReturn.KERN_INVALID_ARGUMENT; // the workload runner moves whole blocks only
		}

		@Override
		public int deviceWriteAsyncInband(SCSILogicalUnit device, long requestId, int mode, long recnum, byte[] data,
				int bytesWanted) {
			return KernReturn.KERN_INVALID_ARGUMENT;
		}

		private int enqueue(SCSILogicalUnit device, long requestId, long recnum, ByteBuffer buffer, int bytes,
				boolean write) {
			if (terminated) {
				return KernReturn.KERN_TERMINATED;
			}
			FakeLun lun = (FakeLun) device;
			if (bytes % lun.blockSize != 0 || recnum < 0 || (recnum + bytes / lun.blockSize) > lun.blockCount()
					|| buffer.remaining() < bytes) {
				return KernReturn.KERN_INVALID_ARGUMENT;
			}
			if (pending.incrementAndGet() > depth) {
				pending.decrementAndGet();
				return KernReturn.KERN_RESOURCE_SHORTAGE;
			}
			long n = requests.incrementAndGet();
			perUnit.computeIfAbsent(lun, k -> new AtomicLong()).incrementAndGet();
			int position = buffer.position();
			deviceThread.execute(() -> {
				gate.readLock().lock();
				try {
					perform(n, lun, requestId, recnum, buffer, position, bytes, write);
				} finally {
					gate.readLock().unlock();
				}
			});
			return KernReturn.KERN_SUCCESS;
		}

		private void perform(long n, FakeLun lun, long requestId, long recnum, ByteBuffer buffer, int position,
				int bytes, boolean write) {
			if (n == loseRequest) {
				return; // never completes
			}
			int offset = (int) (recnum * lun.blockSize);
			long fail = failEvery;
			if (fail > 0 && n % fail == 0) {
				post(new Done(requestId, IOReturn.kIOReturnError, SCSIServiceResponse.TASK_COMPLETE,
						SCSITaskStatus.CHECK_CONDITION, 0));
				return;
			}
			long shorten = shortEvery;
			if (shorten > 0 && n % shorten == 0) {
				bytes = bytes / 2;
			}
			if (write) {
				buffer.get(position, lun.data, offset, bytes);
			} else {
				buffer.put(position, lun.data, offset, bytes);
				long r = reads.incrementAndGet();
				long corrupt = corruptReadEvery;
				if (corrupt > 0 && r % corrupt == 0) {
					buffer.put(position + bytes / 2, (byte) (buffer.get(position + bytes / 2) ^ 0x40));
				}
			}
			Done d = new Done(requestId, IOReturn.kIOReturnSuccess, SCSIServiceResponse.TASK_COMPLETE,
					SCSITaskStatus.GOOD, bytes);
			post(d);
			long c = completions.incrementAndGet();
			long dup = duplicateEvery;
			if (dup > 0 && c % dup == 0) {
				pending.incrementAndGet();
				post(d);
			}
		}

		private void post(Done d) {
			done.add(d);
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
			Done d = done.poll(Math.min(timeoutNanos, TimeUnit.DAYS.toNanos(1)), TimeUnit.NANOSECONDS);
			if (d == null) {
				return terminated ? KernReturn.KERN_TERMINATED : KernReturn.KERN_OPERATION_TIMED_OUT;
			}
			pending.decrementAndGet();
			result.set(d.requestId(), d.returnCode(), d.response(), d.status(), d.bytes());
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
			terminated = true;
			deviceThread.shutdownNow();
			return KernReturn.KERN_SUCCESS;
		}
	}
}
