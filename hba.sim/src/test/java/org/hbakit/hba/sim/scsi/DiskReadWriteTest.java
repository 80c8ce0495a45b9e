package org.hbakit.hba.sim.scsi;

import static org.hbakit.hba.sim.scsi.Io.assertCheck;
import static org.hbakit.hba.sim.scsi.Io.assertGood;
import static org.hbakit.hba.sim.scsi.Io.assertInvalidCdb;
import static org.hbakit.hba.sim.scsi.Io.assertSense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SenseCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** READ and WRITE of every size, their range and buffer checks, and their exact sense data. */
class DiskReadWriteTest {
	private static final long CAPACITY = 4096;

	private final CountingStore store = new CountingStore(new org.hbakit.hba.sim.scsi.store.SparseMemoryStore());
	private final SimulatedDisk disk = SimulatedDisk.builder().capacityBlocks(CAPACITY).store(store).build();
	private final Io io = new Io(disk::execute);
	private final byte[] cdb = new byte[16];

	@BeforeEach
	void ready() {
		io.clearUnitAttentions();
	}

	private static byte[] pattern(int bytes, long seed) {
		byte[] b = new byte[bytes];
		new SplittableRandom(seed).nextBytes(b);
		return b;
	}

	private ScsiExchange write(int cdbLength, byte[] data) {
		return io.run(Arrays.copyOf(cdb, cdbLength), SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET,
				ByteBuffer.wrap(data));
	}

	private ScsiExchange read(int cdbLength, int bytes) {
		return io.run(Arrays.copyOf(cdb, cdbLength), SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR,
				ByteBuffer.allocate(bytes));
	}

	@Test
	void writeThenReadBackThroughEverySize() {
		byte[] a = pattern(3 * 512, 1);
		int n = Cdb.write6(cdb, 10, 3);
		var x = write(n, a);
		assertGood(x);
		assertEquals(a.length, x.bytesTransferred());
		byte[] b = pattern(5 * 512, 2);
		assertGood(write(Cdb.write10(cdb, 100, 5), b));
		byte[] c = pattern(2 * 512, 3);
		assertGood(write(Cdb.write12(cdb, 1000, 2), c));
		byte[] d = pattern(7 * 512, 4);
		assertGood(write(Cdb.write16(cdb, 4000, 7), d));

		// read each back with a different size than it was written with
		x = read(Cdb.read16(cdb, 10, 3), a.length);
		assertGood(x);
		assertArrayEquals(a, Io.dataIn(x));
		x = read(Cdb.read6(cdb, 100, 5), b.length);
		assertArrayEquals(b, Io.dataIn(x));
		x = read(Cdb.read10(cdb, 1000, 2), c.length);
		assertArrayEquals(c, Io.dataIn(x));
		x = read(Cdb.read12(cdb, 4000, 7), d.length);
		assertArrayEquals(d, Io.dataIn(x));
	}

	@Test
	void unwrittenBlocksReadAsZeros() {
		var x = read(Cdb.read10(cdb, 2000, 2), 1024);
		assertGood(x);
		assertArrayEquals(new byte[1024], Io.dataIn(x));
	}

	@Test
	void read6WithLengthZeroReads256Blocks() {
		byte[] all = pattern(256 * 512, 9);
		assertGood(write(Cdb.write10(cdb, 0, 256), all));
		var x = io.in("08 00 00 00 00 00", 256 * 512);
		assertGood(x);
		assertEquals(256 * 512, x.bytesTransferred());
		assertArrayEquals(all, Io.dataIn(x));
	}

	@Test
	void worksWithLittleEndianAndDirectHostBuffers() {
		ByteBuffer host = ByteBuffer.allocateDirect(1024).order(ByteOrder.LITTLE_ENDIAN);
		byte[] a = pattern(1024, 5);
		host.put(0, a);
		host.position(7); // the target uses absolute indices and leaves position and limit alone
		var x = io.run(Arrays.copyOf(cdb, Cdb.write10(cdb, 50, 2)), SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET,
				host);
		assertGood(x);
		assertEquals(7, host.position());
		ByteBuffer back = ByteBuffer.allocateDirect(1024);
		x = io.run(Arrays.copyOf(cdb, Cdb.read10(cdb, 50, 2)), SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR,
				back);
		assertGood(x);
		byte[] got = new byte[1024];
		back.get(0, got);
		assertArrayEquals(a, got);
	}

	@Test
	void lastBlockIsReachableAndOnePastIsOutOfRange() {
		assertGood(read(Cdb.read10(cdb, CAPACITY - 1, 1), 512));
		var x = read(Cdb.read10(cdb, CAPACITY - 1, 2), 1024);
		assertSense(x, "70 00 05 00 00 00 00 0A 00 00 00 00 21 00 00 00 00 00");
		assertEquals(0, x.bytesTransferred());
		assertCheck(read(Cdb.read10(cdb, CAPACITY, 1), 512), SenseCode.LBA_OUT_OF_RANGE);
		assertCheck(write(Cdb.write16(cdb, -1L, 1), new byte[512]), SenseCode.LBA_OUT_OF_RANGE);
		assertCheck(read(Cdb.read16(cdb, 1L << 62, 1), 512), SenseCode.LBA_OUT_OF_RANGE);
		// zero blocks at the end of the medium are fine, beyond it not
		assertGood(read(Cdb.read10(cdb, CAPACITY, 0), 0));
		assertCheck(read(Cdb.read10(cdb, CAPACITY + 1, 0), 0), SenseCode.LBA_OUT_OF_RANGE);
	}

