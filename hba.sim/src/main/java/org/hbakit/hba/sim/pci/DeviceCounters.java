package org.hbakit.hba.sim.pci;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The device's statistics: counters only the device thread updates, each with a plain read and a release store (no
 * fence, no atomic read-modify-write: the cheapest counter with one writer, see {@code docs/benchmarks.md}); any
 * thread reads them with acquire loads.
 */
final class DeviceCounters {
	static final int REQUESTS = 0, COMPLETIONS = 1, ABORTED = 2, STEPS = 3, INTERRUPTS = 4;
	private static final int COUNT = 5;
	private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

	// a cache line of padding on each side: no other thread's writes share a line with the counters
	private final long[] values = new long[8 + COUNT + 8];

	/** Adds {@code n} to counter {@code which}; the device thread only. */
	void add(int which, long n) {
		int i = 8 + which;
		SLOT.setRelease(values, i, values[i] + n);
	}

	/** A snapshot; any thread. */
	HbaStatistics snapshot() {
		return new HbaStatistics(get(REQUESTS), get(COMPLETIONS), get(ABORTED), get(STEPS), get(INTERRUPTS));
	}

	private long get(int which) {
		return (long) SLOT.getAcquire(values, 8 + which);
	}
}
