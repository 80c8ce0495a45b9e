package org.hbakit.bridge.engine;

/**
 * Told when an {@link IORequest} completes. Called exactly once per submission, on the thread that completed it (a
 * controller's interrupt thread, the watchdog, a failing submitter, a supervisor): it must only hand the outcome
 * over — enqueue it, wake a waiter, or pass it to an executor — never block, never submit, never run client code.
 */
@FunctionalInterface
public interface RequestListener {
	/** {@code request} holds its outcome; it may be reused once this returns. */
	void requestCompleted(IORequest request);
}
