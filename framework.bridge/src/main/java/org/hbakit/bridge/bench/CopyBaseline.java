package org.hbakit.bridge.bench;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The baseline every {@code hba:bench} run measures in the same process just before its workload: one thread
 * copying blocks of the run's block size from random aligned offsets of a 256 MiB buffer into a direct buffer, the
 * least work a random read into client memory can do. 256 MiB is larger than most last-level caches, not all: a
 * machine with a larger one (the development machine reports 480 MiB) copies from cache here while a larger RAM
 * disk is read from memory, so there the ratio understates the stack (docs/benchmarks.md measures both).
 * Reporting I/Os per second next to copies per second makes figures comparable across noisy machines.
 */
final class CopyBaseline {
	private static final int SOURCE_BYTES = 256 << 20;

	private CopyBaseline() {
	}

	/** Copies per second over about {@code nanos}, after a short warmup. */
	static double copiesPerSecond(int blockSize, long nanos) {
		ByteBuffer source = ByteBuffer.allocateDirect(SOURCE_BYTES); // off-heap, as the RAM disks are
		for (int i = 0; i < SOURCE_BYTES; i += 4096) {
			source.put(i, (byte) i); // touch every page so the copies read real memory
		}
		ByteBuffer dst = ByteBuffer.allocateDirect(blockSize);
		int blocks = SOURCE_BYTES / blockSize;
		SplittableRandom random = new SplittableRandom(1);
		copy(source, dst, blockSize, blocks, random, System.nanoTime() + nanos / 4);
		long start = System.nanoTime();
		long copies = copy(source, dst, blockSize, blocks, random, start + nanos);
		return copies / ((System.nanoTime() - start) / 1e9);
	}

	private static long copy(ByteBuffer source, ByteBuffer dst, int blockSize, int blocks, SplittableRandom random,
			long until) {
		long copies = 0;
		while (System.nanoTime() - until < 0) {
			for (int i = 0; i < 64; i++) {
				dst.clear();
				dst.put(0, source, random.nextInt(blocks) * blockSize, blockSize);
			}
			copies += 64;
		}
		return copies;
	}
}
