package org.hbakit.bridge.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.IODoneQueue;
import org.hbakit.controller.api.client.IODoneResult;
import org.hbakit.controller.api.client.KernReturn;
import org.hbakit.controller.api.client.SCSILogicalUnit;

/**
 * One submitting and reaping thread for a group of logical units, sharing one {@link IODoneQueue} of depth
 * {@code qd × units}. Everything an I/O needs is preallocated: per-request contexts in parallel arrays indexed by
 * the low bits of the request id, one direct buffer per request, per-unit free lists. A request id is
 * {@code sequence << 16 | slot}; a completion whose slot is not in flight or whose sequence is stale is counted
 * as duplicated and otherwise ignored.
 * <p>
 * Lifecycle, driven by {@link BenchRunner}: constructed on the runner's thread; {@link #run()} on its own thread
 * prefills for {@code --verify}, signals {@code ready}, waits for {@code go}, runs until the timeline's end, then
 * drains with a bounded wait. Results are read by the runner after the thread ended. With {@code --verify} each
 * block (of {@code --bs}) has at most one request in flight, so the generation table is exact.
 * <p>
 * Why one class of this size: the submit and completion paths share its preallocated per-request arrays, which
 * is what keeps the loop allocation-free; the figures ({@link JobFigures}, {@link BenchReport}) and the hot changes
 * ({@link HotChangeLoop}) already live outside it.
 */
final class BenchWorker implements Runnable {
	static final int SLOT_BITS = 16;
	private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
	/** Latencies above this (ns) are recorded as this. */
	static final long MAX_LATENCY_NS = TimeUnit.MINUTES.toNanos(10);
	private static final int UNKNOWN = -1;
	private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(100);

	/** Shared start and end times, published to the workers by the {@code go} latch. */
	static final class Timeline {
		volatile long start;
		volatile long warmupEnd;
		volatile long measureEnd;
		volatile long drainTimeoutNanos;
	}

	private final BenchOptions options;
	private final LiveUnits.Slot[] units;
	private final int[] lunIds;
	private final PauseMeter[] meters;
	private final IODoneQueue queue;
	private final Timeline timeline;
	private final CountDownLatch ready;
	private final CountDownLatch go;
	private final int qd;
	private final int bs;
	private final int blocksPerIo;
	private final long[] rangeUnits;
	/** The first unit of this job's slice of each LUN's range (0 without slices). */
	private final long[] baseUnit;
	private final int job;
	private final RwMode rw;
	private final boolean verify;
	private final long seed;

	// per-request contexts
	private final int slots;
	private final ByteBuffer[] buffers;
	private final int[] slotLun;
	private final long[] slotUnit;
	private final boolean[] slotWrite;
	private final int[] slotGen;
	private final long[] slotSeq;
	private final long[] slotSubmitted;
	private final boolean[] slotInFlight;
	private final int[][] free;
	private final int[] freeTop;
	private final int[] lunInFlight;
	private final long[] cursor;
	private final int[] genCounter;
	private final int[][] gen;
	private final boolean[][] busy;

	private final SplittableRandom random;
	private final Histogram histogram = new Histogram(1, MAX_LATENCY_NS, 3);
	private final IODoneResult result = new IODoneResult();
	private final AtomicLong progress = new AtomicLong();
	private final AtomicLong errorProgress = new AtomicLong();

	private long ios;
	private long errors;
	private long verified;
	private long corrupted;
	private long duplicated;
	private long lost;
	private long shortTransfers;
	private volatile Throwable failure;
	private boolean terminated;

