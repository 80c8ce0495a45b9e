package org.hbakit.hba.sim.scsi;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.hbakit.hba.sim.scsi.store.BlockStore;
import org.hbakit.hba.sim.scsi.store.StoreFullException;

/** Test helper: a store that counts calls to another and can fail on demand. */
final class CountingStore implements BlockStore {
	private final BlockStore delegate;
	volatile int reads;
	volatile int writes;
	volatile int flushes;
	volatile int unmaps;
	volatile boolean failReads;
	volatile boolean failWritesWithFull;

	CountingStore(BlockStore delegate) {
		this.delegate = delegate;
	}

	@Override
	public long maxCapacityBytes() {
		return delegate.maxCapacityBytes();
	}

	@Override
	public int granularity() {
		return delegate.granularity();
	}

	@Override
	public void read(long offset, ByteBuffer dst, int dstIndex, int length) throws IOException {
		reads++;
		if (failReads) {
			throw new IOException("injected read failure");
		}
		delegate.read(offset, dst, dstIndex, length);
	}

	@Override
	public void write(long offset, ByteBuffer src, int srcIndex, int length) throws IOException {
		writes++;
		if (failWritesWithFull) {
			throw new StoreFullException("injected", null);
		}
		delegate.write(offset, src, srcIndex, length);
	}

	@Override
	public boolean supportsUnmap() {
		return delegate.supportsUnmap();
	}

	@Override
	public boolean unmappedReadsZero() {
		return delegate.unmappedReadsZero();
	}

	@Override
	public void unmap(long offset, long length) throws IOException {
		unmaps++;
		delegate.unmap(offset, length);
	}

	@Override
	public boolean isMapped(long offset) {
		return delegate.isMapped(offset);
	}

	@Override
	public long runLength(long offset, long maxLength) {
		return delegate.runLength(offset, maxLength);
	}

	@Override
	public void flush() throws IOException {
		flushes++;
		delegate.flush();
	}

	@Override
	public void close() throws IOException {
		delegate.close();
	}
}
