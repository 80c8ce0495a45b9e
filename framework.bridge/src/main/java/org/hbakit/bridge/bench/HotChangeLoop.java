package org.hbakit.bridge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread that changes controllers while the workload runs ({@code --swap-every}: each HBA swapped in turn;
 * {@code --deploy-every}: one deployment through the deploy folder): from the start of the warmup to the end of the
 * run, one round every interval (back to back when a round takes longer), each change's client-visible pause
 * measured on the {@link PauseMeter}s of the HBAs it may move. Changes begun in the warmup warm the swap path up
 * (its code runs a few times a second, so the JIT compiles it only after many swaps) and are not counted or timed;
 * their failures are. With the registry's {@link SwapWindows}, each measured pause is also sorted by where its
 * longest gap fell: in a swap of that HBA, or elsewhere (the whole process paused: a collection, the scheduler).
 */
final class HotChangeLoop implements Runnable {
	/** One change; returns what happened, throws if it failed. */
	@FunctionalInterface
	interface Change {
		String make() throws Exception;
	}

	/** One round of changes, made through {@link HotChangeLoop#change}. */
	@FunctionalInterface
	interface Round {
		void run(HotChangeLoop loop) throws InterruptedException;
	}

	private final Round round;
	private final BenchWorker.Timeline timeline;
	private final long intervalNanos;
	private final SwapWindows swapWindows;
	private final long epochNanosAtStart = System.currentTimeMillis() * 1_000_000L;
	private final long nanoTimeAtStart = System.nanoTime();
	private final List<Long> pauses = new ArrayList<>();
	private final List<Long> inSwap = new ArrayList<>();
	private final List<Long> outsideSwap = new ArrayList<>();
	private final List<String> failureMessages = new ArrayList<>();
	private volatile long count;
	private long failures;
	private long longestCall;

	/** @param swapWindows the HBAs' own swaps, or null to leave the pauses unsorted */
	HotChangeLoop(Round round, BenchWorker.Timeline timeline, long intervalMs, SwapWindows swapWindows) {
		this.round = round;
		this.swapWindows = swapWindows;
		this.timeline = timeline;
		this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
	}

	@Override
	public void run() {
		long next = timeline.start + intervalNanos;
		try {
			while (true) {
				long now;
				while ((now = System.nanoTime()) < next) {
					LockSupport.parkNanos(this, next - now);
					if (Thread.interrupted()) {
						return;
					}
				}
				if (now >= timeline.measureEnd) {
					return;
				}
				round.run(this);
				next += intervalNanos;
				long after = System.nanoTime();
				if (next < after) {
					next = after; // changes take longer than the interval: go on back to back
				}
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Makes one change with the pause meters of {@code meters} open, and records one pause per meter.
	 *
	 * @param what names the change in a failure message
	 */
	void change(List<PauseMeter> meters, Change change, String what) throws InterruptedException {
		long t0 = System.nanoTime();
		boolean measured = t0 >= timeline.warmupEnd;
		meters.forEach(m -> m.open(t0));
		boolean ok = false;
		try {
			change.make();
			ok = true;
		} catch (InterruptedException e) {
			throw e;
		} catch (Exception e) {
			synchronized (this) {
				failures++;
				if (failureMessages.size() < 10) {
					failureMessages.add(what + " failed: " + e);
				}
			}
		}
		long t1 = System.nanoTime();
		meters.forEach(m -> m.close(t1));
		synchronized (this) {
			// a change that happened counts even if the run ends before its pause could be measured
			longestCall = Math.max(longestCall, t1 - t0);
			if (ok && measured) {
				count++;
			}
		}
		for (PauseMeter m : meters) {
			long pause = m.awaitPause(TimeUnit.SECONDS.toNanos(5));
			if (!measured || t1 >= timeline.measureEnd) {
				// the workers stopped submitting: no completion closes the window, its gap is the run's end
				continue;
			}
			Boolean inOwnSwap = null;
			if (swapWindows != null) {
				long end = m.longestGapEnd();
				inOwnSwap = swapWindows.overlaps(m.hba(), epochMillis(end - pause), epochMillis(end));
			}
			synchronized (this) {
				pauses.add(pause);
				if (inOwnSwap != null) {
					(inOwnSwap ? inSwap : outsideSwap).add(pause);
				}
			}
		}
	}

	/** Changes that succeeded so far (read by the progress line). */
	long count() {
		return count;
	}

	synchronized long failures() {
		return failures;
	}

	synchronized long longestCall() {
		return longestCall;
	}

	synchronized List<String> failureMessages() {
		return List.copyOf(failureMessages);
	}

	private double epochMillis(long nanoTime) {
		return (epochNanosAtStart + (nanoTime - nanoTimeAtStart)) / 1e6;
	}

	synchronized long[] pauses() {
		return pauses.stream().mapToLong(Long::longValue).toArray();
	}

	/** The figures for the report. */
	HotChanges figures() {
		long[] p = pauses();
		long[] in;
		long[] out;
		synchronized (this) {
			in = inSwap.stream().mapToLong(Long::longValue).toArray();
			out = outsideSwap.stream().mapToLong(Long::longValue).toArray();
		}
		return new HotChanges(count, failures(), BenchRunner.percentile(p, 50) / 1e3,
				BenchRunner.percentile(p, 99) / 1e3, BenchRunner.percentile(p, 100) / 1e3, longestCall() / 1e3,
				BenchRunner.percentile(in, 99) / 1e3, out.length, BenchRunner.percentile(out, 100) / 1e3);
	}
}
