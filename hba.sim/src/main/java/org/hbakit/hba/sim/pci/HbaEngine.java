package org.hbakit.hba.sim.pci;

import static org.hbakit.controller.api.simhba.HBARegisters.*;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

import org.hbakit.controller.api.simhba.CompletionEntry;
import org.hbakit.controller.api.simhba.RequestFrame;

/**
 * The HBA's device side: one thread per HBA that consumes the submission queue, executes requests against the
 * {@link ScsiPort ports}, holds delayed and dropped requests, posts completions with phase tags and raises
 * interrupts with coalescing. Control operations (enable, reset, abort, task management) are handed to the device
 * thread and run there, so queue state has a single writer and the I/O path takes no lock.
 * <p>
 * Register writers on other threads only publish volatile values (doorbells, mask bits) and unpark the thread
 * when it sleeps. Idle, the thread spins briefly, then parks until a doorbell, a control operation or the next
 * timer deadline.
 */
final class HbaEngine implements Runnable {
	private static final VarHandle I32 = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
	private static final VarHandle I64 = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
	private static final int STATUS_CHECK_CONDITION = 0x02;
	/** STATUS of a request completed with SR=2 (SAM's TASK ABORTED). */
	static final int STATUS_TASK_ABORTED = 0x40;
	private static final int MAX_PER_PASS = 1024;
	private static final int SPINS = 2_000;
	private static final int OP_NONE = 0, OP_ENABLE = 1, OP_RESET = 2, OP_ABORT = 3, OP_TMF = 4, OP_STOP = 5;

	private final String name;
	private final int maxQueueEntries;
	private final int targetCount;
	private final int initiatorId;
	private final IovmTable iovm;
	private final InterruptController interrupts;
	private final BusMaster busMaster;
	private volatile ScsiPort[] ports;

	// registers (written by any thread)
	volatile int qsize;
	volatile long sqBase;
	volatile long cqBase;
	volatile int intcoal;
	volatile int csts;
	volatile int tmfStatus;
	private volatile boolean ccEnabled;
	private volatile int sqTail;
	private volatile int cqHeadDoorbell;
	private volatile boolean cqHeadWritten;
	private volatile boolean kick;

	// control mailbox
	private final Object controlLock = new Object();
	private volatile int opKind;
	private long opArg;
	private volatile boolean opDone;
	private volatile Thread opWaiter;

	// device thread state
	private volatile Thread thread;
	private volatile boolean parked;
	private volatile boolean running;
	private boolean ready;
	private int sqEntries, cqEntries;
	private IovmWindow sqWindow, cqWindow;
	private ByteBuffer sqMem, cqMem;
	private int sqIndex0, cqIndex0;
	private int sqHead, cqTail, cqHead;
	private int phase;
	private HbaExchange[] pool = new HbaExchange[0];
	private HbaExchange[] free = new HbaExchange[0];
	private int freeTop;
	private final HbaExchange[] byTag = new HbaExchange[1 << 16];
	private final CompletionTimers timers = new CompletionTimers(1);
	private boolean armed = true;
	private int pending;
	private long raises;
	private long firstPending;
	private int postedThisPass;

	/** Whether the PCI command register lets the device master the bus. */
	interface BusMaster {
		boolean enabled();
	}

