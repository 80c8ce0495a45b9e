package org.hbakit.hba.sim.scsi;

import static org.hbakit.hba.sim.scsi.Io.assertCheck;
import static org.hbakit.hba.sim.scsi.Io.assertGood;
import static org.hbakit.hba.sim.scsi.Io.assertInvalidCdb;
import static org.hbakit.hba.sim.scsi.Io.assertSense;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hbakit.controller.api.scsi.SenseCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The housekeeping commands (START STOP UNIT, PREVENT ALLOW MEDIUM REMOVAL, SEND DIAGNOSTIC, SYNCHRONIZE CACHE,
 * REPORT SUPPORTED OPERATION CODES) and the generic command checks.
 */
class DiskCommandsTest {
	private final CountingStore store = new CountingStore(new org.hbakit.hba.sim.scsi.store.SparseMemoryStore());
	private final SimulatedDisk disk = SimulatedDisk.builder().capacityBlocks(1000).store(store).build();
	private final Io io = new Io(disk::execute);

	@BeforeEach
	void ready() {
		io.clearUnitAttentions();
	}

	@Test
	void invalidOperationCode() {
		assertSense(io.none("C0 00 00 00 00 00"), "70 00 05 00 00 00 00 0A 00 00 00 00 20 00 00 00 00 00");
		assertCheck(io.none("7F 00 00 00 00 00 00 18"), SenseCode.INVALID_COMMAND_OPERATION_CODE);
		assertCheck(io.none("4D 00 00 00 00 00 00 00 00 00"), SenseCode.INVALID_COMMAND_OPERATION_CODE); // LOG SENSE
		assertCheck(io.none(""), SenseCode.INVALID_COMMAND_OPERATION_CODE); // no CDB at all
	}

	@Test
	void cdbShorterThanItsGroupIsAnInvalidField() {
		var x = io.in("28 00 00 00 00 00 00", 512);
		assertCheck(x, SenseCode.INVALID_FIELD_IN_CDB);
	}

	@Test
	void unsupportedServiceActionsPointAtTheServiceActionField() {
		assertInvalidCdb(io.in("9E 1F 00 00 00 00 00 00 00 00 00 00 00 20 00 00", 32), 1, 4);
		assertInvalidCdb(io.in("A3 0A 00 00 00 00 00 00 01 00 00 00", 256), 1, 4); // REPORT TARGET PORT GROUPS
	}

	@Test
	void startStopUnit() {
		assertGood(io.none("1B 00 00 00 00 00"));
		assertFalse(disk.isStarted());
		assertEquals(1, store.flushes, "stopping writes the cache back");
		var x = io.in("28 00 00 00 00 00 00 00 01 00", 512);
		assertSense(x, "70 00 02 00 00 00 00 0A 00 00 00 00 04 02 00 00 00 00");
		assertCheck(io.none("00 00 00 00 00 00"), SenseCode.INITIALIZING_COMMAND_REQUIRED);
		assertGood(io.in("12 00 00 00 24 00", 36)); // non-media commands still work
		assertGood(io.in("25 00 00 00 00 00 00 00 00 00", 8));
		var sense = io.in("03 00 00 00 12 00", 18);
		assertGood(sense);
		assertEquals("70 00 02 00 00 00 00 0A 00 00 00 00 04 02", Io.data(sense, 14), "REQUEST SENSE says why");
		assertGood(io.none("1B 01 00 00 05 00")); // IMMED, NO_FLUSH, START
		assertTrue(disk.isStarted());
		assertGood(io.in("28 00 00 00 00 00 00 00 01 00", 512));
		assertGood(io.none("1B 00 00 00 04 00")); // stop with NO_FLUSH
		assertEquals(1, store.flushes);
		assertInvalidCdb(io.none("1B 00 00 00 11 00"), 4, 4); // power condition ACTIVE is not supported
		assertInvalidCdb(io.none("1B 00 00 00 02 00"), 4, 1); // LOEJ on a fixed disk
	}

	@Test
	void removableUnitHonoursMediumRemovalPrevention() {
		var removable = SimulatedDisk.builder().removable(true).build();
		var rio = new Io(removable::execute);
		rio.clearUnitAttentions();
		assertGood(rio.none("1E 00 00 00 01 00"));
		assertTrue(removable.isRemovalPrevented());
		assertSense(rio.none("1B 00 00 00 02 00"), "70 00 05 00 00 00 00 0A 00 00 00 00 53 02 00 00 00 00");
		assertTrue(removable.isStarted());
		assertGood(rio.none("1E 00 00 00 00 00"));
		assertGood(rio.none("1B 00 00 00 02 00")); // eject = stop
		assertFalse(removable.isStarted());
		assertInvalidCdb(rio.none("1E 00 00 00 02 00"), 4, 1);
		assertInvalidCdb(rio.none("1E 00 00 00 04 00"), 4, 2);
	}

