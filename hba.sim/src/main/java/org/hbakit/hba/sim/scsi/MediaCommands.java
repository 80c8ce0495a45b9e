package org.hbakit.hba.sim.scsi;

import static org.hbakit.controller.api.scsi.SCSIOperationCode.WRITE_6;
import static org.hbakit.controller.api.scsi.SCSIOperationCode.WRITE_SAME_16;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.hba.sim.scsi.fault.FaultInjector;
import org.hbakit.hba.sim.scsi.store.BlockStore;
import org.hbakit.hba.sim.scsi.store.StoreFullException;

/**
 * The medium-access commands of {@link SimulatedDisk} (SBC-3): READ and WRITE (6/10/12/16), VERIFY (10/12/16),
 * WRITE SAME (10/16), UNMAP, SYNCHRONIZE CACHE (10/16), COMPARE AND WRITE, GET LBA STATUS and FORMAT UNIT.
 * <p>
 * Called by the disk after the generic checks (unit attention, reserved bits, readiness). Each command checks its
 * CDB, range and buffer here; the medium work of READ, WRITE, VERIFY, WRITE SAME, UNMAP and COMPARE AND WRITE runs in
 * bounded {@link MediaSteps steps}. READ and WRITE take no lock and allocate nothing: they move data between host
 * memory and the store directly. COMPARE AND WRITE is atomic with respect to other COMPARE AND WRITEs of the unit,
 * not to plain writes. Store errors become sense: reads 03/11/00, writes 03/0C/00, an exhausted thin store 07/27/07.
 */
final class MediaCommands {
	private final SimulatedDisk disk;
	private final DiskConfig config;
	private final BlockStore store;
	private final int shift;
	private final int blockSize;
	private final MediaSteps steps;

	MediaCommands(SimulatedDisk disk, DiskConfig config, BlockStore store) {
		this.disk = disk;
		this.config = config;
		this.store = store;
		this.shift = config.blockShift;
		this.blockSize = config.blockSize;
		this.steps = new MediaSteps(disk, config, store);
	}

	/** Runs the next step of a suspended command ({@link MediaSteps}). */
	void resume(ScsiExchange x) {
		steps.resume(x);
	}

	/** Gives up a suspended command. */
	void abandon(ScsiExchange x) {
		steps.abandon(x);
	}

	/** READ(6/10/12/16); {@code verdict} may ask for a short transfer. */
	void read(ScsiExchange x, boolean d, FaultInjector faults, int verdict) {
		byte[] cdb = x.cdb();
		int opcode = cdb[0] & 0xFF;
		long lba = Cdb.lba(cdb);
		long blocks = Cdb.transferLength(cdb);
		if (!inRange(x, d, lba, blocks) || !withinTransferLimit(x, d, opcode, blocks)) {
			return;
		}
		if (blocks == 0) {
			x.complete(SCSITaskStatus.GOOD);
			return;
		}
		if (blocks << shift > x.dataInCapacity()) {
			Replies.invalidCdb(x, d, Cdb.transferLengthOffset(opcode), -1);
			return;
		}
		if ((verdict & FaultInjector.SHORT_TRANSFER) != 0) {
			blocks >>= 1; // the rest is the residual the initiator sees
		}
		long bad = faults.firstMediumError(lba, blocks);
		long good = bad < 0 ? blocks : bad - lba;
		steps.start(x, MediaSteps.READ, d, lba, good, bad, false, false);
	}

	/** WRITE(6/10/12/16). */
	void write(ScsiExchange x, boolean d, boolean writeCache) {
		byte[] cdb = x.cdb();
		int opcode = cdb[0] & 0xFF;
		long lba = Cdb.lba(cdb);
		long blocks = Cdb.transferLength(cdb);
		if (!inRange(x, d, lba, blocks) || !withinTransferLimit(x, d, opcode, blocks)) {
			return;
		}
		if (blocks == 0) {
			x.complete(SCSITaskStatus.GOOD);
			return;
		}
		if (disk.isWriteProtected()) {
			Replies.check(x, d, SenseCode.WRITE_PROTECTED);
			return;
		}
		long bytes = blocks << shift;
		if (bytes > x.dataOutLength()) {
			Replies.invalidCdb(x, d, Cdb.transferLengthOffset(opcode), -1);
			return;
		}
		boolean fua = opcode != WRITE_6 && (cdb[1] & 0x08) != 0;
		steps.start(x, MediaSteps.WRITE, d, lba, blocks, -1, fua || !writeCache, false);
	}

