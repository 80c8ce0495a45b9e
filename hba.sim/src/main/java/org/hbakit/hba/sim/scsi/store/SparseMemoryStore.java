package org.hbakit.hba.sim.scsi.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thin-provisioned in-memory store: a three-level page table of fixed-size chunks, each allocated on the first
 * write into it. A multi-terabyte logical unit costs memory only for what was written; unwritten bytes read as
 * zeros; unmapping a whole chunk frees it (a partly unmapped chunk is zeroed in place and stays allocated, so the
 * chunk size is the unmap granularity the disk advertises).
 * <p>
 * Lock-free: readers and writers walk the table with acquire loads, and new directories and chunks are installed
 * with compare-and-set, so a READ or WRITE takes no lock and allocates nothing once its chunks exist. A write
 * racing with an unmap of the same chunk may land in the freed chunk and be lost; that is a legal order of two
 * overlapping commands. Addressable capacity is {@code chunkSize << 36} bytes (4 PiB with 64 KiB chunks); the
 * table itself costs 16 KiB plus 32 KiB per 256 MiB region touched (with 64 KiB chunks).
 * <p>
 * Chunks are direct buffers, outside the Java heap: gigabytes of written RAM disk are then nothing a garbage
 * collection copies, marks or scans (on the heap they made young collections, and so hot-swap pauses, tens of
 * milliseconds long). Their limit is the JVM's direct memory ({@code -XX:MaxDirectMemorySize}, by default the
 * maximum heap size); a chunk that does not fit is this store's "out of space".
 */
public final class SparseMemoryStore implements BlockStore {
	/** Default chunk size: 64 KiB. */
	public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;
	/** Smallest chunk size. */
	public static final int MIN_CHUNK_SIZE = 512;
	/** Largest chunk size. */
	public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;

	private static final int LEVEL_BITS = 12;
	private static final int LEVEL_SIZE = 1 << LEVEL_BITS;
	private static final int LEVEL_MASK = LEVEL_SIZE - 1;
	private static final VarHandle TOP = MethodHandles.arrayElementVarHandle(ByteBuffer[][][].class);
	private static final VarHandle MID = MethodHandles.arrayElementVarHandle(ByteBuffer[][].class);
	private static final VarHandle LEAF = MethodHandles.arrayElementVarHandle(ByteBuffer[].class);

	private final int chunkSize;
	private final int chunkShift;
	private final long maxCapacity;
	private final ByteBuffer[][][] top = new ByteBuffer[LEVEL_SIZE][][];
	private final AtomicLong chunks = new AtomicLong();

	/** A store with 64 KiB chunks. */
	public SparseMemoryStore() {
		this(DEFAULT_CHUNK_SIZE);
	}

	/**
	 * A store with the given chunk size.
	 *
	 * @throws IllegalArgumentException unless {@code chunkSize} is a power of two in 512..16 MiB
	 */
	public SparseMemoryStore(int chunkSize) {
		if (Integer.bitCount(chunkSize) != 1 || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
			throw new IllegalArgumentException("chunk size " + chunkSize + " is not a power of two in 512..16 MiB");
		}
		this.chunkSize = chunkSize;
		this.chunkShift = Integer.numberOfTrailingZeros(chunkSize);
		this.maxCapacity = (long) chunkSize << (3 * LEVEL_BITS);
	}

	@Override
	public long maxCapacityBytes() {
		return maxCapacity;
	}

	@Override
	public int granularity() {
		return chunkSize;
	}

	/** Number of chunks currently allocated: the store's memory use is this times {@link #granularity()}. */
	public long allocatedChunks() {
		return chunks.get();
	}

	/** Bytes of chunk memory currently allocated. */
	public long allocatedBytes() {
		return chunks.get() * chunkSize;
	}

	@Override
	public void read(long offset, ByteBuffer dst, int dstIndex, int length) {
		check(offset, length);
		while (length > 0) {
			int in = (int) (offset & (chunkSize - 1));
			int n = Math.min(length, chunkSize - in);
			ByteBuffer chunk = chunk(offset >>> chunkShift);
			if (chunk == null) {
				Zeros.fill(dst, dstIndex, n);
			} else {
				dst.put(dstIndex, chunk, in, n);
			}
			offset += n;
			dstIndex += n;
			length -= n;
		}
	}

	@Override
	public void write(long offset, ByteBuffer src, int srcIndex, int length) throws StoreFullException {
		check(offset, length);
		while (length > 0) {
			int in = (int) (offset & (chunkSize - 1));
			int n = Math.min(length, chunkSize - in);
			chunkForWrite(offset >>> chunkShift).put(in, src, srcIndex, n);
			offset += n;
			srcIndex += n;
			length -= n;
		}
	}

	@Override
	public boolean supportsUnmap() {
		return true;
	}

	@Override
	public boolean unmappedReadsZero() {
		return true;
	}

