package org.hbakit.controller.core.jmh;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost of one counter increment on the I/O path, with two threads incrementing at once (a submitter and the
 * device thread, or two submitters): a shared {@link AtomicLong} (what a multi-writer counter costs today), a shared
 * {@link LongAdder}, and a counter per writing thread, updated with a volatile read-modify-write (the driver's
 * single-writer counters today) or with a plain read and a release store (no fence). Run with
 * {@code -t 2}; see {@code docs/benchmarks.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class CounterBenchmark {
	private static final VarHandle COUNT;

	static {
		try {
			COUNT = MethodHandles.lookup().findVarHandle(PerThread.class, "count", long.class);
		} catch (ReflectiveOperationException e) {
			throw new ExceptionInInitializerError(e);
		}
	}

	/** Counters both threads increment. */
	@State(Scope.Benchmark)
	public static class Shared {
		final AtomicLong atomic = new AtomicLong();
		final LongAdder adder = new LongAdder();
	}

	/** A counter of one thread (JMH pads thread states apart). */
	@State(Scope.Thread)
	public static class PerThread {
		volatile long volatileCount;
		long count;
	}

	@Benchmark
	public long sharedAtomicLong(Shared s) {
		return s.atomic.incrementAndGet();
	}

	@Benchmark
	public void sharedLongAdder(Shared s) {
		s.adder.increment();
	}

	@Benchmark
	public void perThreadVolatile(PerThread t) {
		t.volatileCount++;
	}

	@Benchmark
	public void perThreadReleaseStore(PerThread t) {
		COUNT.setRelease(t, t.count + 1);
	}
}
