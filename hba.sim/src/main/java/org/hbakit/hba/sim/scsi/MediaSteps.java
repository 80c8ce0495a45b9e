package org.hbakit.hba.sim.scsi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.hba.sim.scsi.store.BlockStore;
import org.hbakit.hba.sim.scsi.store.NullStore;
import org.hbakit.hba.sim.scsi.store.StoreFullException;

/**
 * The medium work of {@link MediaCommands} in bounded steps, so that a long command (a huge VERIFY, WRITE SAME or
 * UNMAP, a large transfer, COMPARE AND WRITE) never holds a device thread for long: each step moves or compares at
 * most {@link #STEP_BYTES} ({@link #DEALLOCATE_STEP_BYTES} of range when it only deallocates). When the exchange
 * {@linkplain ScsiExchange#isSteppable() allows steps} a command that has more to do after one step returns
 * {@linkplain ScsiExchange#isSuspended() suspended} and {@link #resume} runs the next; otherwise all steps run in one
 * call. The state between steps is the exchange's {@link CommandProgress}, so steps allocate nothing.
 * <p>
 * COMPARE AND WRITE excludes the unit's other COMPARE AND WRITEs from its first compare to its last write by an
 * owner token ({@code SimulatedDisk.compareAndWriteOwner}), not a lock, since the holder may be suspended between
 * steps while the same thread runs other commands; a second one waits (suspended, or spinning when it may not
 * suspend) until the token is free. {@link #abandon} releases it.
 */
final class MediaSteps {
	/** Bytes read, written or compared in one step. */
	static final int STEP_BYTES = 1 << 20;
	/** Bytes of LBA range deallocated in one step (deallocation costs per allocated chunk, not per byte). */
	static final long DEALLOCATE_STEP_BYTES = 1L << 30;

	/** Longest a COMPARE AND WRITE waits for the one before it; then it answers BUSY (a leaked holder hangs nothing). */
	static final long COMPARE_AND_WRITE_WAIT_NANOS = 10_000_000_000L;

	static final int READ = 1, WRITE = 2, VERIFY = 3, WRITE_SAME = 4, WRITE_SAME_UNMAP = 5, UNMAP = 6,
			COMPARE_AND_WRITE_WAIT = 7, COMPARE_AND_WRITE_COMPARE = 8, COMPARE_AND_WRITE_WRITE = 9;

	private static final ThreadLocal<byte[]> HOST = ThreadLocal.withInitial(() -> new byte[Scratch.SIZE]);

	private final SimulatedDisk disk;
	private final BlockStore store;
	private final int shift;
	private final int blockSize;

	MediaSteps(SimulatedDisk disk, DiskConfig config, BlockStore store) {
		this.disk = disk;
		this.store = store;
		this.shift = config.blockShift;
		this.blockSize = config.blockSize;
	}

	/** Starts {@code op} over {@code blocks} blocks from {@code lba} and runs it (whole, or its first step). */
	void start(ScsiExchange x, int op, boolean d, long lba, long blocks, long mark, boolean flush, boolean repeat) {
		CommandProgress p = x.progress();
		p.op = op;
		p.owner = disk;
		p.descriptorSense = d;
		p.lba = lba;
		p.blocks = blocks;
		p.done = 0;
		p.mark = mark;
		p.flush = flush;
		p.repeat = repeat;
		run(x);
	}

	/** Runs the next step of a suspended command. */
	void resume(ScsiExchange x) {
		x.unsuspend();
		run(x);
	}

	/** Gives up a suspended command: releases COMPARE AND WRITE's token if it holds it. */
	void abandon(ScsiExchange x) {
		disk.compareAndWriteOwner.compareAndSet(x, null);
		x.progress().clear();
	}

	private void run(ScsiExchange x) {
		while (step(x)) {
			if (x.isSteppable()) {
				x.suspend();
				return;
			}
		}
		if (x.progress().op >= COMPARE_AND_WRITE_WAIT) {
			disk.compareAndWriteOwner.compareAndSet(x, null); // finished, well or not
		}
	}

	/** One step; true if there is more to do. A step that finishes sets the response. */
	private boolean step(ScsiExchange x) {
		CommandProgress p = x.progress();
		try {
			return switch (p.op) {
				case READ -> read(x, p);
				case WRITE -> write(x, p);
				case VERIFY -> verify(x, p);
				case WRITE_SAME -> writeSame(x, p);
				case WRITE_SAME_UNMAP -> deallocate(x, p);
				case UNMAP -> unmap(x, p);
				case COMPARE_AND_WRITE_WAIT -> acquire(x, p);
				case COMPARE_AND_WRITE_COMPARE -> compareAndWriteCompare(x, p);
				case COMPARE_AND_WRITE_WRITE -> compareAndWriteWrite(x, p);
				default -> throw new IllegalStateException("no step operation " + p.op);
			};
		} catch (StoreFullException e) {
			Replies.check(x, p.descriptorSense, SenseCode.SPACE_ALLOCATION_FAILED_WRITE_PROTECT);
		} catch (IOException e) {
			boolean reading = p.op == READ || p.op == VERIFY || p.op == COMPARE_AND_WRITE_COMPARE;
			Replies.check(x, p.descriptorSense, reading ? SenseCode.UNRECOVERED_READ_ERROR : SenseCode.WRITE_ERROR,
					p.lba + p.done);
		}
		return false;
	}

