package org.hbakit.bridge.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The I/O figures of one HBA, across bindings: completed, failed and bytes as striped counters (no shared word per
 * task), and the latency (dispatch to completion) of one dispatch in {@value #SAMPLE_EVERY}, recorded wait-free into
 * an HdrHistogram {@link Recorder} whose interval the bridge's timer closes about once a second.
 */
public final class IOStatistics {
	/** One dispatch in this many is timed (by its generation), so most completions read no clock. */
	public static final int SAMPLE_EVERY = 16;
	private final LongAdder completed = new LongAdder();
	private final LongAdder failed = new LongAdder();
	private final LongAdder bytes = new LongAdder();
	private final Recorder latency = new Recorder(TimeUnit.SECONDS.toNanos(60), 2);
	private volatile Histogram lastInterval;
	private volatile long lastIntervalNanos;
	private long intervalStartNanos = System.nanoTime();

	/** Called once per completed request, on the completing thread. */
	void completed(IORequest r, Task t, long generation) {
		completed.increment();
		if (r.returnCode != org.hbakit.controller.api.IOReturn.kIOReturnSuccess) {
			failed.increment();
		}
		if (r.bytesTransferred > 0) {
			bytes.add(r.bytesTransferred);
		}
		if ((generation & (SAMPLE_EVERY - 1)) == 0) {
			long nanos = System.nanoTime() - t.dispatchNanos;
			if (nanos >= 0) {
				latency.recordValue(Math.min(nanos, TimeUnit.SECONDS.toNanos(60)));
			}
		}
	}

	/** Closes the latency interval; called by one thread (the bridge's timer). */
	public synchronized void roll() {
		long now = System.nanoTime();
		// a new histogram each second: readers may still hold the last one
		lastInterval = latency.getIntervalHistogram();
		lastIntervalNanos = now - intervalStartNanos;
		intervalStartNanos = now;
	}

	public long completed() {
		return completed.sum();
	}

	public long failed() {
		return failed.sum();
	}

	public long bytesTransferred() {
		return bytes.sum();
	}

	/** The last closed interval's latencies (a sample), or null before the first. */
	public Histogram lastInterval() {
		return lastInterval;
	}

	public long lastIntervalNanos() {
		return lastIntervalNanos;
	}
}
