package org.hbakit.hba.sim.scsi;

import java.nio.ByteBuffer;

/**
 * A per-thread 64 KiB work buffer for building parameter data and comparing blocks, so commands allocate nothing
 * after a device thread's first use. Holds only a JDK {@link ByteBuffer} (with an accessible array), so a thread
 * outliving the bundle pins no bundle class. A handler uses it for one command and must not hand it to code that
 * uses it too.
 */
final class Scratch {
	/** Bytes available: enough for any 16-bit parameter list length. */
	static final int SIZE = 64 * 1024;

	private static final ThreadLocal<ByteBuffer> LOCAL = ThreadLocal.withInitial(() -> ByteBuffer.allocate(SIZE));

	private Scratch() {
	}

	/** This thread's buffer (position 0, limit {@link #SIZE}; callers use absolute indices and {@code array()}). */
	static ByteBuffer get() {
		return LOCAL.get();
	}
}