	@Test
	void sendDiagnostic() {
		assertGood(io.none("1D 04 00 00 00 00")); // default self-test
		assertGood(io.none("1D 10 00 00 00 00"));
		assertInvalidCdb(io.out("1D 04 00 00 04 00", new byte[4]), 3, -1);
		assertInvalidCdb(io.none("1D 20 00 00 00 00"), 1, 5); // background short self-test
		var x = io.out("1D 10 00 00 04 00", new byte[] { (byte) 0x80, 0, 0, 0 });
		Io.assertInvalidParameter(x, 0, 5); // no diagnostic pages
	}

	@Test
	void synchronizeCache() {
		assertGood(io.none("35 00 00 00 00 00 00 00 00 00"));
		assertEquals(1, store.flushes);
		assertGood(io.none("91 02 00 00 00 00 00 00 00 10 00 00 00 08 00 00"));
		assertEquals(2, store.flushes);
		assertCheck(io.none("35 00 00 00 03 E8 00 00 01 00"), SenseCode.LBA_OUT_OF_RANGE);
		assertGood(io.none("35 00 00 00 03 E8 00 00 00 00")); // at the end, to the end: nothing
	}

	@Test
	void reportSupportedOperationCodesAllCommands() {
		var x = io.in("A3 0C 00 00 00 00 00 00 10 00 00 00", 4096);
		assertGood(x);
		byte[] d = Io.dataIn(x);
		int count = (int) ((org.hbakit.controller.api.scsi.Cdb.u32(d, 0)) / 8);
		assertEquals(d.length, 4 + 8 * count);
		assertEquals("00 00 00 00 00 00 00 06", Io.hex(d, 4, 8), "TEST UNIT READY first");
		boolean sawReadCapacity16 = false;
		for (int i = 0; i < count; i++) {
			int at = 4 + 8 * i;
			if ((d[at] & 0xFF) == 0x9E && d[at + 3] == 0x10) {
				assertEquals("9E 00 00 10 00 01 00 10", Io.hex(d, at, 8), "SERVACTV, 16 bytes");
				sawReadCapacity16 = true;
			}
		}
		assertTrue(sawReadCapacity16);
		assertEquals(disk.isWriteCacheEnabled(), true);
	}

	@Test
	void reportSupportedOperationCodesWithTimeouts() {
		var x = io.in("A3 0C 80 00 00 00 00 00 10 00 00 00", 4096);
		byte[] d = Io.dataIn(x);
		assertEquals("00 00 00 00 00 02 00 06 00 0A 00 00 00 00 00 00 00 00 00 1E", Io.hex(d, 4, 20));
	}

	@Test
	void reportSupportedOperationCodesOneCommand() {
		var x = io.in("A3 0C 01 28 00 00 00 00 01 00 00 00", 256);
		assertGood(x);
		assertEquals("00 03 00 0A 28 1C FF FF FF FF 3F FF FF 00", Io.hex(Io.dataIn(x), 0, 14));
		x = io.in("A3 0C 02 9E 00 10 00 00 01 00 00 00", 256); // READ CAPACITY(16)
		assertEquals("00 03 00 10 9E 1F FF FF FF FF FF FF FF FF FF FF FF FF 01 00",
				Io.hex(Io.dataIn(x), 0, 20));
		x = io.in("A3 0C 01 C0 00 00 00 00 01 00 00 00", 256); // unsupported
		assertEquals("00 01 00 00", Io.hex(Io.dataIn(x), 0, 4));
		x = io.in("A3 0C 02 9E 00 1F 00 00 01 00 00 00", 256); // unsupported service action
		assertEquals("00 01 00 00", Io.hex(Io.dataIn(x), 0, 4));
		x = io.in("A3 0C 03 28 12 34 00 00 01 00 00 00", 256); // 011b: the service action is ignored for READ(10)
		assertEquals("00 03 00 0A", Io.hex(Io.dataIn(x), 0, 4));
		x = io.in("A3 0C 81 00 00 00 00 00 01 00 00 00", 256); // with timeouts
		assertEquals("00 83 00 06 00 00 00 00 00 00 00 0A 00 00 00 00 00 00 00 00 00 1E",
				Io.hex(Io.dataIn(x), 0, 22));
		assertInvalidCdb(io.in("A3 0C 01 9E 00 00 00 00 01 00 00 00", 256), 3, -1); // 9Eh needs a service action
		assertInvalidCdb(io.in("A3 0C 02 28 00 00 00 00 01 00 00 00", 256), 3, -1); // 28h has none
		assertInvalidCdb(io.in("A3 0C 04 28 00 00 00 00 01 00 00 00", 256), 2, 2); // reporting options 100b
	}

	@Test
	void writeCacheEnabledReportsThroughTheCachingPage() {
		disk.setWriteCacheEnabled(false);
		assertCheck(io.none("00 00 00 00 00 00"), SenseCode.MODE_PARAMETERS_CHANGED);
		assertFalse(disk.isWriteCacheEnabled());
	}
}