	/** VERIFY(10/12/16): BYTCHK 00b medium verification, 01b compare, 11b compare one block against every block. */
	void verify(ScsiExchange x, boolean d, FaultInjector faults) {
		byte[] cdb = x.cdb();
		int opcode = cdb[0] & 0xFF;
		int bytchk = cdb[1] >> 1 & 0x3;
		long lba = Cdb.lba(cdb);
		long blocks = Cdb.transferLength(cdb);
		if (!inRange(x, d, lba, blocks) || bytchk != 0 && !withinTransferLimit(x, d, opcode, blocks)) {
			return;
		}
		if (blocks == 0) {
			x.complete(SCSITaskStatus.GOOD);
			return;
		}
		if (bytchk == 2) {
			Replies.invalidCdb(x, d, 1, 2); // reserved BYTCHK value
			return;
		}
		long bad = faults.firstMediumError(lba, blocks);
		long readable = bad < 0 ? blocks : bad - lba;
		long needed = bytchk == 0 ? 0 : bytchk == 1 ? blocks << shift : blockSize;
		if (needed > x.dataOutLength()) {
			Replies.invalidCdb(x, d, Cdb.transferLengthOffset(opcode), -1);
			return;
		}
		x.setBytesTransferred(needed);
		if (bytchk == 0) {
			if (bad >= 0) {
				Replies.check(x, d, SenseCode.UNRECOVERED_READ_ERROR, bad);
			} else {
				x.complete(SCSITaskStatus.GOOD);
			}
			return;
		}
		steps.start(x, MediaSteps.VERIFY, d, lba, readable, bad, false, bytchk == 3);
	}

	/** WRITE SAME(10/16), with UNMAP (deallocate when the pattern is zeros) and, for (16), NDOB. */
	void writeSame(ScsiExchange x, boolean d, boolean writeCache) {
		byte[] cdb = x.cdb();
		int opcode = cdb[0] & 0xFF;
		boolean unmap = (cdb[1] & 0x08) != 0;
		boolean noDataOut = opcode == WRITE_SAME_16 && (cdb[1] & 0x01) != 0;
		long lba = Cdb.lba(cdb);
		long blocks = Cdb.transferLength(cdb);
		int lengthField = Cdb.transferLengthOffset(opcode);
		if (blocks == 0 || config.maxWriteSameBlocks > 0 && blocks > config.maxWriteSameBlocks) {
			Replies.invalidCdb(x, d, lengthField, -1); // WSNZ: 0 is not "to the end of the medium" here
			return;
		}
		if (!inRange(x, d, lba, blocks)) {
			return;
		}
		if (disk.isWriteProtected()) {
			Replies.check(x, d, SenseCode.WRITE_PROTECTED);
			return;
		}
		if (!noDataOut && blockSize > x.dataOutLength()) {
			Replies.invalidCdb(x, d, lengthField, -1);
			return;
		}
		boolean zeros = noDataOut || isZero(x.data(), x.dataIndex(), blockSize);
		int op = unmap && zeros && config.lbprz ? MediaSteps.WRITE_SAME_UNMAP : MediaSteps.WRITE_SAME;
		steps.start(x, op, d, lba, blocks, -1, !writeCache, noDataOut);
	}

