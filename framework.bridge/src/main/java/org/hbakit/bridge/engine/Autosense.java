package org.hbakit.bridge.engine;

import org.jctools.queues.MpscArrayQueue;

/**
 * Framework autosense for an HBA that does not do it ({@code UserDoesHBAPerformAutoSense} false): a CHECK CONDITION
 * without sense data makes the framework issue REQUEST SENSE on the same task before the client sees the outcome.
 * The completion that noticed it only queues the task (it keeps it, state COMPLETING) and signals the controller's
 * queue, which re-arms and sends it: a completion never dispatches.
 */
final class Autosense {
	private final ControllerBinding binding;
	private final MpscArrayQueue<Task> pending;

	Autosense(ControllerBinding binding) {
		this.binding = binding;
		this.pending = new MpscArrayQueue<>(Math.max(2, binding.table.size()));
	}

	/** On the completing thread: {@code t} (COMPLETING, with the saved outcome) needs REQUEST SENSE. */
	void request(Task t) {
		t.autosensing = true;
		pending.offer(t); // never full: it holds at most every task once
		binding.queue.signalPump();
	}

	/** On the controller's queue: sends the REQUEST SENSE of every task that asked. */
	void sendPending() {
		Task t;
		while (!binding.stopped && (t = pending.poll()) != null) {
			binding.dispatcher.armAutosense(t);
			binding.dispatcher.resend(t);
		}
	}

	/** After Stop, on the controller's queue: tasks still waiting complete with their saved outcome, no sense. */
	void failPending() {
		Task t;
		while ((t = pending.poll()) != null) {
			IORequest r = t.request;
			t.autosensing = false;
			r.outcome(org.hbakit.controller.api.SCSIServiceResponse.TASK_COMPLETE, t.savedStatus, t.savedBytes);
			t.request = null;
			t.set(Task.FREE);
			binding.inFlight.decrement();
			r.complete();
		}
	}
}
