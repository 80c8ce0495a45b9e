package org.hbakit.controller.testlib;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.hbakit.controller.api.client.SCSILogicalUnit;

/**
 * A verified workload on one logical unit: concurrent submitters, each on its own range of blocks, write a pattern
 * that names the block, the submitter and the round, read it back and compare every byte. Transfer lengths cycle
 * through 1…{@code maxBlocks} blocks, so every length up to the largest is moved.
 */
public final class VerifiedIO {
	/** What a run moved. */
	public record Result(long writes, long reads, long bytes) {
	}

	private VerifiedIO() {
	}

	/**
	 * Runs {@code rounds} write-then-read rounds on each of {@code submitters} threads.
	 *
	 * @throws AssertionError naming the block and byte of the first mismatch, or the first failed command
	 */
	public static Result run(SCSILogicalUnit unit, int submitters, int rounds, int maxBlocks) throws Exception {
		long perSubmitter = unit.blockCount() / submitters;
		if (perSubmitter < maxBlocks) {
			throw new IllegalArgumentException(unit.name() + " is too small for " + submitters + " submitters of "
					+ maxBlocks + " blocks");
		}
		ExecutorService pool = Executors.newFixedThreadPool(submitters);
		try {
			List<Future<Result>> futures = new ArrayList<>();
			for (int s = 0; s < submitters; s++) {
				long first = s * perSubmitter;
				int id = s;
				futures.add(pool.submit(() -> submitter(unit, id, first, perSubmitter, rounds, maxBlocks)));
			}
			long writes = 0, reads = 0, bytes = 0;
			for (Future<Result> f : futures) {
				Result r = f.get(60, TimeUnit.SECONDS);
				writes += r.writes();
				reads += r.reads();
				bytes += r.bytes();
			}
			return new Result(writes, reads, bytes);
		} catch (java.util.concurrent.ExecutionException e) {
			if (e.getCause() instanceof AssertionError a) {
				throw a;
			}
			throw new AssertionError(unit.name() + ": " + e.getCause(), e.getCause());
		} finally {
			pool.shutdownNow();
		}
	}

	private static Result submitter(SCSILogicalUnit unit, int id, long first, long blocks, int rounds, int maxBlocks)
			throws Exception {
		int blockSize = unit.blockSize();
		ByteBuffer out = ByteBuffer.allocateDirect(maxBlocks * blockSize);
		ByteBuffer in = ByteBuffer.allocateDirect(maxBlocks * blockSize);
		long lba = first;
		long bytes = 0;
		for (int round = 0; round < rounds; round++) {
			int n = 1 + round % maxBlocks;
			if (lba + n > first + blocks) {
				lba = first;
			}
			out.clear().limit(n * blockSize);
			for (int i = 0; i < n * blockSize; i++) {
				out.put(i, pattern(lba, id, round, i));
			}
			unit.write(lba, out);
			in.clear().limit(n * blockSize);
			unit.read(lba, in);
			for (int i = 0; i < n * blockSize; i++) {
				if (in.get(i) != pattern(lba, id, round, i)) {
					throw new AssertionError(unit.name() + ": block " + (lba + i / blockSize) + " byte " + i % blockSize
							+ " read back " + in.get(i) + ", written " + pattern(lba, id, round, i) + " (submitter "
							+ id + ", round " + round + ", " + n + " blocks)");
				}
			}
			bytes += 2L * n * blockSize;
			lba += n;
		}
		return new Result(rounds, rounds, bytes);
	}

	private static byte pattern(long lba, int submitter, int round, int offset) {
		long x = lba * 0x9E3779B97F4A7C15L + submitter * 0xBF58476D1CE4E5B9L + round * 31L + offset;
		return (byte) (x ^ x >>> 29);
	}
}
