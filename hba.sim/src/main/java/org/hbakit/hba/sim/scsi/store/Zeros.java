package org.hbakit.hba.sim.scsi.store;

import java.nio.ByteBuffer;

/** Zero-filling of buffer ranges without allocation, for stores that read unwritten data as zeros. */
final class Zeros {
	private static final byte[] ZEROS = new byte[64 * 1024];

	private Zeros() {
	}

	/** Writes {@code length} zero bytes at {@code dst[index..]} (absolute; position and limit untouched). */
	static void fill(ByteBuffer dst, int index, int length) {
		while (length > 0) {
			int n = Math.min(length, ZEROS.length);
			dst.put(index, ZEROS, 0, n);
			index += n;
			length -= n;
		}
	}
}