	/**
	 * UNMAP (SBC-3 §5.28): a parameter list of an 8-byte header and 16-byte block descriptors. Every descriptor is
	 * checked before anything is deallocated.
	 */
	void unmap(ScsiExchange x, boolean d) {
		byte[] cdb = x.cdb();
		int listLength = Cdb.u16(cdb, 7);
		if (listLength == 0) {
			x.complete(SCSITaskStatus.GOOD); // no parameter list: not an error
			return;
		}
		if (listLength < 8) {
			Replies.check(x, d, SenseCode.PARAMETER_LIST_LENGTH_ERROR);
			return;
		}
		if (listLength > x.dataOutLength()) {
			Replies.invalidCdb(x, d, 7, -1);
			return;
		}
		if (disk.isWriteProtected()) {
			Replies.check(x, d, SenseCode.WRITE_PROTECTED);
			return;
		}
		byte[] p = Scratch.get().array();
		x.data().get(x.dataIndex(), p, 0, listLength);
		x.setBytesTransferred(listLength);
		// a block descriptor data length beyond the list, or not a multiple of 16, leaves the tail unprocessed
		int descriptors = Math.min(Cdb.u16(p, 2), listLength - 8) / 16;
		if (descriptors > config.maxUnmapDescriptors) {
			Replies.invalidParameter(x, d, 2, -1);
			return;
		}
		long capacity = disk.capacityBlocks();
		long total = 0;
		for (int i = 0; i < descriptors; i++) {
			int at = 8 + 16 * i;
			long lba = Cdb.u64(p, at);
			long blocks = Cdb.u32(p, at + 8);
			total += blocks;
			if (blocks > config.maxUnmapBlocks || total > config.maxUnmapBlocks) {
				Replies.invalidParameter(x, d, at + 8, -1);
				return;
			}
			if (Long.compareUnsigned(lba, capacity) > 0 || blocks > capacity - lba) {
				Replies.check(x, d, SenseCode.LBA_OUT_OF_RANGE);
				return;
			}
		}
		// mark: the descriptor the steps are at; they read each again from the data-out buffer (Scratch is shared)
		steps.start(x, MediaSteps.UNMAP, d, 0, descriptors, 0, false, false);
	}

	/** SYNCHRONIZE CACHE(10/16): makes the store durable; NUMBER OF LOGICAL BLOCKS 0 means to the end. */
	void synchronizeCache(ScsiExchange x, boolean d) {
		byte[] cdb = x.cdb();
		if (!inRange(x, d, Cdb.lba(cdb), Cdb.transferLength(cdb))) {
			return;
		}
		try {
			store.flush();
		} catch (IOException e) {
			Replies.check(x, d, SenseCode.WRITE_ERROR);
			return;
		}
		x.complete(SCSITaskStatus.GOOD);
	}

	/**
	 * COMPARE AND WRITE: the Data-Out Buffer holds NUMBER OF LOGICAL BLOCKS blocks to verify, then as many to write.
	 * A miscompare gives 0E/1D/00 with INFORMATION = offset of the first differing byte, and nothing is written.
	 */
	void compareAndWrite(ScsiExchange x, boolean d, FaultInjector faults, boolean writeCache) {
		byte[] cdb = x.cdb();
		long lba = Cdb.u64(cdb, 2);
		int blocks = cdb[13] & 0xFF;
		if (!inRange(x, d, lba, blocks)) {
			return;
		}
		if (blocks == 0 && x.dataOutLength() > 0) {
			Replies.invalidCdb(x, d, 13, -1); // data sent for no block: the CDB and the transfer disagree
			return;
		}
		if (blocks == 0) {
			x.complete(SCSITaskStatus.GOOD); // nothing to compare or write: not an error
			return;
		}
		if (blocks > config.maxCompareAndWriteBlocks) {
			Replies.invalidCdb(x, d, 13, -1);
			return;
		}
		if (disk.isWriteProtected()) {
			Replies.check(x, d, SenseCode.WRITE_PROTECTED);
			return;
		}
		int half = blocks << shift;
		if (2L * half > x.dataOutLength()) {
			Replies.invalidCdb(x, d, 13, -1);
			return;
		}
		x.setBytesTransferred(2L * half);
		boolean fua = (cdb[1] & 0x08) != 0;
		steps.start(x, MediaSteps.COMPARE_AND_WRITE_WAIT, d, lba, blocks, faults.firstMediumError(lba, blocks),
				fua || !writeCache, false);
	}

