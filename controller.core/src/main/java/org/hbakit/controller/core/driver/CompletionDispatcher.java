package org.hbakit.controller.core.driver;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.hbakit.controller.api.BundledParallelTaskCompletion;
import org.hbakit.controller.api.BundledParallelTaskResponseBuffer;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.ParallelTaskCompletion;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.pci.IOInterruptHandler;
import org.hbakit.controller.api.simhba.CompletionEntry;

/**
 * The completion vector's handler: drains the completion queue to the phase boundary and completes the tasks.
 * <p>
 * Each round has two passes. Pass 1 reads every new entry, fills the task's response (parallel: the TAG's
 * preallocated response; bundled: the slot's response) and clears its in-flight flag; then {@code CQ_HEAD} is
 * rung once, so the CQ space is free before any task goes back to the framework (which may resubmit it at once).
 * Pass 2 hands the tasks back: one {@code ParallelTaskCompletion} per task, or {@code BundledParallelTaskCompletion}
 * with up to 32 slots per call from one reused index array. Rounds repeat until the CQ is empty.
 * <p>
 * Called on the device's interrupt thread. It takes no lock and allocates nothing: if it is entered while another
 * thread drains, it returns at once and the draining thread re-checks the CQ after it finishes (combining).
 */
final class CompletionDispatcher implements IOInterruptHandler {
	private static final int BATCH = IOUserSCSIParallelInterfaceController.kMaxBundledParallelTasks;

	private final CompletionQueue cq;
	private final TaskTable table;
	private final SubmissionQueue.Doorbell cqHeadDoorbell;
	private final boolean autoSense;
	private final AtomicBoolean draining = new AtomicBoolean();
	private final int[] drained;
	private final int[] batch = new int[BATCH];
	private final byte[] sense = new byte[TaskTable.SENSE_SLOT];
	private final ByteBuffer senseMemory;
	private final DrainSignal drainSignal;
	private volatile BundledParallelTaskResponseBuffer bundledResponses;
	private volatile boolean closed;

	// statistics; written by the drain owner (interrupts: the device thread) only
	private final SingleWriterCounter completed = new SingleWriterCounter();
	private final SingleWriterCounter interrupts = new SingleWriterCounter();
	private final SingleWriterCounter unexpected = new SingleWriterCounter();
	private final SingleWriterCounter callbackFailures = new SingleWriterCounter();

	/**
	 * @param drainSignal signalled after every drain that completed something; cheap unless somebody waits
	 */
	CompletionDispatcher(CompletionQueue cq, int cqEntries, TaskTable table, SubmissionQueue.Doorbell cqHeadDoorbell,
			boolean autoSense, DrainSignal drainSignal) {
		this.cq = cq;
		this.table = table;
		this.cqHeadDoorbell = cqHeadDoorbell;
		this.autoSense = autoSense;
		this.drained = new int[cqEntries];
		this.senseMemory = table.senseMemory().duplicate();
		this.drainSignal = drainSignal;
	}

	/** Switches completion to the bundled path: responses go to these slots. Called before the controller starts. */
	void useBundledResponses(BundledParallelTaskResponseBuffer responses) {
		this.bundledResponses = responses;
	}

	/** From now on nothing is completed (stop). Entries still in the CQ are dropped with the controller reset. */
	void close() {
		closed = true;
	}

	@Override
	public void interruptOccurred(int vector, long count, long time) {
		interrupts.add(1);
		do {
			if (!draining.compareAndSet(false, true)) {
				return; // the owner re-checks after releasing
			}
			try {
				drain();
			} finally {
				draining.set(false);
			}
		} while (!closed && cq.hasNext());
	}

