package org.hbakit.hba.sim.scsi.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A store backed by a file through {@link FileChannel} positional I/O, so the data survives a restart. The file
 * grows as blocks are written (the operating system keeps unwritten regions as holes where it can); bytes past
 * its end read as zeros. {@link #flush()} forces the file to the device (SYNCHRONIZE CACHE, FUA, write-through).
 * <p>
 * Fully provisioned: it does not support unmap, so a disk on it reports no thin provisioning. Positional I/O on
 * one channel is safe from many threads. Data goes through a per-thread direct bounce buffer, so the caller's
 * buffer (host memory, possibly shared by concurrent requests) is only touched with absolute bulk copies and its
 * position and limit never change; the JDK would copy heap buffers through a temporary direct buffer anyway.
 * <p>
 * An interrupt on a device thread closes a {@code FileChannel} for everyone; the store then reopens the file and
 * retries the operation once, keeping the thread's interrupt status for its owner. The store owns the channel;
 * {@link #close()} closes it for good.
 */
public final class FileStore implements BlockStore {
	/** Per-thread bounce buffer; a JDK type only, so a thread outliving the bundle pins no bundle class. */
	private static final ThreadLocal<ByteBuffer> BOUNCE = ThreadLocal
			.withInitial(() -> ByteBuffer.allocateDirect(128 * 1024));

	private final Path path;
	private final Object reopenLock = new Object();
	private volatile FileChannel channel;
	private volatile boolean closed;

	private FileStore(Path path, FileChannel channel) {
		this.path = path;
		this.channel = channel;
	}

	/**
	 * Opens {@code path} for reading and writing, creating an empty file if there is none. The caller owns the
	 * returned store and closes it.
	 */
	public static FileStore open(Path path) throws IOException {
		return new FileStore(path, openChannel(path));
	}

	private static FileChannel openChannel(Path path) throws IOException {
		return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
	}

	/** The backing file. */
	public Path path() {
		return path;
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
	public void read(long offset, ByteBuffer dst, int dstIndex, int length) throws IOException {
		check(offset, length);
		ByteBuffer bounce = BOUNCE.get();
		int done = 0;
		while (done < length) {
			int n = Math.min(length - done, bounce.capacity());
			bounce.clear().limit(n);
			while (bounce.hasRemaining()) {
				if (readOnce(bounce, offset + done + bounce.position()) < 0) {
					break; // the end of the file: the rest reads as zeros
				}
			}
			int got = bounce.position();
			dst.put(dstIndex + done, bounce, 0, got);
			if (got < n) {
				Zeros.fill(dst, dstIndex + done + got, length - done - got);
				return;
			}
			done += n;
		}
	}

	@Override
	public void write(long offset, ByteBuffer src, int srcIndex, int length) throws IOException {
		check(offset, length);
		ByteBuffer bounce = BOUNCE.get();
		int done = 0;
		while (done < length) {
			int n = Math.min(length - done, bounce.capacity());
			bounce.clear();
			bounce.put(0, src, srcIndex + done, n);
			bounce.limit(n);
			while (bounce.hasRemaining()) {
				writeOnce(bounce, offset + done + bounce.position());
			}
			done += n;
		}
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
		// fully provisioned: nothing to release
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
	public void flush() throws IOException {
		for (int attempt = 0;; attempt++) {
			FileChannel ch = channel();
			try {
				ch.force(false);
				return;
			} catch (ClosedChannelException e) {
				recover(ch, e, attempt);
			}
		}
	}

	@Override
	public void close() throws IOException {
		synchronized (reopenLock) {
			closed = true;
			channel.close();
		}
	}

	private int readOnce(ByteBuffer dst, long position) throws IOException {
		for (int attempt = 0;; attempt++) {
			FileChannel ch = channel();
			boolean interrupted = attempt > 0 && Thread.interrupted();
			try {
				return ch.read(dst, position);
			} catch (ClosedChannelException e) {
				recover(ch, e, attempt);
			} finally {
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	private int writeOnce(ByteBuffer src, long position) throws IOException {
		for (int attempt = 0;; attempt++) {
			FileChannel ch = channel();
			boolean interrupted = attempt > 0 && Thread.interrupted();
			try {
				return ch.write(src, position);
			} catch (ClosedChannelException e) {
				recover(ch, e, attempt);
			} finally {
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	private FileChannel channel() throws ClosedChannelException {
		if (closed) {
			throw new ClosedChannelException();
		}
		return channel;
	}

	/** Reopens the file after an interrupt closed the channel under us; gives up if we closed it, or on a second failure. */
	private void recover(FileChannel failed, ClosedChannelException e, int attempt) throws IOException {
		if (closed || attempt > 0) {
			throw e;
		}
		synchronized (reopenLock) {
			if (closed) {
				throw e;
			}
			if (channel == failed) {
				boolean interrupted = Thread.interrupted(); // opening must not see the interrupt either
				try {
					channel = openChannel(path);
				} finally {
					if (interrupted || e instanceof ClosedByInterruptException) {
						Thread.currentThread().interrupt();
					}
				}
			}
		}
	}

	private static void check(long offset, long length) {
		if (offset < 0 || length < 0 || offset > Long.MAX_VALUE - length) {
			throw new IllegalArgumentException("range " + offset + "+" + length + " is invalid");
		}
	}
}
