package org.hbakit.hba.sim.scsi;

import static org.hbakit.hba.sim.scsi.Io.assertCheck;
import static org.hbakit.hba.sim.scsi.Io.assertGood;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.controller.api.scsi.SenseData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Long media commands in bounded steps ({@link MediaSteps}): an exchange that allows steps comes back suspended after
 * each {@link MediaSteps#STEP_BYTES} of work and gives, once resumed to the end, the answer the whole command gives;
 * COMPARE AND WRITE keeps the unit's other COMPARE AND WRITEs out between its steps, and an abandoned one lets them
 * in.
 */
class MediaStepsTest {
	private static final int MIB = 1 << 20;
	private final SimulatedDisk disk = SimulatedDisk.builder().capacityBlocks((64L * MIB) / 512)
			.maxCompareAndWriteBlocks(255).build();
	private final Io io = new Io(disk::execute);

	@BeforeEach
	void clearPowerOn() {
		io.clearUnitAttentions();
	}

	/** Starts a command that may run in steps; returns it after its first step. */
	private ScsiExchange start(byte[] cdb, int direction, ByteBuffer data) {
		ScsiExchange x = new ScsiExchange();
		x.setCdb(cdb, 0, cdb.length);
		x.setLun(0);
		x.setDirection(direction);
		x.setData(data);
		x.setSteppable(true);
		disk.execute(x);
		return x;
	}

	/** Resumes a suspended command to its end; returns the number of steps it took in all. */
	private int finish(ScsiExchange x) {
		int steps = 1;
		while (x.isSuspended()) {
			disk.resume(x);
			steps++;
		}
		return steps;
	}

	private static byte[] pattern(int length, int seed) {
		byte[] b = new byte[length];
		for (int i = 0; i < length; i++) {
			b[i] = (byte) (i * 31 + seed + (i >>> 9));
		}
		return b;
	}

	@Test
	void largeWriteAndReadMoveTheirDataInSteps() {
		byte[] data = pattern(4 * MIB, 3);
		byte[] cdb = new byte[16];
		ScsiExchange w = start(Arrays.copyOf(cdb, Cdb.write16(cdb, 100, 4 * MIB / 512)),
				SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET, ByteBuffer.wrap(data.clone()));
		assertTrue(w.isSuspended(), "a 4 MiB write does not go in one step");
		assertEquals(4, finish(w), "steps of 1 MiB");
		assertGood(w);
		assertEquals(4 * MIB, w.bytesTransferred());
		ScsiExchange r = start(Arrays.copyOf(cdb, Cdb.read16(cdb, 100, 4 * MIB / 512)),
				SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, ByteBuffer.allocate(4 * MIB));
		assertEquals(4, finish(r));
		assertGood(r);
		assertEquals(4 * MIB, r.bytesTransferred());
		assertArrayEquals(data, Io.dataIn(r));
	}

	@Test
	void aTransferOfOneStepIsNeverSuspended() {
		byte[] cdb = new byte[16];
		ScsiExchange r = start(Arrays.copyOf(cdb, Cdb.read16(cdb, 0, MIB / 512)),
				SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, ByteBuffer.allocate(MIB));
		assertFalse(r.isSuspended());
		assertGood(r);
	}

	@Test
	void verifyInStepsReportsTheMiscompareOffsetOverTheWholeRange() {
		// a marker at byte 5 of LBA 100000 (past the first 48 MiB), then BYTCHK 11b over 64 MiB against zeros
		byte[] marker = new byte[512];
		marker[5] = 1;
		assertGood(io.out("2A 00 00 01 86 A0 00 00 01 00", marker));
		byte[] cdb = verify16(0x06, 0, disk.capacityBlocks());
		ScsiExchange x = start(cdb, SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET, ByteBuffer.allocate(512));
		int steps = finish(x);
		assertCheck(x, SenseCode.MISCOMPARE_DURING_VERIFY);
		assertEquals(100_000L * 512 + 5, SenseData.information(x.sense(), x.senseLength()));
		assertEquals(100_000L * 512 / MIB + 1, steps, "one step per MiB compared, up to the miscompare");
		// the whole command without steps answers the same
		ScsiExchange whole = io.out(Io.hex(cdb, 0, 16), new byte[512]);
		assertEquals(Io.sense(x), Io.sense(whole));
	}

	@Test
	void verifyWithByteCheckOneComparesAMultiStepDataOutBuffer() {
		byte[] data = pattern(4 * MIB, 9);
		byte[] cdb = new byte[16];
		assertGood(io.out(Io.hex(cdb, 0, Cdb.write16(cdb, 0, 4 * MIB / 512)), data));
		byte[] wrong = data.clone();
		wrong[3 * MIB + 5] ^= 0x10;
		ScsiExchange x = start(verify16(0x02, 0, 4 * MIB / 512), SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET,
				ByteBuffer.wrap(wrong));
		assertEquals(4, finish(x));
		assertCheck(x, SenseCode.MISCOMPARE_DURING_VERIFY);
		assertEquals(3L * MIB + 5, SenseData.information(x.sense(), x.senseLength()));
		ScsiExchange good = start(verify16(0x02, 0, 4 * MIB / 512), SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET,
				ByteBuffer.wrap(data));
		finish(good);
		assertGood(good);
	}

	@Test
	void writeSameAndUnmapOverLongRanges() {
		byte[] block = pattern(512, 1);
		long blocks = disk.capacityBlocks();
		byte[] cdb = new byte[16];
		cdb[0] = (byte) 0x93; // WRITE SAME(16) of the whole unit
		Cdb.put32(cdb, 10, blocks);
		SimulatedDisk big = SimulatedDisk.builder().capacityBlocks(blocks).maxWriteSameBlocks(0).build();
		Io bigIo = new Io(big::execute);
		bigIo.clearUnitAttentions();
		ScsiExchange x = new ScsiExchange();
		x.setCdb(cdb, 0, 16);
		x.setDirection(SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET);
		x.setData(ByteBuffer.wrap(block));
		x.setLun(0);
		x.setSteppable(true);
		big.execute(x);
		int steps = 1;
		while (x.isSuspended()) {
			big.resume(x);
			steps++;
		}
		assertGood(x);
		assertEquals(64, steps, "64 MiB written in steps of 1 MiB");
		for (long lba : new long[] { 0, blocks / 2, blocks - 1 }) {
			byte[] read = new byte[10];
			assertArrayEquals(block, Io.dataIn(bigIo.in(Io.hex(read, 0, Cdb.read10(read, lba, 1)), 512)), "LBA " + lba);
		}
		// UNMAP of it all: the blocks read zeros again
		byte[] list = new byte[24];
		Cdb.put16(list, 0, 22);
		Cdb.put16(list, 2, 16);
		Cdb.put64(list, 8, 0);
		Cdb.put32(list, 16, blocks);
		assertGood(bigIo.out("42 00 00 00 00 00 00 00 18 00", list));
		byte[] read = new byte[10];
		assertArrayEquals(new byte[512], Io.dataIn(bigIo.in(Io.hex(read, 0, Cdb.read10(read, blocks / 2, 1)), 512)));
	}

	@Test
	void compareAndWriteInStepsKeepsTheOthersOutUntilItIsDoneOrAbandoned() {
		SimulatedDisk big = SimulatedDisk.builder().blockSize(65536).capacityBlocks(1024).maxCompareAndWriteBlocks(255)
				.build();
		new Io(big::execute).clearUnitAttentions();
		int half = 255 * 65536; // about 16 MiB compared, then as much written
		byte[] buffer = new byte[2 * half];
		Arrays.fill(buffer, half, 2 * half, (byte) 0x11); // zeros -> 0x11
		byte[] cdb = Io.bytes("89 00 00 00 00 00 00 00 00 00 00 00 00 FF 00 00");
		ScsiExchange a = caw(big, cdb, buffer);
		assertTrue(a.isSuspended());
		byte[] second = new byte[2 * half];
		Arrays.fill(second, half, 2 * half, (byte) 0x22); // expects zeros: must fail once A is done
		ScsiExchange b = caw(big, cdb, second);
		for (int i = 0; i < 8; i++) {
			assertTrue(b.isSuspended(), "B waits while A holds the unit");
			big.resume(b);
		}
		while (a.isSuspended()) {
			big.resume(a);
		}
		assertGood(a);
		while (b.isSuspended()) {
			big.resume(b);
		}
		assertCheck(b, SenseCode.MISCOMPARE_DURING_VERIFY); // it saw A's 0x11, not the zeros it expected

		// an abandoned COMPARE AND WRITE lets the next one in
		byte[] third = new byte[2 * half];
		Arrays.fill(third, 0, half, (byte) 0x11);
		ScsiExchange c = caw(big, cdb, third);
		assertTrue(c.isSuspended());
		big.abandon(c);
		ScsiExchange e = caw(big, cdb, third);
		while (e.isSuspended()) {
			big.resume(e);
		}
		assertGood(e);
	}

	private static ScsiExchange caw(SimulatedDisk disk, byte[] cdb, byte[] buffer) {
		ScsiExchange x = new ScsiExchange();
		x.setCdb(cdb, 0, cdb.length);
		x.setLun(0);
		x.setDirection(SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET);
		x.setData(ByteBuffer.wrap(buffer));
		x.setSteppable(true);
		disk.execute(x);
		return x;
	}

	private static byte[] verify16(int bytchkBits, long lba, long blocks) {
		byte[] cdb = new byte[16];
		cdb[0] = (byte) 0x8F;
		cdb[1] = (byte) bytchkBits;
		Cdb.put64(cdb, 2, lba);
		Cdb.put32(cdb, 10, blocks);
		return cdb;
	}
}
