package org.hbakit.hba.sim.scsi;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.hba.sim.scsi.store.BlockStore;

/**
 * The write variants and cache hints of {@link SimulatedDisk} (SBC-4): WRITE AND VERIFY (10/12/16), ORWRITE (16),
 * WRITE ATOMIC (16) and PRE-FETCH (10/16). Called by the disk after the generic checks (unit attention, reserved
 * CDB bits, readiness), on the HBA's device threads.
 * <ul>
 * <li>WRITE AND VERIFY writes, then verifies: the RAM medium always reads back what was written, so BYTCHK 00b
 * (verify the medium) and 01b (compare with the Data-Out Buffer) both succeed; other BYTCHK values are reserved.</li>
 * <li>ORWRITE reads the blocks, ORs the Data-Out Buffer into them and writes the result, atomically with respect to
 * COMPARE AND WRITE, ORWRITE and WRITE ATOMIC of the unit: it holds the disk's compare-and-write owner token, and
 * answers BUSY while another command holds it (a COMPARE AND WRITE in steps).</li>
 * <li>WRITE ATOMIC writes at most {@link #MAX_ATOMIC_BLOCKS} blocks (Block Limits VPD MAXIMUM ATOMIC TRANSFER
 * LENGTH; alignment and granularity 1, no atomic boundary), under the same lock.</li>
 * <li>PRE-FETCH checks the range; the RAM medium is its own cache, so there is nothing to fetch and it ends GOOD.</li>
 * </ul>
 */
final class WriteVariantCommands {
	/** MAXIMUM ATOMIC TRANSFER LENGTH reported in the Block Limits VPD page. */
	static final int MAX_ATOMIC_BLOCKS = 256;

	private final SimulatedDisk disk;
	private final DiskConfig config;
	private final BlockStore store;
	private final MediaCommands media;
	private final int shift;
	private final int blockSize;

	WriteVariantCommands(SimulatedDisk disk, DiskConfig config, BlockStore store, MediaCommands media) {
		this.disk = disk;
		this.config = config;
		this.store = store;
		this.media = media;
		this.shift = config.blockShift;
		this.blockSize = config.blockSize;
	}

	/** WRITE AND VERIFY (10/12/16). */
	void writeAndVerify(ScsiExchange x, boolean d, boolean writeCache) {
		byte[] cdb = x.cdb();
		int bytchk = cdb[1] >> 1 & 0x3;
		if (bytchk > 1) {
			Replies.invalidCdb(x, d, 1, 2);
			return;
		}
		long lba = lba(cdb);
		long blocks = blocks(cdb);
		if (!checkWrite(x, d, lba, blocks)) {
			return;
		}
		if (media.store(x, d, lba, x.data(), x.dataIndex(), (int) (blocks << shift), !writeCache)) {
			x.setBytesTransferred(blocks << shift);
			x.complete(SCSITaskStatus.GOOD);
		}
	}

	/** ORWRITE (16): OR the data into the blocks. */
	void orWrite(ScsiExchange x, boolean d, boolean writeCache) {
		byte[] cdb = x.cdb();
		long lba = lba(cdb);
		long blocks = blocks(cdb);
		if (!checkWrite(x, d, lba, blocks)) {
			return;
		}
		ByteBuffer scratch = Scratch.get();
		byte[] medium = scratch.array();
		int perPass = Scratch.SIZE / blockSize;
		boolean fua = (cdb[1] & 0x08) != 0;
		if (!disk.compareAndWriteOwner.compareAndSet(null, x)) {
			x.complete(SCSITaskStatus.BUSY);
			return;
		}
		try {
			for (long done = 0; done < blocks;) {
				int n = (int) Math.min(perPass, blocks - done);
				int bytes = n << shift;
				int base = x.dataIndex() + (int) (done << shift);
				try {
					store.read((lba + done) << shift, scratch, 0, bytes);
				} catch (IOException e) {
					Replies.check(x, d, SenseCode.UNRECOVERED_READ_ERROR, lba + done);
					return;
				}
				for (int i = 0; i < bytes; i++) {
					medium[i] |= x.data().get(base + i);
				}
				if (!media.store(x, d, lba + done, scratch, 0, bytes, false)) {
					return;
				}
				done += n;
			}
			if ((fua || !writeCache) && !flush(x, d, lba)) {
				return;
			}
		} finally {
			disk.compareAndWriteOwner.compareAndSet(x, null);
		}
		x.setBytesTransferred(blocks << shift);
		x.complete(SCSITaskStatus.GOOD);
	}