	@Test
	void zeroLengthTransfersNothing() {
		var x = io.none("28 00 00 00 00 05 00 00 00 00");
		assertGood(x);
		assertEquals(0, x.bytesTransferred());
		assertEquals(0, store.writes + store.reads);
	}

	@Test
	void transferLongerThanTheHostBufferIsAnInvalidField() {
		var x = read(Cdb.read10(cdb, 0, 4), 1024);
		// 05/24/00, C/D, field pointer at TRANSFER LENGTH (byte 7), no bit
		assertSense(x, "70 00 05 00 00 00 00 0A 00 00 00 00 24 00 00 C0 00 07");
		assertInvalidCdb(write(Cdb.write16(cdb, 0, 3), new byte[1024]), 10, -1);
		assertInvalidCdb(io.in("0A 00 00 00 02 00", 1024), 4, -1); // WRITE(6) with a data-in buffer
		assertInvalidCdb(io.none("28 00 00 00 00 00 00 00 01 00"), 7, -1); // no buffer at all
		assertEquals(0, store.writes + store.reads);
	}

	@Test
	void requestedTransferLengthBoundsTheBufferToo() {
		ByteBuffer big = ByteBuffer.allocate(4096);
		ScsiExchange x = new ScsiExchange();
		x.setCdb(cdb, 0, Cdb.read10(cdb, 0, 2));
		x.setLun(0);
		x.setDirection(SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR);
		x.setData(big);
		x.setRequestedTransferLength(512);
		disk.execute(x);
		assertInvalidCdb(x, 7, -1);
	}

	@Test
	void reservedAndUnsupportedCdbBitsAreRejectedWithTheirPosition() {
		assertInvalidCdb(io.in("28 20 00 00 00 00 00 00 01 00", 512), 1, 5); // RDPROTECT
		assertInvalidCdb(io.in("28 01 00 00 00 00 00 00 01 00", 512), 1, 0); // obsolete RELADR
		assertInvalidCdb(io.in("28 00 00 00 00 00 40 00 01 00", 512), 6, 6); // reserved above GROUP NUMBER
		assertInvalidCdb(io.in("28 00 00 00 00 00 00 00 01 04", 512), 9, 2); // NACA
		assertInvalidCdb(io.in("28 00 00 00 00 00 00 00 01 01", 512), 9, 0); // LINK
		assertInvalidCdb(io.out("2A 80 00 00 00 00 00 00 01 00", new byte[512]), 1, 7); // WRPROTECT
		assertInvalidCdb(io.out("2A 04 00 00 00 00 00 00 01 00", new byte[512]), 1, 2);
		assertInvalidCdb(io.in("08 20 00 00 01 00", 512), 1, 5); // READ(6): bits 7-5 of byte 1 are reserved
		assertGood(io.in("28 18 00 00 00 00 1F 00 01 00", 512)); // DPO, FUA, group 31 are fine
	}

	@Test
	void fuaAndWriteThroughFlushTheStore() {
		assertGood(io.out("2A 00 00 00 00 00 00 00 01 00", new byte[512]));
		assertEquals(0, store.flushes, "write-back cache");
		assertGood(io.out("2A 08 00 00 00 00 00 00 01 00", new byte[512]));
		assertEquals(1, store.flushes, "FUA");
		disk.setWriteCacheEnabled(false);
		io.clearUnitAttentions();
		assertGood(io.out("0A 00 00 00 01 00", new byte[512]));
		assertEquals(2, store.flushes, "write-through");
	}

	@Test
	void writeProtectedUnitRejectsWrites() {
		disk.setWriteProtected(true);
		var x = io.out("2A 00 00 00 00 00 00 00 01 00", new byte[512]);
		assertSense(x, "70 00 07 00 00 00 00 0A 00 00 00 00 27 00 00 00 00 00");
		assertEquals(0, store.writes);
		assertGood(io.in("28 00 00 00 00 00 00 00 01 00", 512));
	}

	@Test
	void maximumTransferLengthIsEnforced() {
		var limited = SimulatedDisk.builder().transferLimits(8, 8).build();
		var lio = new Io(limited::execute);
		lio.clearUnitAttentions();
		assertGood(lio.in("28 00 00 00 00 00 00 00 08 00", 8 * 512));
		assertInvalidCdb(lio.in("28 00 00 00 00 00 00 00 09 00", 9 * 512), 7, -1);
		assertEquals("00 00 00 08 00 00 00 08", Io.hex(Io.dataIn(lio.in("12 01 B0 00 40 00", 64)), 8, 8));
	}

	@Test
	void fullThinStoreReportsSpaceAllocationFailure() {
		store.failWritesWithFull = true;
		assertCheck(io.out("2A 00 00 00 00 00 00 00 01 00", new byte[512]),
				SenseCode.SPACE_ALLOCATION_FAILED_WRITE_PROTECT);
	}

	@Test
	void storeReadErrorsBecomeMediumErrors() {
		store.failReads = true;
		var x = io.in("28 00 00 00 00 20 00 00 01 00", 512);
		assertSense(x, "F0 00 03 00 00 00 20 0A 00 00 00 00 11 00 00 00 00 00");
	}

	@Test
	void senseKeepsFixedFormatForLargeLbasWithoutValid() {
		store.failReads = true;
		var huge = SimulatedDisk.builder().capacityBlocks(1L << 40).store(store).build();
		var hio = new Io(huge::execute);
		hio.clearUnitAttentions();
		var x = hio.in("88 00 00 00 00 01 00 00 00 00 00 00 00 01 00 00", 512);
		Io.assertCheck(x, SenseCode.UNRECOVERED_READ_ERROR);
		assertEquals(0x70, x.sense()[0] & 0xFF, "the LBA does not fit 32 bits: VALID stays clear");
	}
}
