package org.hbakit.bridge.engine;

import java.util.concurrent.TimeUnit;

import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;

/**
 * Finds the tasks of one binding past their deadline; called by the bridge's watchdog thread, which is its only
 * caller (the escalation bookkeeping below is that thread's alone). Per task past {@code fTimeoutInMilliSec}:
 * ABORT TASK, then LOGICAL UNIT RESET, then TARGET RESET, each {@code abortGraceMs} apart, asked of the
 * supervisor (which alone talks to the controller); then the client gets SERVICE_DELIVERY_OR_TARGET_FAILURE with
 * TaskTimeoutOccurred and the task is quarantined until the controller's late completion.
 * <p>
 * Every decision is about one dispatch: the task's stamp (state and generation) is read first, the request's
 * nexus and tag after, and the stamp again; if the task moved on meanwhile, nothing happens. The escalation
 * carries the generation, and the final timeout is a CAS from that stamp, so a task completed and reused in
 * between is never escalated or timed out for its new request.
 */
final class TimeoutDetector {
	private final ControllerBinding binding;
	private final Task[] tasks;
	private final long[] escalatedGeneration;
	private final int[] level;
	private final long[] nextStepNanos;

	TimeoutDetector(ControllerBinding binding) {
		this.binding = binding;
		this.tasks = binding.table.tasks;
		escalatedGeneration = new long[tasks.length];
		java.util.Arrays.fill(escalatedGeneration, -1);
		level = new int[tasks.length];
		nextStepNanos = new long[tasks.length];
	}

	/** One watchdog pass at {@code now}. */
	void check(long now, BindingEvents escalation) {
		long grace = TimeUnit.MILLISECONDS.toNanos(binding.settings().abortGraceMs());
		for (Task t : tasks) {
			long s = t.stamp();
			if (Task.state(s) != Task.ACTIVE) {
				continue;
			}
			long generation = Task.generation(s);
			int slot = t.slot;
			boolean known = escalatedGeneration[slot] == generation;
			if (!known && now - t.deadlineNanos < 0 || known && now - nextStepNanos[slot] < 0) {
				continue;
			}
			IORequest r = t.request;
			long tag = t.tag;
			if (r == null || t.stamp() != s) {
				continue; // moved on while we read: what we read may mix two dispatches
			}
			long targetID = r.targetID;
			long lunBytes = r.lunBytes;
			if (t.stamp() != s) {
				continue;
			}
			if (!known) {
				escalatedGeneration[slot] = generation;
				level[slot] = 0;
				t.escalatedGeneration = generation;
				binding.timeouts.incrementAndGet();
			}
			int step = ++level[slot];
			nextStepNanos[slot] = now + grace;
			if (step <= 3) {
				escalation.escalate(step, slot, generation, targetID, lunBytes, tag);
			} else {
				timeOut(t, s);
			}
		}
	}

	/** The controller never answered: the client gets the timeout; the task waits for a late completion. */
	private void timeOut(Task t, long stamp) {
		if (!t.transition(stamp, Task.COMPLETING)) {
			return;
		}
		IORequest r = t.request;
		t.request = null;
		t.autosensing = false;
		binding.inFlight.decrement();
		t.set(Task.QUARANTINED);
		binding.quarantined.incrementAndGet();
		binding.log(System.Logger.Level.WARNING, "task " + t.controllerTaskId + " (slot " + t.slot + ") on "
				+ binding.admission.name() + " completed as timed out; its slot is held until the controller returns it");
		r.outcome(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE, SCSITaskStatus.TASK_TIMEOUT_OCCURRED, 0);
		binding.statistics.completed(r, t, Task.generation(stamp));
		r.complete();
	}

	/**
	 * Whether the controller still holds dispatch {@code generation} of {@code slot}: in flight, or timed out to the
	 * client and quarantined (task management still concerns it then).
	 */
	boolean stillInFlight(int slot, long generation) {
		long s = tasks[slot].stamp();
		int state = Task.state(s);
		return (state == Task.ACTIVE || state == Task.QUARANTINED) && Task.generation(s) == generation;
	}
}
