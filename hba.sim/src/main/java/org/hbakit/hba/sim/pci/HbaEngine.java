package org.hbakit.hba.sim.pci;

import java.util.concurrent.locks.LockSupport;

import org.hbakit.controller.api.simhba.HBARegisters;

/**
 * The HBA's device side: one thread per HBA that runs passes over its {@link DeviceQueuePair queue pair} (fetch and
 * execute requests against the {@link TargetPorts ports}, post completions, raise the interrupt), executes the
 * {@link PostedWrites posted} {@code ABORT} and {@code TMF} writes, and serves control operations from the
 * {@link ControlMailbox}. Everything that changes queue state runs on this thread (single writer), so the I/O path
 * takes no lock.
 * <p>
 * Register writers on other threads only publish volatile values (doorbells, mask bits) and unpark the thread when
 * it sleeps. Idle, the thread spins briefly, then parks until a doorbell, a control operation or the next timer
 * deadline.
 */
final class HbaEngine implements Runnable {
	/**
	 * How long the idle device thread spins before it parks (half as long after a wake-up). A time, not a number of
	 * passes, so the spin does not shrink when a pass gets cheaper: a driver that rings again within it never pays
	 * the unpark.
	 */
	static final long SPIN_NANOS = 40_000L;
	/** Idle passes between two looks at the clock while spinning. */
	private static final int PASSES_PER_CLOCK_READ = 64;
	private static final int OP_ENABLE = 1, OP_RESET = 2, OP_STOP = 3;

	private final String name;
	private final int maxQueueEntries;
	private final InterruptController interrupts;
	private final BusMaster busMaster;
	private final TargetPorts ports;
	private final ControllerStatus status = new ControllerStatus();
	private final DeviceCounters counters = new DeviceCounters();
	private final DeviceQueuePair queues;
	private final ControlMailbox mailbox = new ControlMailbox(this::runOp);
	private final System.Logger log;
	private final PostedWrites posted = new PostedWrites();
	private final PostedWrites.Executor postedExecutor = this::executePosted;

	// registers (written by any thread)
	volatile int qsize;
	volatile long sqBase;
	volatile long cqBase;
	private volatile int tmfResult;
	private volatile boolean ccEnabled;
	private volatile boolean kick;

	// the device thread
	private volatile Thread thread;
	private volatile boolean parked;
	private volatile boolean running;
	private boolean fetching; // this pass may fetch from the SQ (device thread)
	private boolean fetched; // a posted write made this pass fetch (device thread)

	/** Whether the PCI command register lets the device master the bus. */
	interface BusMaster {
		boolean enabled();
	}

	HbaEngine(String name, int maxQueueEntries, int targetCount, int initiatorId, IovmTable iovm,
			InterruptController interrupts, BusMaster busMaster, System.Logger log) {
		this.name = name;
		this.log = log;
		this.maxQueueEntries = maxQueueEntries;
		this.interrupts = interrupts;
		this.busMaster = busMaster;
		this.ports = new TargetPorts(name, targetCount, initiatorId);
		this.queues = new DeviceQueuePair(iovm, status, HBARegisters.COMPLETION_VECTOR, counters);
	}

	// ---- lifecycle -------------------------------------------------------------------------------------------

	synchronized void start() {
		if (running) {
			return;
		}
		running = true;
		Thread t = new Thread(this, name + "-device");
		t.setDaemon(true);
		thread = t;
		t.start();
	}

