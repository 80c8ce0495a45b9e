package org.hbakit.hba.sim.pci;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

import org.hbakit.controller.api.pci.IOInterruptHandler;

/**
 * The HBA's interrupt vectors: registered handlers, the driver-visible mask ({@code INTMS}/{@code INTMC}), the
 * dispatch-source enable ({@link org.hbakit.controller.api.pci.IOPCIDevice#enableInterrupt}), and delivery on the
 * device thread. Registration, masking and enabling may happen on any thread; {@link #deliver} runs on the device
 * thread only.
 */
final class InterruptController {
	private final int vectors;
	private final AtomicReferenceArray<IOInterruptHandler> handlers;
	private final AtomicInteger mask = new AtomicInteger();
	private final AtomicInteger enabled = new AtomicInteger();
	/** Odd while the device thread runs a handler; bumped before and after each call. */
	private volatile long callSequence;
	private volatile Thread unregisterWaiter;
	private final System.Logger log;
	private long handlerFailures; // device thread only

	InterruptController(int vectors, System.Logger log) {
		this.vectors = vectors;
		this.handlers = new AtomicReferenceArray<>(vectors);
		this.log = log;
		maskAll();
	}

	int vectors() {
		return vectors;
	}

	void checkVector(int vector) {
		if (vector < 0 || vector >= vectors) {
			throw new IllegalArgumentException("no interrupt vector " + vector + " (the device has " + vectors + ")");
		}
	}

	void register(int vector, IOInterruptHandler handler) {
		checkVector(vector);
		disable(vector);
		handlers.set(vector, handler);
	}

	/**
	 * Removes the handler and returns once the device thread no longer runs it (at once when called from the
	 * handler itself, on the device thread).
	 */
	void unregister(int vector, Thread deviceThread) {
		checkVector(vector);
		disable(vector);
		handlers.set(vector, null);
		if (Thread.currentThread() == deviceThread) {
			return;
		}
		long seq = callSequence;
		if ((seq & 1) == 0) {
			return;
		}
		unregisterWaiter = Thread.currentThread();
		while (callSequence == seq) {
			LockSupport.parkNanos(this, 1_000_000L);
		}
		unregisterWaiter = null;
	}

	void enable(int vector) {
		checkVector(vector);
		enabled.getAndUpdate(v -> v | 1 << vector);
	}

	void disable(int vector) {
		checkVector(vector);
		enabled.getAndUpdate(v -> v & ~(1 << vector));
	}

	void maskSet(int bits) {
		mask.getAndUpdate(v -> v | bits);
	}

	void maskClear(int bits) {
		mask.getAndUpdate(v -> v & ~bits);
	}

	void maskAll() {
		mask.set(vectors >= 32 ? -1 : (1 << vectors) - 1);
	}

	int mask() {
		return mask.get();
	}

	/** True when a raise of {@code vector} would reach a handler now. */
	boolean deliverable(int vector) {
		int bit = 1 << vector;
		return (mask.get() & bit) == 0 && (enabled.get() & bit) != 0 && handlers.get(vector) != null;
	}

	/**
	 * Calls the handler of {@code vector}; device thread only. A throwing handler is survived and logged: the first
	 * failure, then at each power of two, so a handler that always throws does not log per interrupt.
	 */
	void deliver(int vector, long count, long time) {
		IOInterruptHandler h = handlers.get(vector);
		if (h == null) {
			return;
		}
		callSequence++;
		try {
			h.interruptOccurred(vector, count, time);
		} catch (Throwable e) {
			long n = ++handlerFailures;
			if (Long.bitCount(n) == 1) {
				log.log(System.Logger.Level.ERROR, "interrupt handler of vector " + vector + " threw"
						+ (n > 1 ? " (" + n + " failures so far)" : ""), e);
			}
		} finally {
			callSequence++;
			Thread w = unregisterWaiter;
			if (w != null) {
				LockSupport.unpark(w);
			}
		}
	}
}
