package org.hbakit.bridge.engine;

import java.nio.ByteBuffer;

import org.hbakit.controller.api.BundledParallelTaskCompletion;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.ParallelTaskCompletion;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.registry.ViolationKind;
import org.hbakit.controller.api.scsi.SenseData;
import org.hbakit.controller.api.scsi.SenseKey;

/**
 * Receives the controller's completions ({@code ParallelTaskCompletion}, {@code BundledParallelTaskCompletion})
 * and checks each: not after {@code Stop} began, a known task, a slot the controller owns (taken back atomically)
 * whose response names that slot's task, response version 1, the task in flight (one CAS of its stamp, so a
 * second completion is refused). Violations are counted by {@link ViolationKind} and logged, never delivered. A
 * good completion hands the outcome over and frees the task.
 * <p>
 * The rule, on both paths: a completion only hands results over. It runs on whatever thread the controller
 * completes on (its interrupt handler, or inside {@code UserProcess…} for an inline completion) and never calls the
 * controller, never dispatches and never runs client code: waiting requests and framework autosense are sent by
 * the controller's queue (signalled, not run, from here), and the client's listener only hands over (an
 * io_done_queue ring, a waiting thread, or the delivery executor of a future).
 */
final class CompletionChecker {
	private final ControllerBinding binding;
	private final TaskTable table;
	final ParallelTaskCompletion parallel = this::parallelTaskCompletion;
	final BundledParallelTaskCompletion bundled = this::bundledParallelTaskCompletion;

	CompletionChecker(ControllerBinding binding) {
		this.binding = binding;
		this.table = binding.table;
	}

	private void parallelTaskCompletion(SCSIUserParallelResponse response) {
		if (binding.stopped) {
			binding.violation(ViolationKind.AFTER_STOP, "completed after Stop", null, null);
			return;
		}
		if (response == null) {
			binding.violation(ViolationKind.UNKNOWN_TASK, "completed a null response", null, null);
			return;
		}
		Task t = table.index.find(response.controllerTaskIdentifier());
		if (t == null) {
			binding.violation(ViolationKind.UNKNOWN_TASK, "completed unknown task id "
					+ response.controllerTaskIdentifier(), null, null);
			return;
		}
		if (response.version() != SCSIUserParallelResponse.CURRENT_VERSION) {
			// the IIG's rule for the parallel path: the completion is dropped, the task stays in flight (and times out)
			binding.violation(ViolationKind.WRONG_VERSION, "completed with response version " + response.version()
					+ " (dropped)", t, null);
			return;
		}
		completeFromController(t, response);
	}

	/** One batch: the io_done_queue waiters it completes for are woken once, at its end (DeferredWakes). */
	private void bundledParallelTaskCompletion(int[] slots, int count) {
		DeferredWakes wakes = DeferredWakes.current();
		if (!wakes.open()) {
			checkBundled(slots, count); // nested in a batch of this thread: the outer call wakes
			return;
		}
		try {
			checkBundled(slots, count);
		} finally {
			wakes.close();
		}
	}

	private void checkBundled(int[] slots, int count) {
		if (binding.stopped) {
			binding.violation(ViolationKind.AFTER_STOP, "completed " + count + " slots after Stop", null, null);
			return;
		}
		if (slots == null || count < 0 || count > IOUserSCSIParallelInterfaceController.kMaxBundledParallelTasks
				|| count > slots.length) {
			binding.violation(ViolationKind.MALFORMED_SLOT_LIST, "returned a malformed slot list (count " + count + ")",
					null, null);
			return;
		}
		for (int i = 0; i < count; i++) {
			int slot = slots[i];
			if (!table.ownership.takeFromController(slot)) {
				binding.violation(ViolationKind.SLOT_NOT_OWNED, "completed slot " + slot + " it does not own", null, null);
				continue;
			}
			Task t = table.tasks[slot];
			SCSIUserParallelResponse response = table.responses.slot(slot);
			boolean wrongVersion = response.version() != SCSIUserParallelResponse.CURRENT_VERSION;
			if (wrongVersion || response.controllerTaskIdentifier() != t.controllerTaskId) {
				// the slot is the framework's again (ownership came back with the call): the request fails once
				if (wrongVersion) {
					binding.violation(ViolationKind.WRONG_VERSION, "completed slot " + slot + " with response version "
							+ response.version(), t, null);
				} else {
					binding.violation(ViolationKind.WRONG_TASK_ID, "completed slot " + slot + " with the response of task "
							+ response.controllerTaskIdentifier(), t, null);
				}
				long s = t.stamp();
				if (Task.state(s) == Task.QUARANTINED) {
					completeFromController(t, response); // a late completion is dropped anyway
				} else if (Task.state(s) == Task.ACTIVE && t.transition(s, Task.COMPLETING)) {
					deliver(t, SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE, SCSITaskStatus.DELIVERY_FAILURE, 0,
							null);
				}
				continue;
			}
			completeFromController(t, response);
		}
	}