	/** Blocks of the next data step. */
	private long stepBlocks(CommandProgress p) {
		return Math.min(p.blocks - p.done, Math.max(1, STEP_BYTES >> shift));
	}

	private int offset(CommandProgress p) {
		return (int) (p.done << shift);
	}

	// READ: mark = the first medium error LBA (the transfer stops before it), or -1
	private boolean read(ScsiExchange x, CommandProgress p) throws IOException {
		long n = stepBlocks(p);
		if (n > 0) {
			x.setBytesTransferred(p.done << shift);
			store.read((p.lba + p.done) << shift, x.data(), x.dataIndex() + offset(p), (int) (n << shift));
			p.done += n;
		}
		if (p.done < p.blocks) {
			return true;
		}
		x.setBytesTransferred(p.blocks << shift);
		return finishReading(x, p);
	}

	/** GOOD, or the medium error found at the start (mark) once the blocks before it are done. */
	private static boolean finishReading(ScsiExchange x, CommandProgress p) {
		if (p.mark >= 0) {
			Replies.check(x, p.descriptorSense, SenseCode.UNRECOVERED_READ_ERROR, p.mark);
		} else {
			x.complete(SCSITaskStatus.GOOD);
		}
		return false;
	}

	private boolean write(ScsiExchange x, CommandProgress p) throws IOException {
		long n = stepBlocks(p);
		store.write((p.lba + p.done) << shift, x.data(), x.dataIndex() + offset(p), (int) (n << shift));
		p.done += n;
		if (p.done < p.blocks) {
			return true;
		}
		if (p.flush) {
			store.flush();
		}
		x.setBytesTransferred(p.blocks << shift);
		x.complete(SCSITaskStatus.GOOD);
		return false;
	}

	// VERIFY with BYTCHK: blocks = the readable blocks, mark = the first medium error LBA or -1, repeat = BYTCHK 11b
	private boolean verify(ScsiExchange x, CommandProgress p) throws IOException {
		long n = stepBlocks(p);
		long mismatch = n > 0 ? compare(x, p.lba + p.done, n, 0, p.done << shift, p.repeat) : -1;
		if (mismatch >= 0) {
			Replies.check(x, p.descriptorSense, SenseCode.MISCOMPARE_DURING_VERIFY, mismatch);
			return false;
		}
		p.done += n;
		return p.done < p.blocks || finishReading(x, p);
	}

	// WRITE SAME writing its pattern: repeat = the pattern is zeros (NDOB), else the first data-out block
	private boolean writeSame(ScsiExchange x, CommandProgress p) throws IOException {
		ByteBuffer scratch = Scratch.get();
		byte[] pattern = scratch.array();
		int perWrite = (int) Math.min(p.blocks - p.done, Scratch.SIZE / blockSize);
		if (p.repeat) {
			Arrays.fill(pattern, 0, perWrite * blockSize, (byte) 0);
		} else {
			x.data().get(x.dataIndex(), pattern, 0, blockSize);
			for (int i = 1; i < perWrite; i++) {
				System.arraycopy(pattern, 0, pattern, i * blockSize, blockSize);
			}
		}
		long end = p.done + stepBlocks(p);
		while (p.done < end) {
			int n = (int) Math.min(perWrite, end - p.done);
			store.write((p.lba + p.done) << shift, scratch, 0, n * blockSize);
			p.done += n;
		}
		return p.done < p.blocks || finishWriteSame(x, p);
	}

	// WRITE SAME with UNMAP and a zero pattern: deallocates (repeat = NDOB, as for writeSame)
	private boolean deallocate(ScsiExchange x, CommandProgress p) throws IOException {
		long n = Math.min(p.blocks - p.done, DEALLOCATE_STEP_BYTES >> shift);
		store.unmap((p.lba + p.done) << shift, n << shift);
		p.done += n;
		return p.done < p.blocks || finishWriteSame(x, p);
	}

	private boolean finishWriteSame(ScsiExchange x, CommandProgress p) throws IOException {
		if (p.flush) {
			store.flush();
		}
		x.setBytesTransferred(p.repeat ? 0 : blockSize);
		x.complete(SCSITaskStatus.GOOD);
		return false;
	}

