package org.hbakit.conformance.internal;

import java.util.function.BooleanSupplier;

/**
 * Bounded waits for registry state that has no event of its own (bindings, in-flight counts, threads, a collected
 * class loader): the condition is polled every {@value #POLL_MS} ms until it holds or the bound passes.
 */
final class Waits {
	static final long POLL_MS = 20;

	private Waits() {
	}

	/** True once {@code condition} holds, false if it did not within {@code timeoutMs}. */
	static boolean until(BooleanSupplier condition, long timeoutMs) throws InterruptedException {
		long deadline = System.nanoTime() + timeoutMs * 1_000_000;
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			Thread.sleep(POLL_MS);
		}
		return true;
	}
}