	private void completeFromController(Task t, SCSIUserParallelResponse response) {
		if (binding.stopped) {
			binding.violation(ViolationKind.AFTER_STOP, "completed after Stop", t, null);
			return;
		}
		long s = t.stamp();
		int state = Task.state(s);
		if (state == Task.QUARANTINED && t.transition(s, Task.COMPLETING)) {
			// the late completion of a task that already timed out: dropped; the task is usable again
			binding.lateCompletions.incrementAndGet();
			binding.quarantined.decrementAndGet();
			t.dma.completeDMA();
			t.set(Task.FREE);
			table.free.offer(t);
			signalIfWaiting();
			return;
		}
		if (state != Task.ACTIVE || !t.transition(s, Task.COMPLETING)) {
			binding.violation(ViolationKind.NOT_IN_FLIGHT, "completed task " + t.controllerTaskId
					+ " that is not in flight (twice?)", t, null);
			return;
		}
		if (t.requestedFeatures != 0) {
			binding.features.record(t.request.targetID, t.requestedFeatures, response);
		}
		int sr = response.serviceResponse();
		int status = response.completionStatus();
		if (t.autosensing) {
			finishAutosense(t, response);
			return;
		}
		if (sr != SCSIServiceResponse.TASK_COMPLETE && t.escalated()) {
			status = SCSITaskStatus.TASK_TIMEOUT_OCCURRED; // aborted by the framework's timeout escalation
		}
		if (sr == SCSIServiceResponse.TASK_COMPLETE && status == SCSITaskStatus.CHECK_CONDITION
				&& response.senseLength() == 0 && !binding.reports.autoSense()) {
			t.savedStatus = status;
			t.savedBytes = response.bytesTransferred();
			binding.autosense.request(t);
			return;
		}
		deliver(t, sr, status, response.bytesTransferred(), response);
	}

	/** The framework's REQUEST SENSE for an HBA without autosense has completed: the original outcome goes out. */
	private void finishAutosense(Task t, SCSIUserParallelResponse response) {
		IORequest r = t.request;
		t.autosensing = false;
		r.outcome(SCSIServiceResponse.TASK_COMPLETE, t.savedStatus, t.savedBytes);
		if (response.serviceResponse() == SCSIServiceResponse.TASK_COMPLETE
				&& response.completionStatus() == SCSITaskStatus.GOOD) {
			ByteBuffer sense = t.senseBuffer;
			int n = (int) Math.min(Math.max(0, response.bytesTransferred()), r.sense.length);
			n = Math.min(n, sense.capacity());
			sense.get(0, r.sense, 0, n);
			r.senseLength = n;
			noticeUnitAttention(r.sense, n);
		}
		release(t, r);
	}

	/** A task the controller could not take (an error code, a throw): completes it with a delivery failure. */
	void finishFailed(Task t, long stamp, int status) {
		if (Task.state(stamp) == Task.ACTIVE && t.transition(stamp, Task.COMPLETING)) {
			deliver(t, SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE, status, 0, null);
		}
	}

	/** A synchronous service response from {@code UserProcessParallelTask} completes the task at once. */
	void finishSynchronously(Task t, long stamp, int serviceResponse) {
		if (Task.state(stamp) == Task.ACTIVE && t.transition(stamp, Task.COMPLETING)) {
			int status = serviceResponse == SCSIServiceResponse.TASK_COMPLETE ? SCSITaskStatus.GOOD
					: SCSITaskStatus.DELIVERY_FAILURE;
			deliver(t, serviceResponse, status, 0, null);
		}
	}

	/** Delivers the outcome to the client and frees the task (state COMPLETING on entry, owned by the caller). */
	void deliver(Task t, int serviceResponse, int status, long bytes, SCSIUserParallelResponse response) {
		IORequest r = t.request;
		r.outcome(serviceResponse, status, bytes);
		if (response != null) {
			int n = response.senseBuffer(r.sense);
			r.senseLength = n;
			if (status == SCSITaskStatus.CHECK_CONDITION && n > 0) {
				noticeUnitAttention(r.sense, n);
			}
		}
		release(t, r);
	}

	private void release(Task t, IORequest r) {
		t.dma.completeDMA();
		long generation = Task.generation(t.stamp());
		binding.statistics.completed(r, t, generation);
		t.request = null;
		t.set(Task.FREE);
		binding.completed.increment();
		binding.inFlight.decrement();
		table.free.offer(t);
		r.complete();
		signalIfWaiting();
	}

	private void signalIfWaiting() {
		if (binding.admission.hasWaiting()) {
			binding.queue.signalPump();
		}
	}

	/**
	 * REPORTED LUNS DATA HAS CHANGED (06/3F/0E) and CAPACITY DATA HAS CHANGED (06/2A/09) make the supervisor
	 * rescan the HBA, so logical unit services follow hot-plug and resizing. Only CHECK CONDITION gets here.
	 */
	private void noticeUnitAttention(byte[] sense, int length) {
		if (SenseData.senseKey(sense, length) != SenseKey.UNIT_ATTENTION) {
			return;
		}
		int asc = SenseData.asc(sense, length);
		int ascq = SenseData.ascq(sense, length);
		if (asc == 0x3F && ascq == 0x0E || asc == 0x2A && ascq == 0x09) {
			binding.events.rescanRequested();
		}
	}
}
