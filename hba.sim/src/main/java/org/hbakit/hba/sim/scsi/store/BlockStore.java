package org.hbakit.hba.sim.scsi.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Byte-addressed storage behind a simulated logical unit.
 * <p>
 * Called by {@code SimulatedDisk} on the HBA's device threads, concurrently; implementations are thread-safe and
 * allocate nothing per call in steady state. Buffers are lent for the duration of a call and addressed with
 * absolute indices, which must lie below the buffer's limit; an implementation never changes a buffer's position or
 * limit (host memory may be shared by concurrent requests) and keeps no reference. Concurrent overlapping writes land in some order per byte range, like a real disk;
 * the caller serialises where the SCSI semantics need it. Offsets and lengths are validated by the caller
 * (the disk checks LBA ranges); a store throws {@link IllegalArgumentException} for ranges outside
 * {@link #maxCapacityBytes()}.
 */
public interface BlockStore extends Closeable {

	/** The largest capacity, in bytes, the store can address. */
	long maxCapacityBytes();

	/**
	 * The allocation unit in bytes (a power of two): {@link #unmap} releases storage only for whole units and
	 * {@link #isMapped} answers per unit. 0 when the store does not support unmap.
	 */
	int granularity();

	/** Copies {@code length} bytes at {@code offset} into {@code dst[dstIndex..]}; unwritten bytes read as zeros where the store keeps data. */
	void read(long offset, ByteBuffer dst, int dstIndex, int length) throws IOException;

	/**
	 * Copies {@code length} bytes from {@code src[srcIndex..]} to {@code offset}.
	 *
	 * @throws StoreFullException if the store cannot allocate space for the data
	 */
	void write(long offset, ByteBuffer src, int srcIndex, int length) throws IOException;

	/** Whether {@link #unmap} releases storage (a thin-provisioned store). */
	boolean supportsUnmap();

	/** Whether unmapped ranges read as zeros afterwards (what LBPRZ advertises). */
	boolean unmappedReadsZero();

	/**
	 * Deallocates {@code length} bytes at {@code offset}: whole allocation units are released, partial ones are
	 * zeroed in place. A no-op for stores that do not support unmap.
	 */
	void unmap(long offset, long length) throws IOException;

	/** Whether the allocation unit holding {@code offset} holds storage (has been written and not unmapped). */
	boolean isMapped(long offset);

	/**
	 * The number of bytes from {@code offset}, at most {@code maxLength}, whose mapped state equals that of
	 * {@code offset}: the length of the run {@link #isMapped} reports for GET LBA STATUS.
	 */
	long runLength(long offset, long maxLength);

	/** Makes every completed write durable (SYNCHRONIZE CACHE, FUA, write-through). */
	void flush() throws IOException;

	/** Releases the store's resources; the owner calls it once when the logical unit is discarded. */
	@Override
	void close() throws IOException;
}
