package org.hbakit.controller.core.driver;

/**
 * {@code SetPowerState}: Off and Pause stop ringing {@code SQ_TAIL} (new tasks are still accepted and written to the
 * SQ, held) and wait, bounded by the configured quiesce time, until every request already handed to the device has
 * completed; On rings for the held ones. Transitions come on the framework's queue thread one at a time; the
 * interrupt handler calls {@link #afterDrain} after each drain, which costs one volatile read unless a transition
 * waits.
 */
final class PowerGate {
	private final SubmissionQueue sq;
	private final CompletionDispatcher dispatcher;
	private final Object monitor = new Object();
	private volatile boolean waiting;
	private volatile boolean closed;

	PowerGate(SubmissionQueue sq, CompletionDispatcher dispatcher) {
		this.sq = sq;
		this.dispatcher = dispatcher;
	}

	/** Holds the doorbell; when this returns no doorbell write is in progress. */
	void pause() {
		sq.pause();
	}

	/** Rings for what was held and resumes ringing. */
	void resume() {
		sq.resume();
	}

	/** Requests handed to the device and not yet completed. */
	long outstanding() {
		return sq.rungCount() - dispatcher.completedCount();
	}

	/**
	 * Waits until nothing is outstanding, at most {@code timeoutMillis}; returns early with false when the gate is
	 * {@linkplain #close() closed} or the thread is interrupted.
	 */
	boolean awaitQuiesced(long timeoutMillis) {
		long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
		synchronized (monitor) {
			waiting = true;
			try {
				while (outstanding() > 0) {
					long left = deadline - System.nanoTime();
					if (closed || left <= 0) {
						return false;
					}
					monitor.wait(Math.max(1, left / 1_000_000L));
				}
				return true;
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return false;
			} finally {
				waiting = false;
			}
		}
	}

	/** Interrupt handler, after a drain that completed something. */
	void afterDrain() {
		if (waiting) {
			wake();
		}
	}

	/** The controller stops: a waiting transition returns at once. */
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
