package org.hbakit.hba.sim.pci;

import static org.hbakit.controller.api.simhba.CompletionEntry.*;

import org.hbakit.controller.api.simhba.CompletionEntry;
import org.hbakit.controller.api.simhba.HBARegisters;
import org.hbakit.controller.api.simhba.RequestFrame;

/**
 * One submission/completion queue pair on the device side, with what belongs to it: its exchanges, the requests it
 * holds (delayed, dropped, or long commands still executing in steps), its delayed-completion timers and its
 * interrupt vector's coalescing. Today an HBA has
 * one ({@code QSIZE}/{@code SQ_BASE}/{@code CQ_BASE}, vector 0); the class is the unit several would be made of.
 * <p>
 * Doorbells and {@code INTCOAL} are written by any thread; every other method runs on the device thread only
 * (single writer), so fetching, executing and posting take no lock.
 */
final class DeviceQueuePair {
	/** Most requests fetched in one pass, so control operations and completions interleave with a long SQ. */
	static final int MAX_FETCH_PER_PASS = 1024;
	/**
	 * Data of new requests one pass fetches at most (it stops after the request that reaches it), so posted writes,
	 * completions and the interrupt come round again soon however large the transfers.
	 */
	static final long FETCH_BYTES_PER_PASS = 4L << 20;
	/** Steps of long commands one pass runs at most (one per command, oldest first). */
	static final int STEPS_PER_PASS = 4;

	private final IovmTable iovm;
	private final ControllerStatus status;
	private final SubmissionQueueReader sq = new SubmissionQueueReader();
	private final CompletionQueueWriter cq;
	private final InterruptCoalescer coalescer;
	private final ExchangePool exchanges = new ExchangePool();
	private final CompletionTimers timers = new CompletionTimers(1);
	private final ContinuingRequests continuing = new ContinuingRequests();
	private final DeviceCounters counters;
	private IovmWindow sqWindow;
	private IovmWindow cqWindow;
	private boolean ready;

	DeviceQueuePair(IovmTable iovm, ControllerStatus status, int vector, DeviceCounters counters) {
		this.iovm = iovm;
		this.status = status;
		this.counters = counters;
		this.cq = new CompletionQueueWriter(iovm, status);
		this.coalescer = new InterruptCoalescer(vector, counters);
	}

	// ---- registers (any thread) --------------------------------------------------------------------------------

	void ringTail(int value) {
		sq.ringTail(value);
	}

	void ringHead(int value) {
		cq.ringHead(value);
	}

	int intcoal() {
		return coalescer.intcoal();
	}

	void setIntcoal(int value) {
		coalescer.setIntcoal(value);
	}

	// ---- configuration (device thread) -------------------------------------------------------------------------

	/**
	 * Enables the pair from {@code QSIZE} and the queue bases: both queues need 2..{@code maxEntries} entries and
	 * IOVM ranges prepared for their full size.
	 *
	 * @return false when the configuration is refused (nothing is enabled)
	 */
	boolean enable(int qsize, long sqBase, long cqBase, int maxEntries) {
		int sqn = HBARegisters.qsizeSqEntries(qsize);
		int cqn = HBARegisters.qsizeCqEntries(qsize);
		IovmWindow s = null, c = null;
		if (sqn >= 2 && cqn >= 2 && sqn <= maxEntries && cqn <= maxEntries) {
			s = iovm.resolve(sqBase, sqn * RequestFrame.SIZE, false);
			c = iovm.resolve(cqBase, cqn * CompletionEntry.SIZE, true);
		}
		if (s == null || c == null) {
			ready = false;
			return false;
		}
		sqWindow = s;
		cqWindow = c;
		sq.configure(s.memory, IovmTable.indexOf(s, sqBase), sqn);
		cq.configure(c.memory, IovmTable.indexOf(c, cqBase), cqn);
		exchanges.configure(cqn);
		timers.reset(cqn);
		continuing.reset(cqn);
		coalescer.reset();
		ready = true;
		return true;
	}

	/** Forgets both queues and drops every request without completion (controller reset). */
	void reset() {
		ready = false;
		HbaExchange x;
		while ((x = continuing.poll()) != null) {
			abandon(x);
		}
		exchanges.reset();
		timers.reset(exchanges.all().length);
		sq.reset();
		cq.reset();
		coalescer.reset();
		sqWindow = cqWindow = null;
	}

	boolean isReady() {
		return ready;
	}

	/** Stops fetching until the next enable (a fatal error). */
	void stopFetching() {
		ready = false;
	}

	// ---- a pass (device thread) --------------------------------------------------------------------------------

	/** Whether a doorbell waits to be served, or a long command has steps left. */
	boolean hasWork() {
		return cq.headWritten() || ready && (sq.hasNew() || continuing.size() > 0);
	}

