package org.hbakit.bridge.supervisor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.hbakit.bridge.engine.ControllerBinding;

/** Waits, bounded, for a binding's in-flight tasks to complete once its gate is closed (the supervisor's thread). */
final class Drain {
	private Drain() {
	}

	/** @return false if tasks were still in flight after {@code timeoutMs} */
	static boolean await(ControllerBinding b, long timeoutMs) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
		int spins = 0;
		while (b.inFlight() > 0) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			// completions arrive on the controller's threads within microseconds; back off gently
			if (++spins < 1000) {
				Thread.onSpinWait();
			} else {
				LockSupport.parkNanos(20_000);
			}
		}
		return true;
	}
}