	HbaEngine(String name, int maxQueueEntries, int targetCount, int initiatorId, IovmTable iovm,
			InterruptController interrupts, BusMaster busMaster) {
		this.name = name;
		this.maxQueueEntries = maxQueueEntries;
		this.targetCount = targetCount;
		this.initiatorId = initiatorId;
		this.iovm = iovm;
		this.interrupts = interrupts;
		this.busMaster = busMaster;
		this.ports = new ScsiPort[targetCount];
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

	synchronized void attach(int target, ScsiPort port) {
		if (target < 0 || target >= targetCount || target == initiatorId) {
			throw new IllegalArgumentException("target id " + target + " is not available on " + name);
		}
		ScsiPort[] p = ports.clone();
		p[target] = port;
		ports = p;
	}

	synchronized void detach(int target) {
		if (target >= 0 && target < targetCount) {
			ScsiPort[] p = ports.clone();
			p[target] = null;
			ports = p;
		}
	}

	ScsiPort port(int target) {
		ScsiPort[] p = ports;
		return target >= 0 && target < p.length ? p[target] : null;
	}

	// ---- register writes (any thread) ------------------------------------------------------------------------

	void writeCc(int value) {
		boolean en = (value & CC_EN) != 0;
		if (en && !ccEnabled) {
			control(OP_ENABLE, 0);
		} else if (!en && ccEnabled) {
			control(OP_RESET, 0);
		}
	}

	int readCc() {
		return ccEnabled ? CC_EN : 0;
	}

	boolean queueConfigWritable() {
		return !ccEnabled;
	}

	void ringSqTail(int value) {
		sqTail = value;
		if (parked) {
			LockSupport.unpark(thread);
		}
	}

	void ringCqHead(int value) {
		cqHeadDoorbell = value;
		cqHeadWritten = true;
		if (parked) {
			LockSupport.unpark(thread);
		}
	}

	void abort(int tag) {
		control(OP_ABORT, tag & 0xFFFF);
	}

	void taskManagement(long value) {
		control(OP_TMF, value);
	}

	/** Something the device should re-evaluate changed (mask, enable, handler, bus master). */
	void kick() {
		kick = true;
		Thread t = thread;
		if (parked && t != null) {
			LockSupport.unpark(t);
		}
	}

	private void control(int kind, long arg) {
		synchronized (controlLock) {
			Thread t = thread;
			if (!running || t == null || Thread.currentThread() == t) {
				runOp(kind, arg);
				return;
			}
			opArg = arg;
			opDone = false;
			opWaiter = Thread.currentThread();
			opKind = kind;
			LockSupport.unpark(t);
			while (!opDone) {
				if (!t.isAlive()) {
					// the thread ended meanwhile: run the operation here, once
					if (opKind != OP_NONE) {
						runOp(kind, arg);
						opKind = OP_NONE;
					}
					break;
				}
				LockSupport.parkNanos(this, 1_000_000L);
			}
			opWaiter = null;
		}
	}

	// ---- device thread ---------------------------------------------------------------------------------------

	@Override
	public void run() {
		int idle = 0;
		while (running) {
			boolean work = pass();
			if (work) {
				idle = 0;
				continue;
			}
			if (++idle < SPINS) {
				Thread.onSpinWait();
				continue;
			}
			parked = true;
			if (!hasWork()) {
				long deadline = nextDeadline();
				if (deadline == Long.MAX_VALUE) {
					LockSupport.park(this);
				} else {
					long wait = deadline - System.nanoTime();
					if (wait > 0) {
						LockSupport.parkNanos(this, wait);
					}
				}
			}
			parked = false;
			idle = SPINS / 2;
		}
	}

	private boolean hasWork() {
		return opKind != OP_NONE || kick || cqHeadWritten || ready && sqTail != sqHead;
	}

	/** One pass: control operation, CQ head, SQ, timers, interrupt. True when it did anything. */
	private boolean pass() {
		boolean work = false;
		postedThisPass = 0;
		if (kick) {
			kick = false;
			work = true;
		}
		if (cqHeadWritten) {
			cqHeadWritten = false;
			acknowledge(cqHeadDoorbell);
			work = true;
		}
		boolean dma = ready && busMaster.enabled();
		if (dma) {
			work |= consume();
			if (timers.size() > 0) {
				expireTimers(System.nanoTime());
			}
		}
		int op = opKind;
		if (op != OP_NONE) {
			runOp(op, opArg);
			opKind = OP_NONE;
			opDone = true;
			Thread w = opWaiter;
			if (w != null) {
				LockSupport.unpark(w);
			}
			work = true;
		}
		if (postedThisPass > 0) {
			raises++;
			work = true;
		}
		if (pending > 0 && armed) {
			maybeInterrupt();
		}
		return work;
	}

	private long nextDeadline() {
		long d = Long.MAX_VALUE;
		HbaExchange first = timers.peek();
		if (first != null && ready) {
			d = first.due;
		}
		long time = aggregationNanos();
		if (pending > 0 && armed && time > 0) {
			long c = firstPending + time;
			if (d == Long.MAX_VALUE || c - d < 0) {
				d = c;
			}
		}
		return d;
	}

	private long aggregationNanos() {
		return ((intcoal >>> 8) & 0xFFFF) * 1000L;
	}

	private void maybeInterrupt() {
		if (!interrupts.deliverable(0)) {
			return;
		}
		long time = aggregationNanos();
		int threshold = Math.max(1, intcoal & 0xFF);
		long now = System.nanoTime();
		if (time == 0 || pending >= threshold || now - firstPending >= time) {
			armed = false;
			long count = Math.max(1, raises);
			raises = 0;
			interrupts.deliver(0, count, now);
		}
	}

	private void acknowledge(int head) {
		if (!ready) {
			return;
		}
		if (head < 0 || head >= cqEntries) {
			fatal();
			return;
		}
		cqHead = head;
		armed = true;
		pending = unconsumed();
		raises = pending > 0 ? 1 : 0;
		firstPending = System.nanoTime();
	}

	private int unconsumed() {
		int n = cqTail - cqHead;
		return n < 0 ? n + cqEntries : n;
	}

	private int cqFree() {
		return cqEntries - 1 - unconsumed();
	}

	private void fatal() {
		csts |= CSTS_CFS;
	}

	private boolean consume() {
		int tail = sqTail;
		if (tail == sqHead) {
			return false;
		}
		if (tail < 0 || tail >= sqEntries) {
			fatal();
			ready = false;
			csts &= ~CSTS_RDY;
			return true;
		}
		if (!sqWindow.mapped || !cqWindow.mapped) {
			// the driver unmapped a queue while enabled
			fatal();
			ready = false;
			csts &= ~CSTS_RDY;
			return true;
		}
		ScsiPort[] p = ports;
		int done = 0;
		int free = cqFree();
		while (sqHead != tail && done < MAX_PER_PASS && freeTop > 0 && free > 0) {
			HbaExchange x = free();
			int index = sqIndex0 + sqHead * RequestFrame.SIZE;
			int head = sqHead + 1;
			sqHead = head == sqEntries ? 0 : head;
			submit(x, sqMem, index, p);
			done++;
			free = cqFree();
		}
		return done > 0;
	}

	private HbaExchange free() {
		HbaExchange x = free[--freeTop];
		free[freeTop] = null;
		return x;
	}

	private void release(HbaExchange x) {
		x.state = HbaExchange.IDLE;
		x.data = null;
		free[freeTop++] = x;
	}

	private void submit(HbaExchange x, ByteBuffer m, int i, ScsiPort[] p) {
		int w0 = (int) I32.get(m, i);
		int tag = w0 & 0xFFFF;
		int flags = (w0 >>> 16) & 0xFF;
		int cdbLength = w0 >>> 24;
		int target = (int) I32.get(m, i + RequestFrame.TARGET_OFFSET);
		x.tag = tag;
		x.direction = flags & 3;
		x.attribute = (flags >>> 2) & 3;
		x.cdbLength = cdbLength;
		x.target = target;
		x.lun = Long.reverseBytes((long) I64.get(m, i + RequestFrame.LUN_OFFSET));
		m.get(i + RequestFrame.CDB_OFFSET, x.cdb, 0, 16);
		long data = (long) I64.get(m, i + RequestFrame.DATA_OFFSET);
		int length = (int) I32.get(m, i + RequestFrame.LENGTH_OFFSET);
		x.senseAddress = (long) I64.get(m, i + RequestFrame.SENSE_OFFSET);
		x.senseBufferLength = Math.max(0, Math.min(255, (int) I32.get(m, i + RequestFrame.SENSE_LEN_OFFSET)));
		x.clearResponse();
		x.data = null;
		x.dataIndex = 0;
		x.dataLength = 0;
		if (byTag[tag] != null || cdbLength < 1 || cdbLength > 16 || x.direction == 3 || length < 0) {
			complete(x, CompletionEntry.SR_DELIVERY_FAILURE, CompletionEntry.PS_DELIVERY_FAILURE);
			return;
		}
		ScsiPort port = target >= 0 && target < p.length ? p[target] : null;
		if (port == null) {
			complete(x, CompletionEntry.SR_DELIVERY_FAILURE, CompletionEntry.PS_DEVICE_NOT_PRESENT);
			return;
		}
		if (x.direction != RequestFrame.DIR_NONE && length > 0) {
			IovmWindow w = iovm.resolve(data, length, x.direction == RequestFrame.DIR_FROM_TARGET);
			if (w == null) {
				fatal();
				complete(x, CompletionEntry.SR_DELIVERY_FAILURE, CompletionEntry.PS_DELIVERY_FAILURE);
				return;
			}
			x.data = w.memory;
			x.dataIndex = IovmTable.indexOf(w, data);
			x.dataLength = length;
		}
		try {
			port.execute(x);
		} catch (RuntimeException e) {
			// a target that fails is a target failure, not a device crash
			x.clearResponse();
			complete(x, CompletionEntry.SR_DELIVERY_FAILURE, CompletionEntry.PS_DELIVERY_FAILURE);
			return;
		}
		if (x.dropped) {
			x.state = HbaExchange.DROPPED;
			byTag[tag] = x;
		} else if (x.completionDelayNanos > 0) {
			x.state = HbaExchange.DELAYED;
			x.due = System.nanoTime() + x.completionDelayNanos;
			byTag[tag] = x;
			timers.add(x);
		} else {
			complete(x, x.transportFailure ? CompletionEntry.SR_DELIVERY_FAILURE : CompletionEntry.SR_COMPLETED, x.status);
		}
	}

	private void expireTimers(long now) {
		HbaExchange x;
		while ((x = timers.peek()) != null && x.due - now <= 0 && cqFree() > 0) {
			timers.remove(x);
			byTag[x.tag] = null;
			complete(x, x.transportFailure ? CompletionEntry.SR_DELIVERY_FAILURE : CompletionEntry.SR_COMPLETED, x.status);
		}
	}

	/** Writes autosense, posts the CQ entry and frees the exchange. The caller made sure the CQ has room. */
	private void complete(HbaExchange x, int sr, int status) {
		int senseLength = 0;
		if (sr == CompletionEntry.SR_COMPLETED && status == STATUS_CHECK_CONDITION && x.senseLength > 0 && x.senseAddress != 0) {
			int n = Math.min(x.senseLength, x.senseBufferLength);
			if (n > 0) {
				IovmWindow w = iovm.resolve(x.senseAddress, n, true);
				if (w == null) {
					fatal();
					sr = CompletionEntry.SR_DELIVERY_FAILURE;
					status = CompletionEntry.PS_DELIVERY_FAILURE;
				} else {
					w.memory.put(IovmTable.indexOf(w, x.senseAddress), x.sense, 0, n);
					senseLength = n;
				}
			}
		}
		int xfer = sr == CompletionEntry.SR_COMPLETED ? x.transferred : 0;
		post(x.tag, status, sr, xfer, senseLength);
		release(x);
	}

	private void post(int tag, int status, int sr, int xfer, int senseLength) {
		ByteBuffer m = cqMem;
		int i = cqIndex0 + cqTail * CompletionEntry.SIZE;
		I32.set(m, i, (tag & 0xFFFF) | (status & 0xFF) << 16 | (sr & 0xFF) << 24);
		I32.set(m, i + CompletionEntry.XFER_OFFSET, xfer);
		I32.set(m, i + 12, 0);
		// the phase tag last, so a driver polling from another thread never sees a half-written entry
		VarHandle.releaseFence();
		I32.set(m, i + CompletionEntry.SENSE_LEN_OFFSET, (senseLength & 0xFF) | phase << 24);
		int t = cqTail + 1;
		if (t == cqEntries) {
			t = 0;
			phase ^= 1;
		}
		cqTail = t;
		if (pending++ == 0) {
			firstPending = System.nanoTime();
		}
		postedThisPass++;
	}

	// ---- control operations (device thread, or the caller while the thread does not run) ---------------------

	private void runOp(int kind, long arg) {
		switch (kind) {
			case OP_ENABLE -> enable();
			case OP_RESET -> reset();
			case OP_ABORT -> abortTag((int) arg);
			case OP_TMF -> tmf(arg);
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
		int q = qsize;
		int sqn = (q & 0xFFFF) + 1;
		int cqn = (q >>> 16) + 1;
		IovmWindow sq = null, cq = null;
		if (sqn >= 2 && cqn >= 2 && sqn <= maxQueueEntries && cqn <= maxQueueEntries) {
			sq = iovm.resolve(sqBase, sqn * RequestFrame.SIZE, false);
			cq = iovm.resolve(cqBase, cqn * CompletionEntry.SIZE, true);
		}
		if (sq == null || cq == null) {
			csts = CSTS_CFS;
			ready = false;
			return;
		}
		sqEntries = sqn;
		cqEntries = cqn;
		sqWindow = sq;
		cqWindow = cq;
		sqMem = sq.memory;
		cqMem = cq.memory;
		sqIndex0 = IovmTable.indexOf(sq, sqBase);
		cqIndex0 = IovmTable.indexOf(cq, cqBase);
		sqHead = 0;
		sqTail = 0;
		cqTail = 0;
		cqHead = 0;
		phase = 1;
		if (pool.length != cqn) {
			pool = new HbaExchange[cqn];
			free = new HbaExchange[cqn];
			for (int i = 0; i < cqn; i++) {
				pool[i] = new HbaExchange();
			}
		}
		for (int i = 0; i < cqn; i++) {
			pool[i].state = HbaExchange.IDLE;
			free[i] = pool[i];
		}
		freeTop = cqn;
		timers.reset(cqn);
		armed = true;
		pending = 0;
		raises = 0;
		cqHeadWritten = false;
		csts = CSTS_RDY;
		ready = true;
	}

	private void reset() {
		ccEnabled = false;
		ready = false;
		csts = 0;
		for (HbaExchange x : pool) {
			x.state = HbaExchange.IDLE;
			x.data = null;
		}
		timers.reset(pool.length);
		Arrays.fill(byTag, null);
		freeTop = 0;
		sqTail = 0;
		sqHead = 0;
		cqTail = 0;
		cqHead = 0;
		pending = 0;
		raises = 0;
		armed = true;
		cqHeadWritten = false;
		sqWindow = cqWindow = null;
		sqMem = cqMem = null;
		qsize = 0;
		sqBase = 0;
		cqBase = 0;
		interrupts.maskAll();
		for (ScsiPort port : ports) {
			if (port != null) {
				port.busReset();
			}
		}
	}

	private void abortTag(int tag) {
		HbaExchange x = byTag[tag];
		if (x == null || !ready || cqFree() <= 0) {
			return;
		}
		abortOne(x);
	}

	private void abortOne(HbaExchange x) {
		timers.remove(x);
		byTag[x.tag] = null;
		x.clearResponse();
		complete(x, CompletionEntry.SR_ABORTED, STATUS_TASK_ABORTED);
	}

	private void tmf(long value) {
		int function = (int) (value & 0xFF);
		int target = (int) ((value >>> 8) & 0xFFFF);
		int lunNumber = (int) ((value >>> 24) & 0xFF_FFFF);
		ScsiPort port = port(target);
		if (function < TMF_ABORT_TASK_SET || function > TMF_CLEAR_ACA || port == null || lunNumber > 0x3FFF) {
			tmfStatus = 1;
			return;
		}
		long lun = lunBytes(lunNumber);
		if (ready && function != TMF_CLEAR_ACA) {
			for (HbaExchange x : pool) {
				if (x.state != HbaExchange.IDLE && x.target == target
						&& (function == TMF_TARGET_RESET || x.lun == lun) && cqFree() > 0) {
					abortOne(x);
				}
			}
		}
		tmfStatus = port.taskManagement(function, lun) ? 0 : 1;
	}

	// ---- status for tools -------------------------------------------------------------------------------------

	/** Requests the device holds (delayed or dropped); approximate when read off the device thread. */
	int held() {
		int n = 0;
		for (HbaExchange x : pool) {
			if (x.state != HbaExchange.IDLE) {
				n++;
			}
		}
		return n;
	}
}