	/** Takes a {@code CQ_HEAD} write, if any; true if there was one. */
	boolean acknowledgeHead() {
		if (!cq.headWritten()) {
			return false;
		}
		int head = cq.takeHead();
		if (head == -2) {
			status.fatal();
		} else if (head >= 0) {
			coalescer.acknowledged(cq.unconsumed());
		}
		return true;
	}

	/** The order a posted write written now gets ({@link SubmissionQueueReader#order()}); any thread. */
	long order() {
		return sq.order();
	}

	/** The SQ index to fetch up to before a posted write of {@code order} executes, or -1. */
	int fetchLimit(long order) {
		return ready ? sq.fetchLimit(order) : -1;
	}

	/** Whether the SQ has been fetched up to {@code limit} (-1: no limit). */
	boolean fetchedUpTo(int limit) {
		return limit < 0 || !ready || sq.reached(limit);
	}

	/**
	 * Fetches and executes new requests, up to SQ index {@code limit} (-1: the written tail), while the CQ has room
	 * for their completions (back-pressure): at most {@link #MAX_FETCH_PER_PASS} requests or
	 * {@link #FETCH_BYTES_PER_PASS} of data, and not past a request that continues in steps; true if it did anything.
	 */
	boolean consume(ScsiPort[] ports, int limit) {
		if (!sq.hasNew()) {
			return false;
		}
		if (!sq.tailValid() || !sqWindow.mapped || !cqWindow.mapped) {
			// a tail outside the SQ, or a queue the driver unmapped while enabled
			status.fatalStop();
			ready = false;
			return true;
		}
		int tail = limit >= 0 ? limit : sq.tail();
		int done = 0;
		long bytes = 0;
		while (!sq.reached(tail) && done < MAX_FETCH_PER_PASS && bytes < FETCH_BYTES_PER_PASS
				&& exchanges.available() && cq.room() > 0) {
			HbaExchange x = exchanges.take();
			sq.fetch(x);
			done++;
			bytes += Math.max(0, x.requestLength);
			if (execute(x, ports)) {
				break; // a long command: let task management and the others in before its next step
			}
		}
		counters.add(DeviceCounters.REQUESTS, done);
		return done > 0;
	}

	/** Executes a fetched request; true if it continues in steps. */
	private boolean execute(HbaExchange x, ScsiPort[] ports) {
		x.clearResponse();
		x.data = null;
		x.dataIndex = 0;
		x.dataLength = 0;
		x.attachment = null;
		int length = x.requestLength;
		if (exchanges.isHeld(x.tag) || x.cdbLength < 1 || x.cdbLength > RequestFrame.MAX_CDB_LENGTH
				|| x.direction == RequestFrame.DIR_INVALID || length < 0) {
			complete(x, SR_DELIVERY_FAILURE, PS_DELIVERY_FAILURE);
			return false;
		}
		int target = x.target;
		ScsiPort port = target >= 0 && target < ports.length ? ports[target] : null;
		if (port == null) {
			complete(x, SR_DELIVERY_FAILURE, PS_DEVICE_NOT_PRESENT);
			return false;
		}
		if (x.direction != RequestFrame.DIR_NONE && length > 0) {
			IovmWindow w = iovm.resolve(x.dataAddress, length, x.direction == RequestFrame.DIR_FROM_TARGET);
			if (w == null) {
				status.fatal();
				complete(x, SR_DELIVERY_FAILURE, PS_DELIVERY_FAILURE);
				return false;
			}
			x.data = w.memory;
			x.dataIndex = IovmTable.indexOf(w, x.dataAddress);
			x.dataLength = length;
		}
		x.port = port;
		try {
			port.execute(x);
		} catch (Throwable e) {
			// a target that fails (even with an Error) is a target failure, not a device crash
			failStep(x);
			return false;
		}
		return finish(x);
	}

	/**
	 * Runs one step of each long command, oldest first, while the CQ has room, at most {@link #STEPS_PER_PASS}; true
	 * if it ran any.
	 */
	boolean step() {
		int n = Math.min(continuing.size(), STEPS_PER_PASS);
		boolean any = false;
		for (int i = 0; i < n && cq.room() > 0; i++) {
			HbaExchange x = continuing.poll();
			exchanges.unhold(x);
			x.state = HbaExchange.IDLE;
			x.continuing = false;
			try {
				x.port.resume(x);
				finish(x);
			} catch (Throwable e) {
				abandon(x);
				failStep(x);
			}
			counters.add(DeviceCounters.STEPS, 1);
			any = true;
		}
		return any;
	}

