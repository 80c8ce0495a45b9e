package org.hbakit.bridge.engine;

/**
 * Wake-ups of io_done_queue waiters deferred to the end of one bundled completion call. Without it the controller's
 * completing thread wakes a parked client at the first completion of a batch and, on a machine with no idle core,
 * is descheduled by the client it woke, in the middle of its batch; with it the whole batch goes into the rings
 * first and each waiting client is woken once (docs/benchmarks.md: `--jobs 2` on one HBA, 0.56–0.71 M to
 * 0.99–1.05 M tasks/s). One per completing thread; nothing is allocated after that thread's first batch.
 * Completions outside a bundled call (the parallel path, timeouts, aborts) wake at once, as before.
 */
final class DeferredWakes {
	private static final ThreadLocal<DeferredWakes> CURRENT = ThreadLocal.withInitial(DeferredWakes::new);
	/** Distinct queues one batch defers; a batch that completes for more wakes the rest at once. */
	static final int CAPACITY = 8;

	private final IODoneQueueImpl[] queues = new IODoneQueueImpl[CAPACITY];
	private int count;
	private boolean open;

	/** The calling thread's. */
	static DeferredWakes current() {
		return CURRENT.get();
	}

	/** Opens a batch; false if one is open already (a nested call: the outer one wakes). */
	boolean open() {
		if (open) {
			return false;
		}
		open = true;
		return true;
	}

	/** Defers {@code q}'s wake-up to {@link #close()}; false if no batch is open or it is full: wake now. */
	boolean defer(IODoneQueueImpl q) {
		if (!open) {
			return false;
		}
		for (int i = 0; i < count; i++) {
			if (queues[i] == q) {
				return true;
			}
		}
		if (count == CAPACITY) {
			return false;
		}
		queues[count++] = q;
		return true;
	}

	/** Closes the batch and wakes each deferred queue's waiter once. */
	void close() {
		open = false;
		for (int i = 0; i < count; i++) {
			IODoneQueueImpl q = queues[i];
			queues[i] = null;
			q.wakeWaiter();
		}
		count = 0;
	}
}
