package org.hbakit.bridge.engine;

/**
 * Told when an {@link IORequest} completes. Called exactly once per submission, on the thread that completed it
 * (a controller's interrupt thread, a timeout, or a failing submitter); must not block.
 */
@FunctionalInterface
public interface RequestListener {
	/** {@code request} holds its outcome; it may be reused once this returns. */
	void requestCompleted(IORequest request);
}
