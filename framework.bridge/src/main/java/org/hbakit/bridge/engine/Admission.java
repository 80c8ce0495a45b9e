package org.hbakit.bridge.engine;

import java.util.List;
import java.util.function.Consumer;

import org.hbakit.controller.api.SCSITaskAttribute;

/**
 * The gate of one HBA, for as long as the device exists (it outlives controller bindings, so a swap changes the
 * binding underneath while clients keep submitting). A request is dispatched at once on the submitting thread when
 * the gate is open, nothing waits and a task is free; otherwise it waits in a lane, and the bound controller's
 * queue dispatches waiting requests when tasks free up (the pump).
 * <p>
 * Lanes, in the order the pump serves them: the supervisor's scan commands (served from {@link Mode#SCAN} on),
 * requests taken back from a stopped controller and the next parts of split requests, head-of-queue requests, then
 * everything else in arrival order.
 * <p>
 * Threads: {@link #submit} and {@link #submitBatch} run on any thread without locks or allocation; the gate
 * ({@link #open}, {@link #close}, {@link #bind}) and the lanes' consumer side belong to the device's supervisor,
 * or to the bound controller's queue while the gate is open. Nothing dispatches past a closed gate: dispatchers
 * enter an {@link EntryFence} the supervisor waits on after closing.
 */
public final class Admission {
	/** What the gate lets through. */
	public enum Mode {
		/** Nothing: requests wait. */
		CLOSED,
		/** Only the supervisor's scan commands (a start's scan). */
		SCAN,
		/** Everything. */
		OPEN
	}

	private final String name;
	final EntryFence fence = new EntryFence();
	final WaitingLane scan = new WaitingLane();
	final WaitingLane requeued = new WaitingLane();
	final WaitingLane priority = new WaitingLane();
	final WaitingLane held = new WaitingLane();
	private final IOStatistics statistics = new IOStatistics();
	private volatile Mode mode = Mode.CLOSED;
	private volatile ControllerBinding binding;
	private volatile long closedSinceNanos = System.nanoTime();

	public Admission(String name) {
		this.name = name;
	}

	public String name() {
		return name;
	}

	public IOStatistics statistics() {
		return statistics;
	}

	public Mode mode() {
		return mode;
	}

	/** The binding requests go to, or null. */
	public ControllerBinding binding() {
		return binding;
	}

	// ---------------------------------------------------------------- clients (any thread)

	/** Admits one request: to the controller now if possible, else into its lane. Completes it exactly once. */
	public void submit(IORequest r) {
		if (r.taskAttribute != SCSITaskAttribute.HEAD_OF_QUEUE) {
			int cell = fence.enter();
			try {
				if (mode == Mode.OPEN && !hasWaiting()) {
					ControllerBinding b = binding;
					if (b != null && b.dispatcher.tryDispatch(r)) {
						return;
					}
				}
			} finally {
				fence.exit(cell);
			}
			held.add(r);
		} else {
			priority.add(r);
		}
		signal();
	}

	/** Admits {@code count} requests from {@code requests[0]}, bundled where the controller takes bundles. */
	public void submitBatch(IORequest[] requests, int count) {
		int sent = 0;
		int cell = fence.enter();
		try {
			if (mode == Mode.OPEN && !hasWaiting()) {
				ControllerBinding b = binding;
				if (b != null) {
					sent = b.dispatcher.dispatchBatch(requests, 0, count);
				}
			}
		} finally {
			fence.exit(cell);
		}
		if (sent < count) {
			for (int i = sent; i < count; i++) {
				held.add(requests[i]);
			}
			signal();
		}
	}

	/**
	 * The next part of a request split to the controller's limit ({@link TransferSplit}): it waits with the requests
	 * taken back from a stopped controller, ahead of new requests, and the pump sends it. Any thread (a completion's
	 * included: it never dispatches here).
	 */
	void submitPart(IORequest part) {
		(part.taskAttribute == SCSITaskAttribute.HEAD_OF_QUEUE ? priority : requeued).add(part);
		signal();
	}

	/** Whether any request waits in a lane (read after every completion: a few volatile reads). */
	public boolean hasWaiting() {
		return !held.isEmpty() || !priority.isEmpty() || !requeued.isEmpty() || !scan.isEmpty();
	}

	/** Requests waiting now. */
	public int waitingCount() {
		return held.size() + priority.size() + requeued.size() + scan.size();
	}

	private void signal() {
		ControllerBinding b = binding;
		if (b != null) {
			b.queue.signalPump();
		}
	}

	// ---------------------------------------------------------------- the supervisor

	/** A scan command of the supervisor: dispatched by the pump from {@link Mode#SCAN} on. */
	public void submitScan(IORequest r) {
		scan.add(r);
		signal();
	}

	/** Makes {@code b} the binding requests go to (the gate stays as it is); null unbinds. */
	public void bind(ControllerBinding b) {
		binding = b;
	}

	/** Sets the gate; opening signals the pump. */
	public void open(Mode to) {
		if (to == Mode.CLOSED) {
			throw new IllegalArgumentException("use close()");
		}
		mode = to;
		signal();
	}

	/**
	 * Closes the gate and waits until no dispatcher is inside, at most {@code timeoutMs}.
	 *
	 * @return false if a thread stayed inside the dispatch path (stuck in the controller's code)
	 */
	public boolean close(long timeoutMs) {
		if (mode != Mode.CLOSED) {
			closedSinceNanos = System.nanoTime();
		}
		mode = Mode.CLOSED;
		return fence.awaitQuiet(timeoutMs);
	}

	/** When the gate last closed. */
	public long closedSinceNanos() {
		return closedSinceNanos;
	}

	/**
	 * Requests taken back from a stopped controller go first, in the given order (gate closed); the framework's own
	 * commands among them (a scan the stop interrupted) fail instead, they belong to that binding.
	 */
	public void requeue(List<IORequest> orphans) {
		for (IORequest r : orphans) {
			if (r.framework) {
				r.fail(org.hbakit.controller.api.SCSITaskStatus.DELIVERY_FAILURE,
						org.hbakit.controller.api.IOReturn.kIOReturnAborted);
				r.complete();
				continue;
			}
			r.requeues++;
			requeued.add(r);
		}
	}

	/** Takes every waiting request, scan commands included, and hands each to {@code sink} (gate closed, no pump). */
	public int drainWaiting(Consumer<IORequest> sink) {
		int n = 0;
		for (WaitingLane lane : new WaitingLane[] { scan, requeued, priority, held }) {
			IORequest r;
			while ((r = lane.take()) != null) {
				sink.accept(r);
				n++;
			}
		}
		return n;
	}

	// ---------------------------------------------------------------- the pump (the bound controller's queue)

	/**
	 * Dispatches waiting requests to {@code b} while its tasks last. Runs on {@code b}'s queue thread only, inside
	 * the fence, so the supervisor's close waits for it.
	 */
	void pump(ControllerBinding b) {
		int cell = fence.enter();
		try {
			Mode m = mode;
			if (binding != b || m == Mode.CLOSED) {
				return;
			}
			if (!serve(b, scan)) {
				return;
			}
			if (m == Mode.OPEN && serve(b, requeued) && serve(b, priority)) {
				serve(b, held);
			}
		} finally {
			fence.exit(cell);
		}
	}

	/** @return true if the lane emptied (false: the tasks ran out first) */
	private static boolean serve(ControllerBinding b, WaitingLane lane) {
		return b.dispatcher.dispatchFrom(lane);
	}
}