	// UNMAP: blocks = the block descriptors (checked already), mark = the current one, done = its blocks done
	private boolean unmap(ScsiExchange x, CommandProgress p) throws IOException {
		long budget = DEALLOCATE_STEP_BYTES >> shift;
		byte[] descriptor = p.descriptor;
		while (p.mark < p.blocks && budget > 0) {
			x.data().get(x.dataIndex() + 8 + 16 * (int) p.mark, descriptor, 0, 16);
			long lba = Cdb.u64(descriptor, 0);
			long blocks = Cdb.u32(descriptor, 8);
			long n = Math.min(blocks - p.done, budget);
			if (n > 0) {
				store.unmap((lba + p.done) << shift, n << shift);
				p.done += n;
				budget -= n;
			}
			if (p.done >= blocks) {
				p.mark++;
				p.done = 0;
			}
		}
		if (p.mark < p.blocks) {
			return true;
		}
		x.complete(SCSITaskStatus.GOOD);
		return false;
	}

	// COMPARE AND WRITE: wait for the unit's token (done = when the wait began), compare the first half of the
	// data-out, write the second
	private boolean acquire(ScsiExchange x, CommandProgress p) {
		if (!disk.compareAndWriteOwner.compareAndSet(null, x)) {
			long now = System.nanoTime();
			if (p.done == 0) {
				p.done = now | 1;
			} else if (now - p.done > COMPARE_AND_WRITE_WAIT_NANOS) {
				x.complete(SCSITaskStatus.BUSY);
				return false;
			}
			if (!x.isSteppable()) {
				Thread.onSpinWait(); // the holder is another thread's command in steps: it finishes or is abandoned
			}
			return true;
		}
		p.done = 0;
		long bad = p.mark;
		if (bad >= 0) {
			Replies.check(x, p.descriptorSense, SenseCode.UNRECOVERED_READ_ERROR, bad);
			return false;
		}
		p.op = COMPARE_AND_WRITE_COMPARE;
		return true;
	}

	private boolean compareAndWriteCompare(ScsiExchange x, CommandProgress p) throws IOException {
		long n = stepBlocks(p);
		long mismatch = compare(x, p.lba + p.done, n, 0, p.done << shift, false);
		if (mismatch >= 0) {
			Replies.check(x, p.descriptorSense, SenseCode.MISCOMPARE_DURING_VERIFY, mismatch);
			return false;
		}
		p.done += n;
		if (p.done == p.blocks) {
			p.op = COMPARE_AND_WRITE_WRITE;
			p.done = 0;
		}
		return true;
	}

	private boolean compareAndWriteWrite(ScsiExchange x, CommandProgress p) throws IOException {
		long n = stepBlocks(p);
		int half = (int) (p.blocks << shift);
		store.write((p.lba + p.done) << shift, x.data(), x.dataIndex() + half + offset(p), (int) (n << shift));
		p.done += n;
		if (p.done < p.blocks) {
			return true;
		}
		if (p.flush) {
			store.flush();
		}
		x.complete(SCSITaskStatus.GOOD);
		return false;
	}

	/**
	 * Compares {@code blocks} blocks of the medium from {@code lba} with the data-out buffer: at {@code dataOffset +
	 * rangeOffset}, or its first block against each block when {@code repeat}. Returns the offset of the first
	 * differing byte counted over the command's whole compared range ({@code rangeOffset} is where this part starts
	 * in it), or -1.
	 */
	private long compare(ScsiExchange x, long lba, long blocks, int dataOffset, long rangeOffset, boolean repeat)
			throws IOException {
		ByteBuffer scratch = Scratch.get();
		byte[] medium = scratch.array();
		byte[] host = HOST.get();
		ByteBuffer data = x.data();
		if (store == NullStore.INSTANCE) {
			Arrays.fill(medium, (byte) 0); // a null medium reads as zeros: it leaves the buffer as it is
		}
		if (repeat) {
			data.get(x.dataIndex() + dataOffset, host, 0, blockSize);
		}
		int perRead = Scratch.SIZE / blockSize;
		for (long done = 0; done < blocks;) {
			int n = (int) Math.min(perRead, blocks - done);
			int bytes = n * blockSize;
			store.read((lba + done) << shift, scratch, 0, bytes);
			long base = rangeOffset + (done << shift);
			if (repeat) {
				for (int b = 0; b < bytes; b += blockSize) {
					int m = Arrays.mismatch(medium, b, b + blockSize, host, 0, blockSize);
					if (m >= 0) {
						return base + b + m;
					}
				}
			} else {
				data.get(x.dataIndex() + dataOffset + (int) base, host, 0, bytes);
				int m = Arrays.mismatch(medium, 0, bytes, host, 0, bytes);
				if (m >= 0) {
					return base + m;
				}
			}
			done += n;
		}
		return -1;
	}
}
