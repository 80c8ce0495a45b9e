package org.hbakit.bridge.bench;

import java.nio.ByteBuffer;

/**
 * The baseline every {@code hba:bench} run measures in the same process just before its workload: one thread
 * copying blocks of the run's block size between two direct buffers, the least work a read into client memory
 * can do. Reporting I/Os per second next to copies per second makes figures comparable across noisy machines.
 */
final class CopyBaseline {
	private CopyBaseline() {
	}

	/** Copies per second over about {@code nanos}, after a short warmup. */
	static double copiesPerSecond(int blockSize, long nanos) {
		ByteBuffer src = ByteBuffer.allocateDirect(blockSize);
		ByteBuffer dst = ByteBuffer.allocateDirect(blockSize);
		copy(src, dst, System.nanoTime() + nanos / 4);
		long start = System.nanoTime();
		long copies = copy(src, dst, start + nanos);
		return copies / ((System.nanoTime() - start) / 1e9);
	}

	private static long copy(ByteBuffer src, ByteBuffer dst, long until) {
		long copies = 0;
		while (System.nanoTime() - until < 0) {
			for (int i = 0; i < 256; i++) {
				dst.clear();
				dst.put(src.clear());
			}
			copies += 256;
		}
		return copies;
	}
}