	/**
	 * @param live    each unit's live slot: a withdrawn unit is skipped until it is published again
	 * @param lunIds  each unit's index in the whole run (keys the verify pattern)
	 * @param meters  each unit's HBA pause meter
	 * @param workerIndex mixes into the seed so workers draw different addresses
	 * @param job     the job ({@code --jobs}) this worker belongs to: with {@code --verify} it works on slice
	 *                {@code job} of {@code options.jobs()} of each unit's range (a block is written by one job only),
	 *                without, on the whole range (as fio's jobs share a file)
	 */
	BenchWorker(BenchOptions options, BenchLun[] luns, LiveUnits.Slot[] live, int[] lunIds, PauseMeter[] meters,
			IODoneQueue queue, Timeline timeline, CountDownLatch ready, CountDownLatch go, int workerIndex, int job) {
		this.options = options;
		this.units = live.clone();
		this.lunIds = lunIds.clone();
		this.meters = meters.clone();
		this.queue = queue;
		this.timeline = timeline;
		this.ready = ready;
		this.go = go;
		this.qd = options.qd();
		this.bs = options.bs();
		this.rw = options.rw();
		this.verify = options.verify();
		this.seed = options.seed();
		this.random = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + workerIndex);
		this.job = job;
		this.rangeUnits = new long[luns.length];
		this.baseUnit = new long[luns.length];
		int slices = options.verify() ? options.jobs() : 1;
		int blockSize = luns[0].blockSize();
		this.blocksPerIo = bs / blockSize;
		for (int l = 0; l < luns.length; l++) {
			if (luns[l].blockSize() != blockSize) {
				throw new IllegalArgumentException("units of one worker must share a block size: " + luns[l].name());
			}
			rangeUnits[l] = options.rangeBytes(luns[l]) / bs / slices;
			baseUnit[l] = slices > 1 ? job * rangeUnits[l] : 0;
			if (rangeUnits[l] < 1) {
				throw new IllegalArgumentException("--jobs " + options.jobs() + ": " + luns[l].name()
						+ " has too few blocks of --bs " + bs + " in range for one slice per job");
			}
		}
		this.slots = qd * luns.length;
		this.buffers = new ByteBuffer[slots];
		this.slotLun = new int[slots];
		this.slotUnit = new long[slots];
		this.slotWrite = new boolean[slots];
		this.slotGen = new int[slots];
		this.slotSeq = new long[slots];
		this.slotSubmitted = new long[slots];
		this.slotInFlight = new boolean[slots];
		this.free = new int[luns.length][qd];
		this.freeTop = new int[luns.length];
		this.lunInFlight = new int[luns.length];
		this.cursor = new long[luns.length];
		this.genCounter = new int[luns.length];
		for (int l = 0; l < luns.length; l++) {
			for (int k = 0; k < qd; k++) {
				int slot = l * qd + k;
				free[l][qd - 1 - k] = slot;
				slotLun[slot] = l;
				ByteBuffer b = ByteBuffer.allocateDirect(bs).order(ByteOrder.nativeOrder());
				// writes without --verify carry a recognisable non-zero pattern
				VerifyPattern.fill(b, bs, VerifyPattern.base(seed, lunIds[l], slot, 0));
				buffers[slot] = b;
			}
			freeTop[l] = qd;
			genCounter[l] = 1;
		}
		if (verify) {
			this.gen = new int[luns.length][];
			this.busy = new boolean[luns.length][];
			for (int l = 0; l < luns.length; l++) {
				if (rangeUnits[l] > Integer.MAX_VALUE) {
					throw new IllegalArgumentException("--verify tracks at most 2^31 blocks per unit: " + luns[l].name()
							+ " has " + rangeUnits[l] + " in range (raise --bs or set --size)");
				}
				gen[l] = new int[(int) rangeUnits[l]];
				busy[l] = new boolean[(int) rangeUnits[l]];
			}
		} else {
			this.gen = null;
			this.busy = null;
		}
	}

	@Override
	public void run() {
		boolean signalled = false;
		try {
			if (verify && rw.reads()) {
				prefill();
			}
			signalled = true;
			ready.countDown();
			go.await();
			measure();
			drain();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			failure = e;
		} catch (Throwable t) {
			failure = t;
		} finally {
			if (!signalled) {
				ready.countDown();
			}
			for (int s = 0; s < slots; s++) {
				if (slotInFlight[s]) {
					lost++;
				}
			}
		}
	}

	/** Writes every block of the range once (generation 1) so reads have something to check. */
	private void prefill() throws InterruptedException {
		long deadline = System.nanoTime() + timeline.drainTimeoutNanos;
		for (int l = 0; l < units.length; l++) {
			while (lunInFlight[l] < qd && cursor[l] < rangeUnits[l] && submitPrefill(l)) {
				// filled
			}
		}
		while (!terminated && inFlight() > 0) {
			int rc = queue.ioDoneQueueWait(result, POLL_NS);
			long now = System.nanoTime();
			if (rc == KernReturn.KERN_SUCCESS) {
				int l = complete(now, false);
				deadline = now + timeline.drainTimeoutNanos;
				while (l >= 0 && lunInFlight[l] < qd && cursor[l] < rangeUnits[l] && submitPrefill(l)) {
					// refilled
				}
			} else if (rc == KernReturn.KERN_TERMINATED) {
				terminated = true;
			} else if (now >= deadline) {
				break; // what is still in flight is counted as lost at the end
			}
		}
		for (int l = 0; l < units.length; l++) {
			cursor[l] = 0;
		}
	}

	private boolean submitPrefill(int l) {
		long u = cursor[l]++;
		return submit(l, u, true, 1);
	}

	private void measure() throws InterruptedException {
		long end = timeline.measureEnd;
		for (int l = 0; l < units.length; l++) {
			refill(l);
		}
		while (!terminated) {
			int rc = queue.ioDoneQueueWait(result, POLL_NS);
			long now = System.nanoTime();
			if (rc == KernReturn.KERN_SUCCESS) {
				int l = complete(now, true);
				if (now >= end) {
					return;
				}
				if (l >= 0) {
					refill(l);
				}
			} else if (rc == KernReturn.KERN_TERMINATED) {
				terminated = true;
			} else {
				if (now >= end) {
					return;
				}
				// a unit may be short of requests after a failed submission: try again
				for (int l = 0; l < units.length; l++) {
					refill(l);
				}
			}
		}
	}

	/** Stops submitting and waits, bounded, for what is in flight. */
	private void drain() throws InterruptedException {
		long deadline = System.nanoTime() + timeline.drainTimeoutNanos;
		while (!terminated && inFlight() > 0) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return;
			}
			int rc = queue.ioDoneQueueWait(result, Math.min(left, POLL_NS));
			if (rc == KernReturn.KERN_SUCCESS) {
				complete(System.nanoTime(), true);
			} else if (rc == KernReturn.KERN_TERMINATED) {
				terminated = true;
			}
		}
	}

	private int inFlight() {
		int n = 0;
		for (int l = 0; l < lunInFlight.length; l++) {
			n += lunInFlight[l];
		}
		return n;
	}

	private void refill(int l) {
		while (lunInFlight[l] < qd && !terminated) {
			long u = pickUnit(l);
			boolean write = switch (rw) {
				case READ, RANDREAD -> false;
				case WRITE, RANDWRITE -> true;
				case RANDRW -> random.nextInt(100) >= options.rwmix();
			};
			int g = 0;
			if (write && verify) {
				g = ++genCounter[l];
				if (g == Integer.MAX_VALUE) {
					genCounter[l] = 1;
				}
			}
			if (!submit(l, u, write, g)) {
				return;
			}
		}
	}

	private long pickUnit(int l) {
		long range = rangeUnits[l];
		if (rw.random()) {
			long u = random.nextLong(range);
			if (verify) {
				// at least 2 x qd blocks are in range, so this ends quickly
				boolean[] b = busy[l];
				while (b[(int) u]) {
					u = random.nextLong(range);
				}
			}
			return u;
		}
		long u = cursor[l];
		if (verify) {
			boolean[] b = busy[l];
			while (b[(int) u]) {
				u = u + 1 == range ? 0 : u + 1;
			}
		}
		cursor[l] = u + 1 == range ? 0 : u + 1;
		return u;
	}

	/**
	 * Submits one request; on failure undoes it, counts an error and returns false. A withdrawn unit takes
	 * nothing (and counts nothing) until it is published again.
	 */
	private boolean submit(int l, long u, boolean write, int g) {
		SCSILogicalUnit unit = units[l].unit;
		if (unit == null) {
			return false;
		}
		int slot = free[l][--freeTop[l]];
		ByteBuffer buffer = buffers[slot];
		buffer.clear();
		if (verify) {
			busy[l][(int) u] = true;
			if (write) {
				VerifyPattern.fill(buffer, bs, VerifyPattern.base(seed, lunIds[l], u, g));
			} else {
				VerifyPattern.poison(buffer, bs, bs / blocksPerIo);
			}
		}
		long seq = ++slotSeq[slot];
		long id = seq << SLOT_BITS | slot;
		slotUnit[slot] = u;
		slotWrite[slot] = write;
		slotGen[slot] = g;
		slotInFlight[slot] = true;
		lunInFlight[l]++;
		long lba = (baseUnit[l] + u) * blocksPerIo;
		slotSubmitted[slot] = System.nanoTime();
		int rc = write ? queue.deviceWriteAsync(unit, id, 0, lba, buffer, bs)
				: queue.deviceReadAsync(unit, id, 0, lba, buffer, bs);
		if (rc == KernReturn.KERN_SUCCESS) {
			return true;
		}
		slotInFlight[slot] = false;
		lunInFlight[l]--;
		free[l][freeTop[l]++] = slot;
		if (verify) {
			busy[l][(int) u] = false;
		}
		errors++;
		errorProgress.lazySet(errors);
		if (rc == KernReturn.KERN_TERMINATED) {
			terminated = true;
		}
		return false;
	}

	/** Accounts one completion; returns its unit's local index, or -1 for a duplicate. */
	private int complete(long now, boolean measuring) {
		long id = result.requestId();
		int slot = (int) (id & SLOT_MASK);
		if (id < 0 || slot >= slots || !slotInFlight[slot] || slotSeq[slot] != id >>> SLOT_BITS) {
			duplicated++;
			return -1;
		}
		int l = slotLun[slot];
		slotInFlight[slot] = false;
		lunInFlight[l]--;
		free[l][freeTop[l]++] = slot;
		boolean good = result.returnCode() == IOReturn.kIOReturnSuccess
				&& result.serviceResponse() == SCSIServiceResponse.TASK_COMPLETE
				&& result.status() == SCSITaskStatus.GOOD;
		// an honest short transfer: GOOD with a residual; only the bytes it moved are known
		long moved = result.bytesTransferred();
		boolean shortTransfer = good && moved >= 0 && moved < bs;
		if (!good) {
			errors++;
			errorProgress.lazySet(errors);
		} else if (shortTransfer) {
			shortTransfers++;
		}
		if (verify) {
			int u = (int) slotUnit[slot];
			busy[l][u] = false;
			if (slotWrite[slot]) {
				// a failed or short write leaves the block's content unknown until the next whole good write
				gen[l][u] = good && !shortTransfer ? slotGen[slot] : UNKNOWN;
			} else if (good) {
				int g = gen[l][u];
				int checked = shortTransfer ? (int) (moved & ~7L) : bs;
				if (g != UNKNOWN && checked > 0) {
					ByteBuffer buffer = buffers[slot];
					boolean ok = g == 0 ? VerifyPattern.isZero(buffer, checked)
							: VerifyPattern.matches(buffer, checked, VerifyPattern.base(seed, lunIds[l], u, g));
					if (ok) {
						verified++;
					} else {
						corrupted++;
					}
				}
			}
		}
		if (good && measuring && now >= timeline.warmupEnd && now < timeline.measureEnd) {
			// failed I/O counts only as an error: never in the rates or the latencies
			ios++;
			histogram.recordValue(Math.max(1, Math.min(now - slotSubmitted[slot], MAX_LATENCY_NS)));
		}
		PauseMeter meter = meters[l];
		if (meter != null && meter.isOpen()) {
			meter.onCompletion(now);
		}
		if (good) {
			progress.lazySet(progress.get() + 1);
		}
		return l;
	}

	/** GOOD completions reaped so far (any phase); read by the progress line on another thread. */
	long progress() {
		return progress.get();
	}

	/** The job ({@code --jobs}) this worker belongs to. */
	int job() {
		return job;
	}

	/** Errors so far (any phase); read by the progress line on another thread. */
	long errorProgress() {
		return errorProgress.get();
	}

	/** GOOD completions with a residual. */
	long shortTransfers() {
		return shortTransfers;
	}

	/** Requests completed GOOD inside the measured window. */
	long ios() {
		return ios;
	}

	/** Completions not GOOD plus submissions refused. */
	long errors() {
		return errors;
	}

	long verified() {
		return verified;
	}

	long corrupted() {
		return corrupted;
	}

	long duplicated() {
		return duplicated;
	}

	/** Requests still in flight when the worker ended. */
	long lost() {
		return lost;
	}

	Histogram histogram() {
		return histogram;
	}

	/** What ended the worker abnormally, or null. */
	Throwable failure() {
		return failure;
	}

	/** Whether the queue reported itself terminated. */
	boolean terminated() {
		return terminated;
	}
}
