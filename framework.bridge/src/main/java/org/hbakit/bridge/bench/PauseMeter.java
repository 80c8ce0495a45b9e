package org.hbakit.bridge.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the pause one controller swap causes on one HBA: the longest gap between consecutive completions of
 * that HBA's requests during the swap window. The window opens when the swap call starts and closes with the
 * first completion at or after the swap call returned, so the gap that straddles the end of the call (tasks held
 * until the new controller runs) is included. The swap call's own duration is only an upper bound: it includes
 * work during which the old controller still completes tasks.
 * <p>
 * It also keeps when the longest gap ended, so a run can tell a gap inside the HBA's own swap from one elsewhere
 * (a collection, the scheduler): when two workers of one HBA find a longer gap at the same moment, the end kept
 * may be the other one's.
 * <p>
 * Threads: {@link #open}, {@link #close}, {@link #awaitPause} and {@link #longestGapEnd} on the swap thread;
 * {@link #onCompletion} on every worker thread that reaps this HBA's completions. Outside a window a completion costs
 * one volatile read; inside, an atomic exchange, and a compare-and-set when its gap is the longest so far (no lock,
 * no allocation).
 */
final class PauseMeter {
	private static final int CLOSED = 0;
	private static final int OPEN = 1;
	private static final int CLOSING = 2;

	private volatile int state = CLOSED;
	private volatile long closeAt;
	private volatile CountDownLatch settled = new CountDownLatch(0);
	private final AtomicLong last = new AtomicLong();
	private final AtomicLong maxGap = new AtomicLong();
	private volatile long longestGapEnd;
	private final String hba;

	/** @param hba the location of the HBA whose completions this meter sees */
	PauseMeter(String hba) {
		this.hba = hba;
	}

	/** The location of the HBA this meter measures. */
	String hba() {
		return hba;
	}

	/** Opens a window at {@code t0} (the swap call's start, System.nanoTime). */
	void open(long t0) {
		last.set(t0);
		maxGap.set(0);
		longestGapEnd = t0;
		settled = new CountDownLatch(1);
		state = OPEN;
	}

	/** Whether a window is open; workers check this before {@link #onCompletion}. */
	boolean isOpen() {
		return state != CLOSED;
	}

	/** Notes a completion of this HBA reaped at {@code now}. */
	void onCompletion(long now) {
		int s = state;
		if (s == CLOSED) {
			return;
		}
		long gap = now - last.getAndSet(now);
		long longest;
		while (gap > (longest = maxGap.get())) {
			if (maxGap.compareAndSet(longest, gap)) {
				longestGapEnd = now;
				break;
			}
		}
		if (s == CLOSING && now >= closeAt) {
			state = CLOSED;
			settled.countDown();
		}
	}

	/** The swap call returned at {@code t1}: the next completion at or after it closes the window. */
	void close(long t1) {
		closeAt = t1;
		state = CLOSING;
	}

	/**
	 * Waits for the closing completion and returns the pause in nanoseconds. If none arrives within
	 * {@code timeoutNanos} (nothing left in flight, or a stall), the window is closed at {@code now} and the gap
	 * up to then counts.
	 */
	long awaitPause(long timeoutNanos) throws InterruptedException {
		if (!settled.await(timeoutNanos, TimeUnit.NANOSECONDS)) {
			state = CLOSED;
			long now = System.nanoTime();
			long gap = now - last.get();
			if (gap > maxGap.get()) {
				maxGap.set(gap);
				longestGapEnd = now;
			}
		}
		return maxGap.get();
	}

	/** When the longest gap of the last window ended (System.nanoTime); read after {@link #awaitPause}. */
	long longestGapEnd() {
		return longestGapEnd;
	}
}
