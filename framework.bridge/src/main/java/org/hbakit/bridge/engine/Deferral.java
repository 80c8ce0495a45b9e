package org.hbakit.bridge.engine;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;

import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;

/**
 * The {@code D_DEFER} requests of one io_done_queue: each submitting thread gathers its requests for one HBA in a
 * batch of its own and hands up to 32 over as one bundle. Terminate must end the requests of every thread's batch
 * exactly once without a lock on the submission path, so ownership of a gathered request is decided by a per-slot
 * flag: set while the request is gathered, cleared by whoever takes it — its thread when it sends the batch, or the
 * terminating thread, which fails it.
 * <p>
 * The two meet as in Dekker's algorithm, each writing a volatile then reading the other's: a thread sending its
 * batch raises the batch's {@code sending} flag, then reads whether the queue is terminated; terminate marks the
 * queue terminated, then reads each gathered request's batch's flag. At least one sees the other. A thread that sees
 * no terminate sends its batch with plain releases of the slot flags (one fence per batch, not per request), and
 * terminate leaves a sending batch alone; a thread that does see it competes with terminate slot by slot (a CAS
 * each), so each request is sent or failed once.
 */
final class Deferral {
	/** One thread's gathered requests for one HBA. Only its thread writes it. */
	private static final class Batch {
		final IORequest[] requests = new IORequest[IOUserSCSIParallelInterfaceController.kMaxBundledParallelTasks];
		int count;
		Admission admission;
		/** Raised while its thread takes its requests to send them. */
		volatile boolean sending;
	}

	private final AtomicIntegerArray gathered;
	/** Per slot: the batch that gathered it (written before the slot's flag is set, read after it is seen). */
	private final Batch[] batchOf;
	private final ThreadLocal<Batch> batches = ThreadLocal.withInitial(Batch::new);
	/** Set by the queue's terminate before it takes the gathered requests back. */
	private volatile boolean terminated;

	Deferral(int depth) {
		gathered = new AtomicIntegerArray(depth);
		batchOf = new Batch[depth];
	}

	/**
	 * Gathers {@code r} (its queue slot set) for {@code unit}'s HBA on the calling thread; sends the batch when it
	 * is full or when {@code r} is for another HBA than the batch so far.
	 *
	 * @return false if the queue was terminated meanwhile and {@code r} is the caller's to end (never sent)
	 */
	boolean defer(IORequest r, LogicalUnit unit) {
		Batch b = batches.get();
		Admission a = unit.admission();
		if (b.count > 0 && b.admission != a) {
			send(b);
		}
		b.admission = a;
		batchOf[r.queueSlot] = b;
		gathered.set(r.queueSlot, 1); // a full fence: terminate either sees it or we see terminate
		b.requests[b.count++] = r;
		if (terminated && gathered.compareAndSet(r.queueSlot, 1, 0)) {
			b.count--;
			b.requests[b.count] = null;
			return false;
		}
		if (b.count == b.requests.length) {
			send(b);
		}
		return true;
	}

	/** Sends the calling thread's gathered requests now. */
	void flush() {
		send(batches.get());
	}

	/** Hands every request still gathered, on any thread, to {@code sink} to be failed (the queue is terminated). */
	void terminate(IORequest[] all, Consumer<IORequest> sink) {
		terminated = true;
		for (IORequest r : all) {
			int slot = r.queueSlot;
			if (gathered.get(slot) != 1) {
				continue;
			}
			Batch b = batchOf[slot];
			if (b != null && b.sending) {
				continue; // its thread saw no terminate: it sends them
			}
			if (gathered.compareAndSet(slot, 1, 0)) {
				sink.accept(r);
			}
		}
	}

	private void send(Batch b) {
		if (b.count == 0) {
			return;
		}
		IORequest[] requests = b.requests;
		int n = b.count;
		b.sending = true;
		if (!terminated) {
			for (int i = 0; i < n; i++) {
				gathered.lazySet(requests[i].queueSlot, 0);
			}
		} else {
			int kept = 0;
			for (int i = 0; i < n; i++) {
				IORequest r = requests[i];
				requests[i] = null;
				if (gathered.compareAndSet(r.queueSlot, 1, 0)) {
					requests[kept++] = r; // still ours: terminate did not take it
				}
			}
			n = kept;
		}
		b.count = 0;
		if (n > 0) {
			b.admission.submitBatch(requests, n);
			java.util.Arrays.fill(requests, 0, n, null);
		}
		b.sending = false;
	}
}