	/** WRITE ATOMIC (16). */
	void writeAtomic(ScsiExchange x, boolean d, boolean writeCache) {
		byte[] cdb = x.cdb();
		long lba = Cdb.u64(cdb, 2);
		int boundary = Cdb.u16(cdb, 10);
		long blocks = Cdb.u16(cdb, 12);
		if (!media.inRange(x, d, lba, blocks)) {
			return;
		}
		if (boundary != 0) {
			Replies.invalidCdb(x, d, 10, -1); // MAXIMUM ATOMIC BOUNDARY SIZE is 0: no boundaries
			return;
		}
		if (blocks > MAX_ATOMIC_BLOCKS) {
			Replies.invalidCdb(x, d, 12, -1);
			return;
		}
		if (!checkWrite(x, d, lba, blocks)) {
			return;
		}
		boolean fua = (cdb[1] & 0x08) != 0;
		if (!disk.compareAndWriteOwner.compareAndSet(null, x)) {
			x.complete(SCSITaskStatus.BUSY);
			return;
		}
		try {
			if (!media.store(x, d, lba, x.data(), x.dataIndex(), (int) (blocks << shift), fua || !writeCache)) {
				return;
			}
		} finally {
			disk.compareAndWriteOwner.compareAndSet(x, null);
		}
		x.setBytesTransferred(blocks << shift);
		x.complete(SCSITaskStatus.GOOD);
	}

	/** PRE-FETCH (10/16): the range is checked; the RAM medium needs no fetching. */
	void preFetch(ScsiExchange x, boolean d) {
		byte[] cdb = x.cdb();
		if (media.inRange(x, d, lba(cdb), blocks(cdb))) {
			x.complete(SCSITaskStatus.GOOD);
		}
	}

	/** Range, zero length, write protection, transfer limit and buffer size of a write; answers what fails. */
	private boolean checkWrite(ScsiExchange x, boolean d, long lba, long blocks) {
		if (!media.inRange(x, d, lba, blocks)) {
			return false;
		}
		if (blocks == 0) {
			x.complete(SCSITaskStatus.GOOD);
			return false;
		}
		if (disk.isWriteProtected()) {
			Replies.check(x, d, SenseCode.WRITE_PROTECTED);
			return false;
		}
		if ((config.maxTransferBlocks > 0 && blocks > config.maxTransferBlocks) || blocks << shift > x.dataOutLength()) {
			Replies.invalidCdb(x, d, lengthOffset(x.cdb()[0] & 0xFF), -1);
			return false;
		}
		return true;
	}

	private boolean flush(ScsiExchange x, boolean d, long lba) {
		try {
			store.flush();
			return true;
		} catch (IOException e) {
			Replies.check(x, d, SenseCode.WRITE_ERROR, lba);
			return false;
		}
	}

	private static long lba(byte[] cdb) {
		return switch (cdb[0] & 0xFF) {
			case 0x2E, 0x34, 0xAE -> Cdb.u32(cdb, 2);
			default -> Cdb.u64(cdb, 2);
		};
	}

	private static long blocks(byte[] cdb) {
		int opcode = cdb[0] & 0xFF;
		int off = lengthOffset(opcode);
		return off == 7 ? Cdb.u16(cdb, 7) : Cdb.u32(cdb, off);
	}

	/** Offset of the TRANSFER (or PREFETCH) LENGTH field. */
	private static int lengthOffset(int opcode) {
		return switch (opcode) {
			case 0x2E, 0x34 -> 7; // WRITE AND VERIFY(10), PRE-FETCH(10)
			case 0xAE -> 6; // WRITE AND VERIFY(12)
			case 0x9C -> 12; // WRITE ATOMIC(16)
			default -> 10; // WRITE AND VERIFY(16), ORWRITE(16), PRE-FETCH(16)
		};
	}
}