	/** Resets the device (dropping what it holds) and ends its thread. */
	synchronized void stop() {
		if (!running) {
			return;
		}
		control(OP_STOP, 0);
		Thread t = thread;
		boolean interrupted = false;
		while (t.isAlive()) {
			try {
				t.join();
			} catch (InterruptedException e) {
				interrupted = true;
			}
		}
		thread = null;
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	Thread thread() {
		return thread;
	}

	// ---- ports -----------------------------------------------------------------------------------------------

	void attach(int target, ScsiPort port) {
		ports.attach(target, port);
	}

	void detach(int target) {
		ports.detach(target);
	}

	ScsiPort port(int target) {
		return ports.get(target);
	}

	// ---- registers (any thread) ------------------------------------------------------------------------------

	int csts() {
		return status.read();
	}

	HbaStatistics statistics() {
		return counters.snapshot();
	}

	int intcoal() {
		return queues.intcoal();
	}

	void writeIntcoal(int value) {
		queues.setIntcoal(value);
		kick();
	}

	void writeCc(int value) {
		boolean en = (value & HBARegisters.CC_EN) != 0;
		if (en && !ccEnabled) {
			control(OP_ENABLE, 0);
		} else if (!en && ccEnabled) {
			control(OP_RESET, 0);
		}
	}

	int readCc() {
		return ccEnabled ? HBARegisters.CC_EN : 0;
	}

	boolean queueConfigWritable() {
		return !ccEnabled;
	}

	void ringSqTail(int value) {
		queues.ringTail(value);
		wake();
	}

	void ringCqHead(int value) {
		queues.ringHead(value);
		wake();
	}

	/** {@code ABORT}: posted; the device aborts the request within a pass. */
	void abort(int tag) {
		post(HBARegisters.ABORT, tag & 0xFFFF);
	}

	/** {@code TMF}: posted; the device executes the function within a pass. */
	void taskManagement(long value) {
		post(HBARegisters.TMF, value);
	}

	/** {@code TMF_STATUS}: BUSY while a posted {@code ABORT} or {@code TMF} waits, and the last function's result. */
	int tmfStatus() {
		// BUSY first: a reader that sees it clear also sees the result the device wrote before clearing it
		int busy = posted.busy() ? HBARegisters.TMF_STATUS_BUSY : 0;
		return busy | tmfResult;
	}

	private void post(int register, long value) {
		posted.post(register, value, queues.order());
		if (running) {
			wake();
		} else {
			posted.serve(postedExecutor); // no device thread: the writer executes it (the thread serves as it ends)
		}
	}

	/** Something the device should re-evaluate changed (mask, enable, handler, bus master). */
	void kick() {
		kick = true;
		wake();
	}

	private void wake() {
		Thread t = thread;
		if (parked && t != null) {
			LockSupport.unpark(t);
		}
	}

	private void control(int kind, long arg) {
		mailbox.call(kind, arg, thread, running);
	}

	// ---- device thread ---------------------------------------------------------------------------------------

	@Override
	public void run() {
		int idle = 0;
		long idleSince = 0;
		long spin = SPIN_NANOS;
		while (running) {
			if (safePass()) {
				idle = 0;
				spin = SPIN_NANOS;
				continue;
			}
			if (idle++ == 0) {
				idleSince = System.nanoTime();
			}
			if (idle % PASSES_PER_CLOCK_READ != 0 || System.nanoTime() - idleSince < spin) {
				Thread.onSpinWait();
				continue;
			}
			parked = true;
			boolean work = hasWork();
			long deadline = work ? 0 : queues.nextDeadline();
			// from here to resume the thread touches no device state: a control operation meanwhile runs on its
			// caller, which unparks the thread after it (as every writer does while it is parked)
			mailbox.idle();
			if (!work) {
				if (deadline == Long.MAX_VALUE) {
					LockSupport.park(this);
				} else {
					long wait = deadline - System.nanoTime();
					if (wait > 0) {
						LockSupport.parkNanos(this, wait);
					}
				}
			}
			mailbox.resume();
			parked = false;
			idle = 0;
			spin = SPIN_NANOS / 2;
		}
		fetching = false;
		posted.serve(postedExecutor); // writes posted while the thread was stopping
	}

	/**
	 * A pass that survives a bug: the device reports controller fatal status (the driver resets it) and the thread
	 * goes on serving register writes and control operations, so a stop still completes.
	 */
	private boolean safePass() {
		try {
			return pass();
		} catch (Throwable e) {
			if ((status.read() & HBARegisters.CSTS_CFS) == 0) {
				log.log(System.Logger.Level.ERROR, name + ": device pass failed; controller fatal status set", e);
			}
			status.fatalStop();
			queues.stopFetching();
			try {
				mailbox.serve();
			} catch (Throwable ignored) {
				// the reset itself failed: the thread still serves the next operation
			}
			return true;
		}
	}

	private boolean hasWork() {
		return mailbox.pending() || posted.busy() || kick || queues.hasWork();
	}

	/**
	 * One pass: CQ head, posted writes (each after the SQ entries rung before it), SQ, steps of long commands,
	 * timers, control operation, interrupt. True when it did anything. A pass is bounded: at most 1024 new requests
	 * or 4 MiB of their data, the first step of at most one long command, and four further steps.
	 */
	private boolean pass() {
		boolean work = false;
		if (kick) {
			kick = false;
			work = true;
		}
		work |= queues.acknowledgeHead();
		fetching = queues.isReady() && busMaster.enabled();
		fetched = false;
		work |= posted.serve(postedExecutor) | fetched;
		if (fetching) {
			if (queues.hasNewRequests()) {
				// not beyond the order of a posted write still waiting: it must not reach what was rung after it
				work |= queues.consume(ports.snapshot(), queues.fetchLimit(posted.headOrder()));
			}
			work |= queues.step();
			if (queues.hasTimers()) { // the clock is read only when needed: idle passes stay short while spinning
				queues.expireTimers(System.nanoTime());
			}
		}
		work |= mailbox.serve();
		work |= queues.endOfPass(interrupts);
		return work;
	}

	// ---- control operations (device thread, or the caller while the thread does not run) ---------------------

	private void runOp(int kind, long arg) {
		switch (kind) {
			case OP_ENABLE -> enable();
			case OP_RESET -> reset();
			case OP_STOP -> {
				reset();
				running = false;
			}
			default -> {
			}
		}
	}

	private void enable() {
		ccEnabled = true;
		if (queues.enable(qsize, sqBase, cqBase, maxQueueEntries)) {
			status.ready();
		} else {
			status.refused();
		}
	}

	private void reset() {
		ccEnabled = false;
		status.clear();
		queues.reset();
		qsize = 0;
		sqBase = 0;
		cqBase = 0;
		interrupts.maskAll();
		for (ScsiPort port : ports.snapshot()) {
			if (port != null) {
				port.busReset();
			}
		}
	}

	private boolean executePosted(int register, long value, long order) {
		int limit = fetching ? queues.fetchLimit(order) : -1;
		if (limit >= 0) {
			fetched |= queues.consume(ports.snapshot(), limit);
			if (!queues.fetchedUpTo(limit)) {
				return false; // the CQ or the fetch budget is exhausted: next pass
			}
		}
		return register == HBARegisters.ABORT ? queues.abort((int) value) : taskManagementFunction(value);
	}

	/** Executes a {@code TMF} value; false (retry next pass) when the CQ has no room for the aborted requests. */
	private boolean taskManagementFunction(long value) {
		int function = HBARegisters.tmfFunction(value);
		int target = HBARegisters.tmfTarget(value);
		int lunNumber = HBARegisters.tmfLun(value);
		ScsiPort port = ports.get(target);
		if (function < HBARegisters.TMF_ABORT_TASK_SET || function > HBARegisters.TMF_CLEAR_ACA || port == null
				|| lunNumber > HBARegisters.TMF_MAX_LUN) {
			tmfResult = HBARegisters.TMF_STATUS_REJECTED;
			return true;
		}
		long lun = HBARegisters.lunBytes(lunNumber);
		if (!queues.abortAffected(function, target, lun)) {
			return false;
		}
		tmfResult = port.taskManagement(function, lun) ? HBARegisters.TMF_STATUS_COMPLETE
				: HBARegisters.TMF_STATUS_REJECTED;
		return true;
	}
}
