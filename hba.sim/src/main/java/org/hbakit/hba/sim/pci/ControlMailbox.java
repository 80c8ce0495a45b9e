package org.hbakit.hba.sim.pci;

import java.util.concurrent.locks.LockSupport;

/**
 * Hands a control operation ({@code CC} enable or reset, stop) from a register writer to the device thread and
 * waits until the device thread has run it, so queue state keeps a single writer. One operation at a time; while
 * the device thread does not run (not started, ended, or the caller is the device thread itself) the caller runs
 * the operation. The device thread serves an operation at the end of each pass, so the wait is one pass long.
 */
final class ControlMailbox {
	/** Runs an operation. */
	interface Operation {
		void run(int kind, long arg);
	}

	static final int NONE = 0;

	private final Object lock = new Object();
	private final Operation operation;
	private volatile int kind = NONE;
	private long arg;
	private volatile boolean done;
	private volatile Thread waiter;

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
