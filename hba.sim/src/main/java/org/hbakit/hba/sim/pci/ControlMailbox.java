package org.hbakit.hba.sim.pci;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands a control operation ({@code CC} enable or reset, stop) from a register writer to the device thread and
 * waits until the device thread has run it, so queue state keeps a single writer. One operation at a time; while
 * the device thread does not run (not started, ended, or the caller is the device thread itself) the caller runs
 * the operation. The device thread serves an operation at the end of each pass, so the wait is one pass long.
 * <p>
 * A parked device thread is not woken to run it: between passes it declares itself {@linkplain #idle idle}, and a
 * caller that claims it from that state runs the operation itself, as the device's single writer, while the thread
 * cannot {@linkplain #resume resume}; it then only unparks the thread, without waiting for it. A swap's stop and
 * start each write {@code CC} while the device has nothing to do, and waking a parked thread and waiting for it costs
 * a scheduler round trip each (up to a time slice when the cores are busy).
 */
final class ControlMailbox {
	/** Runs an operation. */
	interface Operation {
		void run(int kind, long arg);
	}

	static final int NONE = 0;
	/** The device thread's state: in a pass, parked or about to (claimable), or claimed by a caller. */
	private static final int RUNNING = 0, IDLE = 1, CLAIMED = 2;

	private final Object lock = new Object();
	private final Operation operation;
	private volatile int kind = NONE;
	private long arg;
	private volatile boolean done;
	private volatile Thread waiter;
	private final AtomicInteger deviceState = new AtomicInteger(RUNNING);

	ControlMailbox(Operation operation) {
		this.operation = operation;
	}

	/**
	 * Runs {@code kind} on {@code device} (unparking it) and returns when it has; runs it here when the device
	 * thread is null, is this thread, or ends meanwhile (then exactly once).
	 */
	void call(int kind, long arg, Thread device, boolean deviceRunning) {
		synchronized (lock) {
			if (!deviceRunning || device == null || Thread.currentThread() == device) {
				operation.run(kind, arg);
				return;
			}
			if (deviceState.compareAndSet(IDLE, CLAIMED)) {
				try {
					operation.run(kind, arg);
				} finally {
					deviceState.set(IDLE);
				}
				LockSupport.unpark(device); // to look at what the operation changed; nothing waits for it
				return;
			}
			this.arg = arg;
			done = false;
			waiter = Thread.currentThread();
			this.kind = kind;
			LockSupport.unpark(device);
			while (!done) {
				if (!device.isAlive()) {
					if (this.kind != NONE) {
						operation.run(kind, arg);
						this.kind = NONE;
					}
					break;
				}
				LockSupport.parkNanos(this, 1_000_000L);
			}
			waiter = null;
		}
	}

	/**
	 * Device thread, between passes, before it parks: a caller may now run its operation in the thread's place.
	 * {@link #resume} must follow before the next pass.
	 */
	void idle() {
		deviceState.set(IDLE);
	}

	/** Device thread, before its next pass: waits out an operation a caller is running in its place. */
	void resume() {
		while (!deviceState.compareAndSet(IDLE, RUNNING)) {
			Thread.onSpinWait(); // a claimed operation is a register write's worth of work
		}
	}

	/** Whether an operation waits for the device thread. */
	boolean pending() {
		return kind != NONE;
	}

	/** Runs the waiting operation, if any, and wakes its caller; device thread only. True if one ran. */
	boolean serve() {
		int k = kind;
		if (k == NONE) {
			return false;
		}
		operation.run(k, arg);
		kind = NONE;
		done = true;
		Thread w = waiter;
		if (w != null) {
			LockSupport.unpark(w);
		}
		return true;
	}
}
