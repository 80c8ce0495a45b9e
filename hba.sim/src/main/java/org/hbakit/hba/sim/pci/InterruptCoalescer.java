package org.hbakit.hba.sim.pci;

import org.hbakit.controller.api.simhba.HBARegisters;

/**
 * When a completion queue's vector is raised ({@code docs/simulated-hba.md}, "Interrupts"): the {@code INTCOAL}
 * threshold and aggregation time, the arming by {@code CQ_HEAD} writes, and the count of passes that posted
 * completions (the handler's {@code count}). {@link #setIntcoal} is a register write from any thread; everything
 * else runs on the device thread.
 */
final class InterruptCoalescer {
	private final int vector;
	private final DeviceCounters counters;
	private volatile int intcoal;
	private boolean armed = true;
	private int pending;
	private long raises;
	private long firstPending;
	private int postedThisPass;

	InterruptCoalescer(int vector, DeviceCounters counters) {
		this.vector = vector;
		this.counters = counters;
	}

	/** The {@code INTCOAL} register (24 bits). */
	int intcoal() {
		return intcoal;
	}

	/** Writes {@code INTCOAL}; any thread. */
	void setIntcoal(int value) {
		intcoal = value & 0xFF_FFFF;
	}

	/** Forgets pending completions and re-arms (enable, reset). */
	void reset() {
		armed = true;
		pending = 0;
		raises = 0;
		postedThisPass = 0;
	}

	/** One completion was posted. */
	void posted() {
		if (pending++ == 0) {
			firstPending = System.nanoTime();
		}
		postedThisPass++;
	}

	/**
	 * The driver wrote {@code CQ_HEAD}: re-arm; entries it has not consumed count as pending at once, so no
	 * completion is ever stranded.
	 */
	void acknowledged(int unconsumed) {
		armed = true;
		pending = unconsumed;
		raises = unconsumed > 0 ? 1 : 0;
		firstPending = System.nanoTime();
	}

	/**
	 * Ends a pass: counts it if it posted, and raises the vector if it is armed, deliverable and due.
	 *
	 * @return whether the pass posted anything
	 */
	boolean endOfPass(InterruptController interrupts) {
		boolean posted = postedThisPass > 0;
		if (posted) {
			raises++;
			counters.add(DeviceCounters.COMPLETIONS, postedThisPass);
			postedThisPass = 0;
		}
		if (pending > 0 && armed && interrupts.deliverable(vector)) {
			long time = aggregationNanos();
			long now = System.nanoTime();
			if (time == 0 || pending >= HBARegisters.intcoalThreshold(intcoal) || now - firstPending >= time) {
				armed = false;
				long count = Math.max(1, raises);
				raises = 0;
				counters.add(DeviceCounters.INTERRUPTS, 1);
				interrupts.deliver(vector, count, now);
			}
		}
		return posted;
	}

	/** When the aggregation time of pending completions runs out, or {@code Long.MAX_VALUE}. */
	long deadline() {
		long time = aggregationNanos();
		return pending > 0 && armed && time > 0 ? firstPending + time : Long.MAX_VALUE;
	}

	private long aggregationNanos() {
		return HBARegisters.intcoalTimeMicros(intcoal) * 1000L;
	}
}
