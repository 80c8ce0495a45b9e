package org.hbakit.itest;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.client.IODoneQueue;
import org.hbakit.controller.api.client.IODoneResult;
import org.hbakit.controller.api.client.IOHost;
import org.hbakit.controller.api.client.KernReturn;
import org.hbakit.controller.api.client.SCSILogicalUnit;

/**
 * A verified random read/write workload over several logical units through one io_done_queue, on its own
 * thread. Every block has at most one request in flight; a read is checked against the pattern of the block's
 * last acknowledged write. Counts errors, lost, duplicated and corrupted requests.
 */
final class VerifiedWorkload implements AutoCloseable {
	private static final int BLOCKS_PER_IO = 8;

	private final List<SCSILogicalUnit> units;
	private final IODoneQueue queue;
	private final int depth;
	private final int region;
	private final Thread thread;
	private final AtomicBoolean running = new AtomicBoolean(true);
	private volatile Throwable failure;

	volatile long completed;
	volatile long errors;
	volatile long lost;
	volatile long duplicated;
	volatile long corrupted;
	volatile long verified;
	/** The first few failed requests, for the assertion message. */
	final List<String> firstErrors = new java.util.concurrent.CopyOnWriteArrayList<>();

	/** @param region blocks per unit used (a multiple of 8) */
	VerifiedWorkload(IOHost host, List<SCSILogicalUnit> units, int depth, int region, long seed) {
		this.units = units;
		this.depth = depth;
		this.region = region;
		this.queue = host.ioDoneQueueCreate(depth);
		this.thread = new Thread(() -> {
			try {
				run(seed);
			} catch (Throwable t) {
				failure = t;
			}
		}, "verified-workload");
	}

	VerifiedWorkload start() {
		thread.start();
		return this;
	}

	private void run(long seed) throws InterruptedException {
		SplittableRandom random = new SplittableRandom(seed);
		int bs = units.get(0).blockSize();
		int ioBytes = bs * BLOCKS_PER_IO;
		int chunks = region / BLOCKS_PER_IO;
		// generation of each chunk's last acknowledged write
		long[][] written = new long[units.size()][chunks];
		boolean[][] busy = new boolean[units.size()][chunks];
		ByteBuffer[] buffers = new ByteBuffer[depth];
		int[] unitOf = new int[depth];
		int[] chunkOf = new int[depth];
		boolean[] isWrite = new boolean[depth];
		long[] generationOf = new long[depth];
		boolean[] inFlight = new boolean[depth];
		int[] freeSlots = new int[depth];
		int freeCount = depth;
		for (int i = 0; i < depth; i++) {
			buffers[i] = ByteBuffer.allocateDirect(ioBytes);
			freeSlots[i] = depth - 1 - i;
		}
		IODoneResult result = new IODoneResult();
		// the units keep what earlier tests wrote: first give every chunk of the region a known generation (1)
		for (int u = 0; u < units.size(); u++) {
			for (int c = 0; c < chunks; c++) {
				ByteBuffer b = buffers[0].clear();
				fill(b, u, c, 1);
				if (queue.deviceWriteAsync(units.get(u), 0, 0, (long) c * BLOCKS_PER_IO, b, ioBytes) != KernReturn.KERN_SUCCESS
						|| queue.ioDoneQueueWait(result) != KernReturn.KERN_SUCCESS
						|| result.returnCode() != IOReturn.kIOReturnSuccess) {
					throw new IllegalStateException("pre-writing " + units.get(u) + " chunk " + c + " failed: " + result);
				}
				written[u][c] = 1;
			}
		}
		long generation = 2;
		int outstanding = 0;
		while (running.get() || outstanding > 0) {
			while (running.get() && freeCount > 0) {
				int u = random.nextInt(units.size());
				int c = random.nextInt(chunks);
				if (busy[u][c]) {
					break;
				}
				int slot = freeSlots[--freeCount];
				boolean write = random.nextBoolean();
				ByteBuffer b = buffers[slot].clear();
				long g = write ? generation++ : 0;
				if (write) {
					fill(b, u, c, g);
				}
				int rc = write ? queue.deviceWriteAsync(units.get(u), slot, 0, (long) c * BLOCKS_PER_IO, b, ioBytes)
						: queue.deviceReadAsync(units.get(u), slot, 0, (long) c * BLOCKS_PER_IO, b, ioBytes);
				if (rc != KernReturn.KERN_SUCCESS) {
					throw new IllegalStateException("submit failed: " + KernReturn.name(rc));
				}
				busy[u][c] = true;
				unitOf[slot] = u;
				chunkOf[slot] = c;
				isWrite[slot] = write;
				generationOf[slot] = g;
				inFlight[slot] = true;
				outstanding++;
			}
			int rc = queue.ioDoneQueueWait(result, TimeUnit.SECONDS.toNanos(running.get() ? 30 : 60));
			if (rc == KernReturn.KERN_OPERATION_TIMED_OUT) {
				lost += outstanding;
				break;
			}
			int slot = (int) result.requestId();
			if (slot < 0 || slot >= depth || !inFlight[slot]) {
				duplicated++;
				continue;
			}
			inFlight[slot] = false;
			outstanding--;
			completed++;
			int u = unitOf[slot];
			int c = chunkOf[slot];
			busy[u][c] = false;
			freeSlots[freeCount++] = slot;
			if (result.returnCode() != IOReturn.kIOReturnSuccess) {
				errors++;
				if (firstErrors.size() < 5) {
					firstErrors.add((isWrite[slot] ? "write " : "read ") + units.get(u) + " chunk " + c + ": " + result);
				}
				continue;
			}
			if (isWrite[slot]) {
				written[u][c] = generationOf[slot];
			} else {
				verified++;
				if (!matches(buffers[slot], u, c, written[u][c])) {
					corrupted++;
				}
			}
		}
		queue.ioDoneQueueTerminate();
	}

