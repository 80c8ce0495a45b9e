package org.hbakit.controller.core.driver;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A statistics counter that exactly one thread updates (the drain owner, the doorbell ringer) and any thread reads:
 * a plain read and a release store per update, no fence and no atomic read-modify-write. Measured against a
 * volatile increment, a shared {@code AtomicLong} and a {@code LongAdder} with two threads counting at once
 * ({@code CounterBenchmark}, {@code docs/benchmarks.md}), it is the cheapest by a wide margin.
 */
final class SingleWriterCounter {
	private static final VarHandle VALUE;

	static {
		try {
			VALUE = MethodHandles.lookup().findVarHandle(SingleWriterCounter.class, "value", long.class);
		} catch (ReflectiveOperationException e) {
			throw new ExceptionInInitializerError(e);
		}
	}

	private long value;

	/** Adds {@code n}; the writer thread only. */
	void add(long n) {
		VALUE.setRelease(this, value + n);
	}

	/** Sets the value; the writer thread only. */
	void set(long v) {
		VALUE.setRelease(this, v);
	}

	/** The value as last published; any thread. */
	long get() {
		return (long) VALUE.getAcquire(this);
	}
}
