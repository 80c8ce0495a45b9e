package org.hbakit.hba.sim.scsi;

import static org.hbakit.hba.sim.scsi.Io.assertCheck;
import static org.hbakit.hba.sim.scsi.Io.assertGood;
import static org.hbakit.hba.sim.scsi.Io.assertInvalidCdb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SenseCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WRITE AND VERIFY, ORWRITE, WRITE ATOMIC, PRE-FETCH and READ DEFECT DATA. */
class WriteVariantCommandsTest {
	private final SimulatedDisk disk = SimulatedDisk.builder().capacityBlocks(1000).build();
	private final Io io = new Io(disk::execute);

	@BeforeEach
	void clear() {
		io.clearUnitAttentions();
	}

	private static byte[] filled(int blocks, int value) {
		byte[] b = new byte[blocks * 512];
		Arrays.fill(b, (byte) value);
		return b;
	}

	@Test
	void writeAndVerifyWritesInEveryCdbSize() {
		assertGood(io.out("2E 02 00 00 00 0A 00 00 02 00", filled(2, 0x11))); // BYTCHK 01b
		assertGood(io.out("AE 10 00 00 00 0C 00 00 00 01 00 00", filled(1, 0x22))); // DPO
		assertGood(io.out("8E 00 00 00 00 00 00 00 00 0D 00 00 00 01 00 00", filled(1, 0x33)));
		var r = io.in("28 00 00 00 00 0A 00 00 04 00", 4 * 512);
		assertGood(r);
		byte[] expected = new byte[4 * 512];
		System.arraycopy(filled(2, 0x11), 0, expected, 0, 1024);
		System.arraycopy(filled(1, 0x22), 0, expected, 1024, 512);
		System.arraycopy(filled(1, 0x33), 0, expected, 1536, 512);
		assertArrayEquals(expected, Io.dataIn(r));
		assertInvalidCdb(io.out("2E 04 00 00 00 0A 00 00 01 00", filled(1, 0)), 1, 2); // BYTCHK 10b reserved
		assertInvalidCdb(io.out("2E 20 00 00 00 0A 00 00 01 00", filled(1, 0)), 1, 5); // WRPROTECT
		assertCheck(io.out("2E 00 00 00 03 E7 00 00 02 00", filled(2, 0)), SenseCode.LBA_OUT_OF_RANGE);
		disk.setWriteProtected(true);
		assertCheck(io.out("8E 00 00 00 00 00 00 00 00 0D 00 00 00 01 00 00", filled(1, 0)), SenseCode.WRITE_PROTECTED);
	}

	@Test
	void orWriteOrsTheDataIntoTheBlocks() {
		assertGood(io.out("2A 00 00 00 00 14 00 00 02 00", filled(2, 0x0F)));
		assertGood(io.out("8B 00 00 00 00 00 00 00 00 14 00 00 00 02 00 00", filled(2, 0xA0)));
		var r = io.in("28 00 00 00 00 14 00 00 02 00", 1024);
		assertArrayEquals(filled(2, 0xAF), Io.dataIn(r));
		assertGood(io.out("8B 00 00 00 00 00 00 00 00 14 00 00 00 00 00 00", new byte[0])); // 0 blocks
		assertCheck(io.out("8B 00 00 00 00 00 00 00 03 E8 00 00 00 01 00 00", filled(1, 0)), SenseCode.LBA_OUT_OF_RANGE);
	}

	@Test
	void writeAtomicRespectsItsLimitsAndTheBlockLimitsPageReportsThem() {
		assertGood(io.out("9C 08 00 00 00 00 00 00 00 1E 00 00 00 02 00 00", filled(2, 0x5A))); // FUA
		assertArrayEquals(filled(2, 0x5A), Io.dataIn(io.in("28 00 00 00 00 1E 00 00 02 00", 1024)));
		assertInvalidCdb(io.out("9C 00 00 00 00 00 00 00 00 1E 00 01 00 01 00 00", filled(1, 0)), 10, -1);
		assertInvalidCdb(io.out("9C 00 00 00 00 00 00 00 00 00 00 00 01 01 00 00", filled(257, 0)), 12, -1);
		// beyond the end is LBA OUT OF RANGE even when the length is also too long for an atomic write
		assertCheck(io.out("9C 00 00 00 00 00 00 00 03 00 00 00 01 01 00 00", filled(257, 0)), SenseCode.LBA_OUT_OF_RANGE);
		byte[] limits = Io.dataIn(io.in("12 01 B0 00 40 00", 64));
		assertEquals(256, Cdb.u32(limits, 44));
		assertEquals(1, Cdb.u32(limits, 48));
		assertEquals(1, Cdb.u32(limits, 52));
	}

	@Test
	void preFetchChecksTheRangeAndReadDefectDataReportsNoDefects() {
		assertGood(io.none("34 02 00 00 00 00 00 00 10 00"));
		assertGood(io.none("90 00 00 00 00 00 00 00 03 E0 00 00 00 08 00 00"));
		assertCheck(io.none("34 00 00 00 03 E0 00 00 10 00"), SenseCode.LBA_OUT_OF_RANGE);
		byte[] d10 = Io.dataIn(io.in("37 00 18 00 00 00 00 00 20 00", 32));
		assertArrayEquals(Io.bytes("00 18 00 00"), d10);
		byte[] d12 = Io.dataIn(io.in("B7 1B 00 00 00 00 00 00 00 20 00 00", 32));
		assertArrayEquals(Io.bytes("00 1B 00 00 00 00 00 00"), d12);
	}
}
