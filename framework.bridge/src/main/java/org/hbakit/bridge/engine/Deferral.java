package org.hbakit.bridge.engine;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;

import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;

/**
 * The {@code D_DEFER} requests of one io_done_queue: each submitting thread gathers its requests for one HBA in a
 * batch of its own and hands up to 32 over as one bundle. A request gathered is marked in a per-slot flag, and
 * whoever clears that flag (a CAS) owns it: the gathering thread when it sends its batch, or the terminating
 * thread, which fails the requests of every thread's batch without touching the batches themselves. So terminate
 * reaches other threads' requests with no lock on the submission path.
 */
final class Deferral {
	/** One thread's gathered requests for one HBA. Only its thread touches it. */
	private static final class Batch {
		final IORequest[] requests = new IORequest[IOUserSCSIParallelInterfaceController.kMaxBundledParallelTasks];
		int count;
		Admission admission;
	}

	private final AtomicIntegerArray gathered;
	private final ThreadLocal<Batch> batches = ThreadLocal.withInitial(Batch::new);

	Deferral(int depth) {
		gathered = new AtomicIntegerArray(depth);
	}

	/**
	 * Gathers {@code r} (its queue slot set) for {@code unit}'s HBA on the calling thread; sends the batch when it
	 * is full or when {@code r} is for another HBA than the batch so far.
	 */
	void defer(IORequest r, LogicalUnit unit) {
		Batch b = batches.get();
		Admission a = unit.admission();
		if (b.count > 0 && b.admission != a) {
			send(b);
		}
		b.admission = a;
		gathered.set(r.queueSlot, 1);
		b.requests[b.count++] = r;
		if (b.count == b.requests.length) {
			send(b);
		}
	}

	/** Sends the calling thread's gathered requests now. */
	void flush() {
		send(batches.get());
	}

	/**
	 * Takes {@code r} back if it is still gathered (not sent): true if the caller now owns it and must end it.
	 * Any thread.
	 */
	boolean takeBack(IORequest r) {
		return gathered.compareAndSet(r.queueSlot, 1, 0);
	}

	/** Hands every request still gathered, on any thread, to {@code sink} (the queue is terminated). */
	void takeBackAll(IORequest[] all, Consumer<IORequest> sink) {
		for (IORequest r : all) {
			if (takeBack(r)) {
				sink.accept(r);
			}
		}
	}

	private void send(Batch b) {
		int n = 0;
		IORequest[] requests = b.requests;
		for (int i = 0; i < b.count; i++) {
			IORequest r = requests[i];
			requests[i] = null;
			if (takeBack(r)) {
				requests[n++] = r; // still ours: terminate did not take it
			}
		}
		b.count = 0;
		if (n > 0) {
			b.admission.submitBatch(requests, n);
			java.util.Arrays.fill(requests, 0, n, null);
		}
	}
}
