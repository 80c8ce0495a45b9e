package org.hbakit.hba.sim.pci;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ABORT} and {@code TMF} as posted writes, as PCIe memory writes are: the writer queues the value and returns
 * at once; the device thread executes the writes in order. {@code TMF_STATUS.BUSY} is set from a write until the
 * device has executed it (and every write before it), so a driver waits for BUSY to clear with a bound of its own
 * instead of blocking in the register write.
 * <p>
 * Posted writes stay in order with the doorbells: each records the {@code SQ_TAIL} in force when it was written (its
 * <em>order</em>), and the device executes it after fetching every SQ entry up to that tail and before fetching any
 * entry beyond it. So an ABORT reaches a request rung before it, and never one rung after it that reuses the TAG.
 * <p>
 * {@link #post} is called on any thread (a short lock: task management is rare and never on the I/O path);
 * {@link #serve} on the device thread, or on a writer while the device thread does not run.
 */
final class PostedWrites {
	/** Executes one posted write. */
	interface Executor {
		/**
		 * @param order what {@link #post} recorded with it
		 * @return false to leave the write posted and retry it next pass (the SQ is not fetched up to its order yet,
		 *         or the CQ has no room for the requests it completes)
		 */
		boolean execute(int register, long value, long order);
	}

	/** {@link #headOrder()} when nothing is posted. */
	static final long NONE = Long.MIN_VALUE;

	private final AtomicInteger unexecuted = new AtomicInteger();
	private final Object serving = new Object();
	private int[] registers = new int[16];
	private long[] values = new long[16];
	private long[] orders = new long[16];
	private int head;
	private int size;

	/** Queues a write of {@code value} to {@code register}; BUSY until it is executed. Any thread. */
	void post(int register, long value, long order) {
		synchronized (this) {
			if (size == registers.length) {
				grow();
			}
			int at = (head + size) % registers.length;
			registers[at] = register;
			values[at] = value;
			orders[at] = order;
			size++;
			unexecuted.incrementAndGet();
		}
	}

	private void grow() {
		int n = registers.length;
		int[] r = new int[n * 2];
		long[] v = new long[n * 2];
		long[] o = new long[n * 2];
		for (int i = 0; i < size; i++) {
			r[i] = registers[(head + i) % n];
			v[i] = values[(head + i) % n];
			o[i] = orders[(head + i) % n];
		}
		registers = r;
		values = v;
		orders = o;
		head = 0;
	}

	/** Whether a posted write waits to be executed: {@code TMF_STATUS.BUSY}. One volatile read. */
	boolean busy() {
		return unexecuted.get() > 0;
	}

	/** The order of the first write still posted, or {@link #NONE}. */
	long headOrder() {
		if (!busy()) {
			return NONE;
		}
		synchronized (this) {
			return size == 0 ? NONE : orders[head];
		}
	}

	/**
	 * Executes the posted writes in order, stopping at one the executor defers; true if any was executed. Device
	 * thread, or a writer while the device thread does not run (one at a time).
	 */
	boolean serve(Executor executor) {
		if (!busy()) {
			return false;
		}
		boolean any = false;
		synchronized (serving) {
			for (;;) {
				int register;
				long value;
				long order;
				synchronized (this) {
					if (size == 0) {
						return any;
					}
					register = registers[head];
					value = values[head];
					order = orders[head];
				}
				if (!executor.execute(register, value, order)) {
					return any;
				}
				synchronized (this) {
					head = (head + 1) % registers.length;
					size--;
				}
				// after the effects, so a reader that sees BUSY clear sees the result too
				unexecuted.decrementAndGet();
				any = true;
			}
		}
	}
}