	/**
	 * GET LBA STATUS (SBC-3 §5.6): LBA status descriptors from the starting LBA, one per run of mapped (0) or
	 * deallocated (1) blocks, as many as the allocation length (and the work buffer) holds.
	 */
	void getLbaStatus(ScsiExchange x, boolean d) {
		byte[] cdb = x.cdb();
		long start = Cdb.u64(cdb, 2);
		long allocation = Cdb.u32(cdb, 10);
		long capacity = disk.capacityBlocks();
		if (Long.compareUnsigned(start, capacity) >= 0) {
			Replies.check(x, d, SenseCode.LBA_OUT_OF_RANGE);
			return;
		}
		byte[] out = Scratch.get().array();
		long room = Math.min(allocation, Scratch.SIZE);
		int max = (int) Math.max(1, (room - 8) / 16);
		int count = 0;
		long at = start;
		while (count < max && at < capacity) {
			boolean mapped = store.isMapped(at << shift);
			long run = store.runLength(at << shift, (capacity - at) << shift) >> shift;
			run = Math.min(Math.max(run, 1), 0xFFFF_FFFFL);
			int o = 8 + 16 * count;
			Cdb.put64(out, o, at);
			Cdb.put32(out, o + 8, run);
			out[o + 12] = (byte) (mapped ? 0 : 1);
			out[o + 13] = 0;
			out[o + 14] = 0;
			out[o + 15] = 0;
			count++;
			at += run;
		}
		Cdb.put32(out, 0, 4 + 16L * count);
		Cdb.put32(out, 4, 0);
		Replies.dataIn(x, out, 8 + 16 * count, allocation);
	}

	/** FORMAT UNIT without a parameter list: deallocates the whole medium where the store can. */
	void formatUnit(ScsiExchange x, boolean d) {
		if (disk.isWriteProtected()) {
			Replies.check(x, d, SenseCode.WRITE_PROTECTED);
			return;
		}
		if (config.lbprz) {
			try {
				store.unmap(0, disk.capacityBlocks() << shift);
			} catch (IOException e) {
				Replies.check(x, d, SenseCode.WRITE_ERROR);
				return;
			}
		}
		x.complete(SCSITaskStatus.GOOD);
	}

	/** Whether {@code [lba, lba + blocks)} lies within the capacity; answers 05/21/00 if not. */
	boolean inRange(ScsiExchange x, boolean d, long lba, long blocks) {
		long capacity = disk.capacityBlocks();
		if (Long.compareUnsigned(lba, capacity) > 0 || blocks > capacity - lba) {
			Replies.check(x, d, SenseCode.LBA_OUT_OF_RANGE);
			return false;
		}
		return true;
	}

	/** Whether {@code blocks} respects MAXIMUM TRANSFER LENGTH; answers 05/24/00 on the length field if not. */
	private boolean withinTransferLimit(ScsiExchange x, boolean d, int opcode, long blocks) {
		if (config.maxTransferBlocks > 0 && blocks > config.maxTransferBlocks) {
			Replies.invalidCdb(x, d, Cdb.transferLengthOffset(opcode), -1);
			return false;
		}
		return true;
	}

	/** Writes and, if asked, flushes; answers the store's failure and returns false (WRITE AND VERIFY, ORWRITE, WRITE ATOMIC). */
	boolean store(ScsiExchange x, boolean d, long lba, ByteBuffer src, int index, int length, boolean flush) {
		try {
			store.write(lba << shift, src, index, length);
			if (flush) {
				store.flush();
			}
			return true;
		} catch (StoreFullException e) {
			Replies.check(x, d, SenseCode.SPACE_ALLOCATION_FAILED_WRITE_PROTECT);
		} catch (IOException e) {
			Replies.check(x, d, SenseCode.WRITE_ERROR, lba);
		}
		return false;
	}

	private static boolean isZero(ByteBuffer data, int base, int length) {
		for (int i = 0; i < length; i++) {
			if (data.get(base + i) != 0) {
				return false;
			}
		}
		return true;
	}
}
