package org.hbakit.bridge.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jctools.queues.MpmcArrayQueue;

/**
 * The request slots of one io_done_queue: {@code depth} reusable {@link IORequest}s made up front, a lock-free free
 * list, and the submitters that wait for a slot when all are in use. Taking and returning a slot is lock-free; only a
 * submitter that found none and waits, and a return while one waits, use the lock.
 */
final class RequestSlots {
	private final IORequest[] all;
	private final MpmcArrayQueue<IORequest> free;
	private final ReentrantLock lock = new ReentrantLock();
	private final Condition returned = lock.newCondition();
	/** Submitters waiting for a slot (read on every return, so waiters are woken). */
	private final AtomicInteger waiting = new AtomicInteger();
	private volatile boolean closed;

	RequestSlots(int depth, RequestListener listener) {
		all = new IORequest[depth];
		free = new MpmcArrayQueue<>(Math.max(2, depth));
		for (int i = 0; i < depth; i++) {
			IORequest r = new IORequest().listener(listener);
			r.queueSlot = i;
			all[i] = r;
			free.offer(r);
		}
	}

	/** Every slot's request, by slot index. */
	IORequest[] all() {
		return all;
	}

	/** A free slot now, or null. */
	IORequest poll() {
		return free.poll();
	}

	/**
	 * Waits until a slot is free or the slots are {@linkplain #close closed}.
	 *
	 * @return the slot, or null once closed
	 * @throws InterruptedException if the thread is interrupted while waiting
	 */
	IORequest await() throws InterruptedException {
		waiting.incrementAndGet();
		lock.lock();
		try {
			IORequest r;
			while ((r = free.poll()) == null && !closed) {
				returned.await();
			}
			return r;
		} finally {
			lock.unlock();
			waiting.decrementAndGet();
		}
	}

	/** Gives a slot back; wakes a waiting submitter. */
	void release(IORequest r) {
		free.offer(r);
		if (waiting.get() > 0) {
			signal(false);
		}
	}

	/** No more slots are handed out: every waiting submitter wakes (and gets null). */
	void close() {
		closed = true;
		signal(true);
	}

	private void signal(boolean all) {
		lock.lock();
		try {
			if (all) {
				returned.signalAll();
			} else {
				returned.signal();
			}
		} finally {
			lock.unlock();
		}
	}
}
