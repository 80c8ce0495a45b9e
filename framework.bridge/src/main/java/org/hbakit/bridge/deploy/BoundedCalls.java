package org.hbakit.bridge.deploy;

import java.util.concurrent.Callable;

import org.hbakit.bridge.engine.ControllerCall;
import org.hbakit.bridge.engine.ControllerQueue;

/**
 * Bundle operations that run controller code (a bundle's activator, its components' activation and deactivation,
 * a controller's constructor) on a queue of their own, waited for with a bound, so the deploy thread never waits
 * unboundedly on a controller: what overruns its bound is abandoned on its own thread, and the deployer goes on.
 */
final class BoundedCalls {
	private final System.Logger log;

	BoundedCalls(System.Logger log) {
		this.log = log;
	}

	/** Runs {@code call} on a fresh queue, waiting at most {@code timeoutMs}. */
	<T> ControllerCall<T> call(String what, Callable<T> call, long timeoutMs) throws InterruptedException {
		ControllerQueue queue = new ControllerQueue("hbakit-deploy-call", log);
		try {
			return queue.call(what, call, timeoutMs);
		} finally {
			queue.close(); // a call still running keeps its thread until it returns; nothing waits for it
		}
	}
}
