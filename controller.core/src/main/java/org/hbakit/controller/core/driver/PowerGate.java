package org.hbakit.controller.core.driver;

/**
 * {@code SetPowerState}: Off and Pause stop ringing {@code SQ_TAIL} (new tasks are still accepted and written to the
 * SQ, held) and wait, bounded by the configured quiesce time, until every request already handed to the device has
 * completed; On rings for the held ones. Transitions come on the controller's queue one at a time; the wait
 * is woken by the interrupt handler through the {@link DrainSignal}.
 */
final class PowerGate {
	private final SubmissionQueue sq;
	private final CompletionDispatcher dispatcher;
	private final DrainSignal drained;

	PowerGate(SubmissionQueue sq, CompletionDispatcher dispatcher, DrainSignal drained) {
		this.sq = sq;
		this.dispatcher = dispatcher;
		this.drained = drained;
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

	/** Waits until nothing is outstanding, at most {@code timeoutMillis}; false on timeout or stop. */
	boolean awaitQuiesced(long timeoutMillis) {
		return drained.await(() -> outstanding() <= 0, System.nanoTime() + timeoutMillis * 1_000_000L);
	}
}
