package org.hbakit.controller.core.driver;

import java.util.function.BooleanSupplier;

/**
 * Lets a framework-thread call (a power transition, an ABORT TASK) wait, bounded, for something the interrupt
 * handler brings about. The handler calls {@link #signal()} after every drain that completed something, which costs
 * one volatile read unless somebody waits; waiters re-check their condition on each signal and at their deadline.
 */
final class DrainSignal {
	private final Object monitor = new Object();
	private volatile int waiters;
	private volatile boolean closed;

	/**
	 * Waits until {@code condition} holds, until {@code deadlineNanos} ({@code System.nanoTime()} based), or until
	 * {@link #close()}.
	 *
	 * @return whether the condition held
	 */
	boolean await(BooleanSupplier condition, long deadlineNanos) {
		synchronized (monitor) {
			waiters++;
			try {
				while (!condition.getAsBoolean()) {
					long left = deadlineNanos - System.nanoTime();
					if (closed || left <= 0) {
						return false;
					}
					monitor.wait(Math.max(1, left / 1_000_000L), (int) (left % 1_000_000L));
				}
				return true;
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return false;
			} finally {
				waiters--;
			}
		}
	}

	/** After a drain (the interrupt handler, on the device thread). */
	void signal() {
		if (waiters > 0) {
			wake();
		}
	}

	/** The controller stops: every waiter returns at once. */
	void close() {
		closed = true;
		wake();
	}

	private void wake() {
		synchronized (monitor) {
			monitor.notifyAll();
		}
	}
}
