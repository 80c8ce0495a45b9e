package org.hbakit.hba.sim.scsi.fault;

/**
 * The SplitMix64 generator of {@link java.util.SplittableRandom}, indexed: {@code value(seed, k)} is the k-th
 * (1-based) {@code nextLong()} of {@code new SplittableRandom(seed)}. Indexing by command number gives every fault
 * decision a reproducible random value without shared mutable generator state, so device threads need no lock.
 */
final class SplitMix {
	/** SplittableRandom's default gamma. */
	static final long GOLDEN_GAMMA = 0x9E37_79B9_7F4A_7C15L;

	private SplitMix() {
	}

	/** The k-th (1-based) value of {@code new SplittableRandom(seed).nextLong()}. */
	static long value(long seed, long k) {
		return mix64(seed + k * GOLDEN_GAMMA);
	}

	/** SplittableRandom's output function (Stafford variant 13). */
	static long mix64(long z) {
		z = (z ^ z >>> 30) * 0xBF58_476D_1CE4_E5B9L;
		z = (z ^ z >>> 27) * 0x94D0_49BB_1331_11EBL;
		return z ^ z >>> 31;
	}
}
