package org.hbakit.bridge.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets the supervisor wait until no thread is inside the dispatch path: every dispatcher enters and exits around
 * its check of the gate and its call into the controller; after closing the gate, the supervisor waits until no
 * one is inside ({@link #awaitQuiet}), so nothing reaches the controller past a closed gate.
 * <p>
 * The count is striped over padded cells picked by thread id, so concurrent submitters do not share one counter;
 * a thread enters and exits on the same cell. With the gate closed only exits happen, so a sum of zero read cell
 * by cell is a true zero.
 */
final class EntryFence {
	private static final int PAD = 16; // longs per cell: 128 bytes
	private final int mask;
	private final AtomicLongArray cells;

	EntryFence() {
		int n = Integer.highestOneBit(Math.max(2, Runtime.getRuntime().availableProcessors()) * 2 - 1) << 1;
		mask = n - 1;
		cells = new AtomicLongArray(n * PAD);
	}

	/** Returns the cell to exit with. */
	int enter() {
		int cell = (int) (Thread.currentThread().getId() & mask) * PAD;
		cells.getAndIncrement(cell);
		return cell;
	}

	void exit(int cell) {
		cells.getAndDecrement(cell);
	}

	/**
	 * Waits until no thread is inside, at most {@code timeoutMs}.
	 *
	 * @return false if a thread stayed inside (it is stuck in controller code)
	 */
	boolean awaitQuiet(long timeoutMs) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
		int spins = 0;
		while (inside() != 0) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			if (++spins < 100) {
				Thread.onSpinWait();
			} else {
				LockSupport.parkNanos(10_000);
			}
		}
		return true;
	}

	private long inside() {
		long sum = 0;
		for (int i = 0; i < cells.length(); i += PAD) {
			sum += cells.get(i);
		}
		return sum;
	}
}
