package org.hbakit.hba.sim.pci;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A doorbell ({@code SQ_TAIL}, {@code CQ_HEAD}): written by the driver's threads, read by the device thread. It sits
 * alone in the middle of a padded array, so the driver's writes never share a cache line with state the device
 * thread writes on every request (its queue head, its counters), which would bounce the line between the two cores.
 */
final class DoorbellRegister {
	private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(int[].class);
	/** 64 bytes of padding ints on each side of the two cells. */
	private static final int VALUE = 16, WRITTEN = 17;

	private final int[] cells = new int[VALUE + 2 + 16];

	/** A doorbell write (any thread): the value, then the written flag. */
	void ring(int value) {
		CELL.setVolatile(cells, VALUE, value);
		CELL.setVolatile(cells, WRITTEN, 1);
	}

	/** The value written last. */
	int value() {
		return (int) CELL.getVolatile(cells, VALUE);
	}

	/** Whether a write came since the last {@link #take()} or {@link #clear(int)}. */
	boolean written() {
		return (int) CELL.getVolatile(cells, WRITTEN) != 0;
	}

	/** Clears the written flag and returns the value (device thread). */
	int take() {
		CELL.setVolatile(cells, WRITTEN, 0);
		return value();
	}

	/** Sets the value without a doorbell write (device thread: enable and reset). */
	void clear(int value) {
		CELL.setVolatile(cells, WRITTEN, 0);
		CELL.setVolatile(cells, VALUE, value);
	}
}