	private void drain() {
		BundledParallelTaskResponseBuffer slots = bundledResponses;
		for (;;) {
			if (closed) {
				return;
			}
			int n = 0;
			int consumed = 0;
			while (n < drained.length && cq.next()) {
				consumed++;
				long w0 = cq.word0();
				int tag = CompletionEntry.tag(w0);
				if (tag >= table.capacity() || !table.isInFlight(tag)) {
					unexpected.add(1); // a TAG not in flight: dropped, never completed twice
					continue;
				}
				table.clearInFlight(tag);
				SCSIUserParallelResponse response = slots != null ? slots.slot(tag) : table.response(tag);
				fill(response, tag, w0, cq.statusWord());
				drained[n++] = tag;
			}
			if (consumed == 0) {
				return;
			}
			cqHeadDoorbell.ring(cq.head());
			completed.add(n);
			if (slots != null) {
				deliverBundled(n);
			} else {
				deliverParallel(n);
			}
			drainSignal.signal();
		}
	}

	private void fill(SCSIUserParallelResponse response, int tag, long w0, int statusWord) {
		response.clear();
		response.setVersion(SCSIUserParallelResponse.CURRENT_VERSION);
		response.setTargetID(table.targetIDs[tag]);
		response.setControllerTaskIdentifier(table.controllerTaskIDs[tag]);
		int status = CompletionEntry.status(w0);
		switch (CompletionEntry.serviceResponse(w0)) {
			case CompletionEntry.SR_COMPLETED -> {
				response.setServiceResponse(SCSIServiceResponse.TASK_COMPLETE);
				response.setCompletionStatus(status);
			}
			case CompletionEntry.SR_DELIVERY_FAILURE -> {
				response.setServiceResponse(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
				response.setCompletionStatus(status);
			}
			case CompletionEntry.SR_ABORTED -> {
				// DriverKit has no "aborted" status; the kext reports an aborted (timed-out) task this way
				response.setServiceResponse(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
				response.setCompletionStatus(SCSITaskStatus.TASK_TIMEOUT_OCCURRED);
			}
			default -> {
				response.setServiceResponse(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
				response.setCompletionStatus(SCSITaskStatus.NO_STATUS);
			}
		}
		response.setBytesTransferred(CompletionEntry.transferred(w0));
		int senseLength = Math.min(CompletionEntry.senseLength(statusWord), TaskTable.SENSE_LENGTH);
		if (autoSense && senseLength > 0) {
			senseMemory.get(tag * TaskTable.SENSE_SLOT, sense, 0, senseLength);
			response.setSense(sense, senseLength);
		}
	}

	private void deliverParallel(int n) {
		for (int i = 0; i < n; i++) {
			int tag = drained[i];
			ParallelTaskCompletion completion = table.parallelCompletions[tag];
			table.parallelCompletions[tag] = null;
			try {
				completion.parallelTaskCompletion(table.response(tag));
			} catch (RuntimeException e) {
				callbackFailures.add(1); // the framework's problem; the other tasks still complete
			}
			table.markDelivered(tag);
		}
	}

	private void deliverBundled(int n) {
		int k = 0;
		BundledParallelTaskCompletion current = null;
		for (int i = 0; i < n; i++) {
			int slot = drained[i];
			BundledParallelTaskCompletion completion = table.bundledCompletions[slot];
			table.bundledCompletions[slot] = null;
			if (k == BATCH || (k > 0 && completion != current)) {
				complete(current, k);
				k = 0;
			}
			current = completion;
			batch[k++] = slot;
		}
		if (k > 0) {
			complete(current, k);
		}
	}

	private void complete(BundledParallelTaskCompletion completion, int count) {
		try {
			completion.bundledParallelTaskCompletion(batch, count);
		} catch (RuntimeException e) {
			callbackFailures.add(1);
		}
		for (int i = 0; i < count; i++) {
			table.markDelivered(batch[i]);
		}
	}

	/** Tasks completed, ever. Written by the drain owner; readable from any thread. */
	long completedCount() {
		return completed.get();
	}

	long interruptCount() {
		return interrupts.get();
	}

	/** CQ entries whose TAG was not in flight (dropped). */
	long unexpectedCount() {
		return unexpected.get();
	}

	long callbackFailureCount() {
		return callbackFailures.get();
	}
}
