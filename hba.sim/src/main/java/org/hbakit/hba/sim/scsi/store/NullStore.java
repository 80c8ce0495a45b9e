package org.hbakit.hba.sim.scsi.store;

import java.nio.ByteBuffer;

/**
 * A store that moves no data, like Linux null_blk: reads leave the buffer as it is, writes are discarded. For
 * measuring command dispatch alone. Fully provisioned (no unmap); every offset reports mapped.
 * Stateless and shared safely: use {@link #INSTANCE}.
 */
public final class NullStore implements BlockStore {
	/** The shared instance. */
	public static final NullStore INSTANCE = new NullStore();

	private NullStore() {
	}

	@Override
	public long maxCapacityBytes() {
		return Long.MAX_VALUE;
	}

	@Override
	public int granularity() {
		return 0;
	}

	@Override
	public void read(long offset, ByteBuffer dst, int dstIndex, int length) {
		// deliberately nothing: the point is to measure everything but data movement
	}

	@Override
	public void write(long offset, ByteBuffer src, int srcIndex, int length) {
		// discarded
	}

	@Override
	public boolean supportsUnmap() {
		return false;
	}

	@Override
	public boolean unmappedReadsZero() {
		return false;
	}

	@Override
	public void unmap(long offset, long length) {
		// nothing is stored
	}

	@Override
	public boolean isMapped(long offset) {
		return true;
	}

	@Override
	public long runLength(long offset, long maxLength) {
		return Math.max(0, maxLength);
	}

	@Override
	public void flush() {
		// nothing to make durable
	}

	@Override
	public void close() {
		// shared and stateless
	}
}
