package org.hbakit.conformance.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.client.SCSITaskResult;

/**
 * A verified workload: {@code submitters} threads, each on its own region of a unit, write a pattern and read it
 * back, over transfer sizes from one block up to {@code maxBytes} in powers of two, until stopped. The first
 * problem (a command not GOOD, a short transfer, a byte that differs) is kept.
 */
final class Workload implements AutoCloseable {
	private final ExecutorService threads;
	private final AtomicBoolean stop = new AtomicBoolean();
	private final AtomicReference<String> problem = new AtomicReference<>();
	private final AtomicLong commands = new AtomicLong();
	private final List<Future<?>> running = new ArrayList<>();

	Workload(SCSILogicalUnit unit, int submitters, int maxBytes) {
		AtomicInteger n = new AtomicInteger();
		threads = Executors.newFixedThreadPool(submitters, r -> {
			Thread t = new Thread(r, "conformance-workload-" + n.incrementAndGet());
			t.setDaemon(true);
			return t;
		});
		int bs = unit.blockSize();
		int maxBlocks = Math.max(1, maxBytes / bs);
		long region = unit.blockCount() / submitters;
		for (int s = 0; s < submitters; s++) {
			long base = s * region;
			long seed0 = s * 1_000_003L;
			running.add(threads.submit(() -> {
				ByteBuffer out = ByteBuffer.allocateDirect(maxBlocks * bs);
				ByteBuffer in = ByteBuffer.allocateDirect(maxBlocks * bs);
				long seed = seed0;
				while (!stop.get() && problem.get() == null) {
					for (int blocks = 1; blocks <= maxBlocks && blocks <= region && !stop.get(); blocks *= 2) {
						long lba = base + (seed % Math.max(1, region - blocks + 1));
						seed++;
						if (!round(unit, lba, blocks, bs, seed, out, in)) {
							return null;
						}
					}
				}
				return null;
			}));
		}
	}

	private boolean round(SCSILogicalUnit unit, long lba, int blocks, int bs, long seed, ByteBuffer out, ByteBuffer in)
			throws InterruptedException {
		int length = blocks * bs;
		out.clear().limit(length);
		Io.fill(out, seed, lba);
		SCSITaskResult w = Io.write(unit, lba, out.slice());
		commands.incrementAndGet();
		if (!w.isGood() || w.bytesTransferred() != length) {
			return fail("WRITE(16) of " + length + " bytes at LBA " + lba + " on " + unit.name() + ": " + w);
		}
		in.clear().limit(length);
		for (int i = 0; i < length; i += 8) {
			in.putLong(i, 0);
		}
		SCSITaskResult r = Io.read(unit, lba, in.slice(), Io.TIMEOUT_MS);
		commands.incrementAndGet();
		if (!r.isGood() || r.bytesTransferred() != length) {
			return fail("READ(16) of " + length + " bytes at LBA " + lba + " on " + unit.name() + ": " + r);
		}
		int bad = Io.firstMismatch(in, length, seed, lba);
		if (bad >= 0) {
			return fail("READ(16) of " + length + " bytes at LBA " + lba + " on " + unit.name()
					+ " returned other data than written, first at byte " + bad);
		}
		return true;
	}

	private boolean fail(String what) {
		problem.compareAndSet(null, what);
		return false;
	}

	/** Stops the submitters and waits (bounded) for them; the first problem, or null. */
	String finish() throws InterruptedException {
		stop.set(true);
		for (Future<?> f : running) {
			try {
				f.get(Io.TIMEOUT_MS * 3, TimeUnit.MILLISECONDS);
			} catch (ExecutionException e) {
				fail("submitter failed: " + e.getCause());
			} catch (TimeoutException e) {
				fail("a submitter did not finish within " + Io.TIMEOUT_MS * 3 + " ms");
			}
		}
		return problem.get();
	}

	/** Commands that completed. */
	long commands() {
		return commands.get();
	}

	/** Runs until {@code millis} passed or a problem appeared. */
	String runFor(long millis) throws InterruptedException {
		Waits.until(() -> problem.get() != null, millis);
		return finish();
	}

	@Override
	public void close() {
		stop.set(true);
		threads.shutdownNow();
	}
}
