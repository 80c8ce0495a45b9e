package org.hbakit.bridge.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The controller instances one supervisor message gave back to their services, waited for before the message
 * completes. A release runs on the instance's own queue, off the swap's pause; but whoever asked for the message —
 * the framework unregistering the controller's service, a remover or a deployer that uninstalls the bundle next —
 * must not go on while one still runs: it would race the framework's own release of the bundle's services (DS
 * then deactivates the instance twice, and what the second deactivation leaves can keep the bundle's class loader).
 * The wait is bounded as every wait on controller code is: one controller-call bound for all of a message's
 * releases together. Supervisor thread only.
 */
final class PendingReleases {
	private final List<CountDownLatch> pending = new ArrayList<>();

	/** A release was posted; {@code done} counts down once it ran. */
	void add(CountDownLatch done) {
		pending.add(done);
	}

	/**
	 * Waits for every release added since the last call, at most {@code boundMs} in all.
	 *
	 * @return whether all of them ran
	 */
	boolean awaitAll(long boundMs) throws InterruptedException {
		if (pending.isEmpty()) {
			return true;
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMs);
		boolean all = true;
		try {
			for (CountDownLatch done : pending) {
				all &= done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
		} finally {
			pending.clear();
		}
		return all;
	}
}
