package org.hbakit.hba.sim.scsi;

import java.nio.ByteBuffer;

/**
 * Big-endian stores into a {@link ByteBuffer} by absolute index, independent of the buffer's byte order (the HBA's
 * host memory may be little-endian), and silently clipped at {@code end} so parameter data can be written
 * straight into host memory truncated to the allocation length.
 */
final class BigEndian {
	private BigEndian() {
	}

	/** Stores one byte at {@code index} if {@code index < end}. */
	static void put8(ByteBuffer b, int end, long index, int v) {
		if (index < end) {
			b.put((int) index, (byte) v);
		}
	}

	/** Stores the low 32 bits of {@code v} at {@code index}, the bytes before {@code end} only. */
	static void put32(ByteBuffer b, int end, long index, long v) {
		for (int i = 0; i < 4; i++) {
			put8(b, end, index + i, (int) (v >>> (24 - 8 * i)));
		}
	}

	/** Stores {@code v} at {@code index}, the bytes before {@code end} only. */
	static void put64(ByteBuffer b, int end, long index, long v) {
		put32(b, end, index, v >>> 32);
		put32(b, end, index + 4, v);
	}
}