	/** A target that threw in a step: a delivery failure, not a device crash. */
	private void failStep(HbaExchange x) {
		x.clearResponse();
		complete(x, SR_DELIVERY_FAILURE, PS_DELIVERY_FAILURE);
	}

	/** Routes an executed step: continues (held, executing), held (dropped), delayed, or completed now. */
	private boolean finish(HbaExchange x) {
		if (x.continuing) {
			x.state = HbaExchange.EXECUTING;
			exchanges.hold(x);
			continuing.add(x);
			return true;
		}
		if (x.dropped) {
			x.state = HbaExchange.DROPPED;
			exchanges.hold(x);
		} else if (x.completionDelayNanos > 0) {
			x.state = HbaExchange.DELAYED;
			x.due = System.nanoTime() + x.completionDelayNanos;
			exchanges.hold(x);
			timers.add(x);
		} else {
			complete(x, x.transportFailure ? SR_DELIVERY_FAILURE : SR_COMPLETED, x.status);
		}
		return false;
	}

	/** Tells the port a long command is given up; a port that throws is ignored. */
	private static void abandon(HbaExchange x) {
		try {
			x.port.abandon(x);
		} catch (Throwable e) {
			// the command is gone either way
		}
		x.attachment = null;
	}

	/** Whether the SQ holds requests not fetched yet. */
	boolean hasNewRequests() {
		return sq.hasNew();
	}

	/** Whether delayed completions wait. */
	boolean hasTimers() {
		return timers.size() > 0;
	}

	/** Posts the delayed completions that are due, while the CQ has room. */
	void expireTimers(long now) {
		HbaExchange x;
		while ((x = timers.peek()) != null && x.due - now <= 0 && cq.room() > 0) {
			timers.remove(x);
			exchanges.unhold(x);
			complete(x, x.transportFailure ? SR_DELIVERY_FAILURE : SR_COMPLETED, x.status);
		}
	}

	/** Writes autosense, posts the CQ entry and frees the exchange. The caller made sure the CQ has room. */
	private void complete(HbaExchange x, int sr, int sam) {
		cq.complete(x, sr, sam);
		coalescer.posted(); // counts it, and publishes the count once per pass
		exchanges.release(x);
	}

	/** Ends the pass: raises the vector when due; true if the pass posted anything. */
	boolean endOfPass(InterruptController interrupts) {
		return coalescer.endOfPass(interrupts);
	}

	/** The next time something is due (a delayed completion, an aggregation time), or {@code Long.MAX_VALUE}. */
	long nextDeadline() {
		long d = Long.MAX_VALUE;
		HbaExchange first = timers.peek();
		if (first != null && ready) {
			d = first.due;
		}
		long c = coalescer.deadline();
		if (c != Long.MAX_VALUE && (d == Long.MAX_VALUE || c - d < 0)) {
			d = c;
		}
		return d;
	}

	// ---- abort and task management (device thread) ------------------------------------------------------------

	/**
	 * {@code ABORT}: completes the held request with this TAG as aborted; no effect if none is held.
	 *
	 * @return false when the CQ has no room for the completion yet (the write stays posted)
	 */
	boolean abort(int tag) {
		HbaExchange x = exchanges.held(tag);
		if (x == null || !ready) {
			return true;
		}
		if (cq.room() <= 0) {
			return false;
		}
		abortOne(x);
		return true;
	}

	/**
	 * Completes as aborted every held request of {@code target} (and of {@code lun}, unless a target reset) that a
	 * task management function affects; all of them or, when the CQ has not room for all, none.
	 *
	 * @return false when the CQ has no room for all of them yet (the write stays posted)
	 */
	boolean abortAffected(int function, int target, long lun) {
		if (!ready || function == HBARegisters.TMF_CLEAR_ACA) {
			return true;
		}
		int affected = 0;
		for (HbaExchange x : exchanges.all()) {
			if (isAffected(x, function, target, lun)) {
				affected++;
			}
		}
		if (affected > cq.room()) {
			return false;
		}
		for (HbaExchange x : exchanges.all()) {
			if (isAffected(x, function, target, lun)) {
				abortOne(x);
			}
		}
		return true;
	}

	private static boolean isAffected(HbaExchange x, int function, int target, long lun) {
		return x.state != HbaExchange.IDLE && x.target == target
				&& (function == HBARegisters.TMF_TARGET_RESET || x.lun == lun);
	}

	private void abortOne(HbaExchange x) {
		if (x.state == HbaExchange.EXECUTING) {
			continuing.remove(x);
			abandon(x);
		}
		timers.remove(x);
		exchanges.unhold(x);
		x.clearResponse();
		counters.add(DeviceCounters.ABORTED, 1);
		complete(x, SR_ABORTED, STATUS_TASK_ABORTED);
	}
}
