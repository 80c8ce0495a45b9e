package org.hbakit.bridge.bench;

import java.nio.ByteBuffer;

/**
 * The data {@code --verify} writes: every 8-byte word of an I/O block is derived from the run's seed, the
 * logical unit, the block (in units of {@code --bs}) and the write's generation, so a read can be checked
 * against the last acknowledged write without keeping its data. Called on worker threads; allocation free.
 */
final class VerifyPattern {
	private static final long STRIDE = 0x9E3779B97F4A7C15L;
	/** Written at the start of every logical block before a read, so a read that moved no data cannot pass. */
	static final long POISON = 0xDEADBEEF_5A5A5A5AL;

	private VerifyPattern() {
	}

	/** The first word of the block {@code unit} of unit {@code lun} at generation {@code gen}. */
	static long base(long seed, int lun, long unit, int gen) {
		long z = seed ^ (lun * 0xC2B2AE3D27D4EB4FL) ^ (unit * 0x165667B19E3779F9L) ^ ((long) gen << 40);
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/** Fills {@code length} bytes of {@code buffer} (absolute, from 0) with the pattern starting at {@code base}. */
	static void fill(ByteBuffer buffer, int length, long base) {
		for (int i = 0; i < length; i += 8) {
			buffer.putLong(i, base + i * STRIDE);
		}
	}

	/** Whether {@code length} bytes of {@code buffer} hold the pattern starting at {@code base}. */
	static boolean matches(ByteBuffer buffer, int length, long base) {
		for (int i = 0; i < length; i += 8) {
			if (buffer.getLong(i) != base + i * STRIDE) {
				return false;
			}
		}
		return true;
	}

	/** Whether {@code length} bytes of {@code buffer} are zero (a block never written). */
	static boolean isZero(ByteBuffer buffer, int length) {
		for (int i = 0; i < length; i += 8) {
			if (buffer.getLong(i) != 0) {
				return false;
			}
		}
		return true;
	}

	/** Marks the first word of every logical block of {@code length} bytes with {@link #POISON}. */
	static void poison(ByteBuffer buffer, int length, int blockSize) {
		for (int i = 0; i < length; i += blockSize) {
			buffer.putLong(i, POISON);
		}
	}
}