	@Override
	public void unmap(long offset, long length) {
		check(offset, length);
		long end = offset + length;
		while (offset < end) {
			long ci = offset >>> chunkShift;
			ByteBuffer[][] mid = (ByteBuffer[][]) TOP.getAcquire(top, (int) (ci >>> 2 * LEVEL_BITS));
			if (mid == null) {
				offset = nextBoundary(offset, 2 * LEVEL_BITS);
				continue;
			}
			ByteBuffer[] leaf = (ByteBuffer[]) MID.getAcquire(mid, (int) (ci >>> LEVEL_BITS) & LEVEL_MASK);
			if (leaf == null) {
				offset = nextBoundary(offset, LEVEL_BITS);
				continue;
			}
			int slot = (int) ci & LEVEL_MASK;
			int in = (int) (offset & (chunkSize - 1));
			int n = (int) Math.min(end - offset, chunkSize - in);
			if (n == chunkSize) {
				if (LEAF.getAndSet(leaf, slot, (ByteBuffer) null) != null) {
					chunks.decrementAndGet();
				}
			} else {
				ByteBuffer chunk = (ByteBuffer) LEAF.getAcquire(leaf, slot);
				if (chunk != null) {
					Zeros.fill(chunk, in, n);
				}
			}
			offset += n;
		}
	}

	@Override
	public boolean isMapped(long offset) {
		check(offset, 0);
		return chunk(offset >>> chunkShift) != null;
	}

	@Override
	public long runLength(long offset, long maxLength) {
		check(offset, 0);
		long limit = maxLength >= maxCapacity - offset ? maxCapacity : offset + Math.max(0, maxLength);
		boolean mapped = isMapped(offset);
		long at = offset;
		while (at < limit) {
			long ci = at >>> chunkShift;
			ByteBuffer[][] mid = (ByteBuffer[][]) TOP.getAcquire(top, (int) (ci >>> 2 * LEVEL_BITS));
			if (mid == null) {
				if (mapped) {
					break;
				}
				at = nextBoundary(at, 2 * LEVEL_BITS);
				continue;
			}
			ByteBuffer[] leaf = (ByteBuffer[]) MID.getAcquire(mid, (int) (ci >>> LEVEL_BITS) & LEVEL_MASK);
			if (leaf == null) {
				if (mapped) {
					break;
				}
				at = nextBoundary(at, LEVEL_BITS);
				continue;
			}
			if ((LEAF.getAcquire(leaf, (int) ci & LEVEL_MASK) != null) != mapped) {
				break;
			}
			at = nextBoundary(at, 0);
		}
		return Math.min(at, limit) - offset;
	}

	@Override
	public void flush() {
		// memory is as durable as it gets
	}

	/** Frees every chunk; the store reads zeros afterwards. */
	@Override
	public void close() {
		for (int i = 0; i < LEVEL_SIZE; i++) {
			TOP.setRelease(top, i, (ByteBuffer[][]) null);
		}
		chunks.set(0);
	}

	private ByteBuffer chunk(long ci) {
		ByteBuffer[][] mid = (ByteBuffer[][]) TOP.getAcquire(top, (int) (ci >>> 2 * LEVEL_BITS));
		if (mid == null) {
			return null;
		}
		ByteBuffer[] leaf = (ByteBuffer[]) MID.getAcquire(mid, (int) (ci >>> LEVEL_BITS) & LEVEL_MASK);
		return leaf == null ? null : (ByteBuffer) LEAF.getAcquire(leaf, (int) ci & LEVEL_MASK);
	}

	private ByteBuffer chunkForWrite(long ci) throws StoreFullException {
		try {
			int t = (int) (ci >>> 2 * LEVEL_BITS);
			ByteBuffer[][] mid = (ByteBuffer[][]) TOP.getAcquire(top, t);
			if (mid == null) {
				mid = install(TOP, top, t, new ByteBuffer[LEVEL_SIZE][]);
			}
			int m = (int) (ci >>> LEVEL_BITS) & LEVEL_MASK;
			ByteBuffer[] leaf = (ByteBuffer[]) MID.getAcquire(mid, m);
			if (leaf == null) {
				leaf = install(MID, mid, m, new ByteBuffer[LEVEL_SIZE]);
			}
			int s = (int) ci & LEVEL_MASK;
			ByteBuffer chunk = (ByteBuffer) LEAF.getAcquire(leaf, s);
			if (chunk == null) {
				ByteBuffer fresh = ByteBuffer.allocateDirect(chunkSize);
				chunk = (ByteBuffer) LEAF.compareAndExchange(leaf, s, (ByteBuffer) null, fresh);
				if (chunk == null) {
					chunks.incrementAndGet();
					chunk = fresh;
				}
			}
			return chunk;
		} catch (OutOfMemoryError e) {
			// no direct memory left is this store's "out of space"; the disk reports it like a thin-provisioned array
			throw new StoreFullException("no memory for another " + chunkSize + "-byte chunk", e);
		}
	}

	@SuppressWarnings("unchecked")
	private static <T> T install(VarHandle handle, Object array, int index, T fresh) {
		Object witness = handle.compareAndExchange((Object[]) array, index, (Object) null, (Object) fresh);
		return witness == null ? fresh : (T) witness;
	}

	private long nextBoundary(long offset, int levelBits) {
		int shift = chunkShift + levelBits;
		return ((offset >>> shift) + 1) << shift;
	}

	private void check(long offset, long length) {
		if (offset < 0 || length < 0 || offset > maxCapacity - length) {
			throw new IllegalArgumentException("range " + offset + "+" + length + " outside 0.." + maxCapacity);
		}
	}
}