	private static void fill(ByteBuffer b, int unit, int chunk, long generation) {
		for (int i = 0; i < b.capacity(); i += 8) {
			b.putLong(i, pattern(unit, chunk, generation, i));
		}
	}

	private static boolean matches(ByteBuffer b, int unit, int chunk, long generation) {
		for (int i = 0; i < b.capacity(); i += 8) {
			long expected = pattern(unit, chunk, generation, i);
			if (b.getLong(i) != expected) {
				return false;
			}
		}
		return true;
	}

	private static long pattern(int unit, int chunk, long generation, int offset) {
		long x = generation * 0x9E3779B97F4A7C15L ^ ((long) unit << 48) ^ ((long) chunk << 16) ^ offset;
		return x == 0 ? 1 : x;
	}

	/** Stops submitting, waits for everything in flight, and returns. */
	@Override
	public void close() throws InterruptedException {
		running.set(false);
		thread.join(TimeUnit.SECONDS.toMillis(120));
		if (thread.isAlive()) {
			throw new IllegalStateException("workload did not finish");
		}
		if (failure != null) {
			throw new IllegalStateException("workload failed", failure);
		}
	}

	/** Waits until at least {@code n} more requests completed. */
	void awaitCompletions(long n, long timeoutMs) {
		long target = completed + n;
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMillis(timeoutMs))
				.pollInterval(java.time.Duration.ofMillis(5))
				.until(() -> completed >= target || !thread.isAlive());
		if (completed < target) {
			throw new IllegalStateException("workload stopped early: " + this, failure);
		}
	}

	@Override
	public String toString() {
		return "completed=" + completed + " verified=" + verified + " errors=" + errors + " lost=" + lost
				+ " duplicated=" + duplicated + " corrupted=" + corrupted + (firstErrors.isEmpty() ? "" : " " + firstErrors);
	}
}
