package org.hbakit.hba.sim.scsi;

import static org.hbakit.hba.sim.scsi.Io.assertCheck;
import static org.hbakit.hba.sim.scsi.Io.assertGood;
import static org.hbakit.hba.sim.scsi.Io.assertInvalidCdb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.hba.sim.scsi.store.FileStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saved mode pages of a disk on a persistent medium: MODE SELECT with SP=1 saves, MODE SENSE page control 11b reports
 * saved, 10b default and 00b current values, the saved values are the current ones after a restart and after a
 * reset; a disk without saved pages refuses SP=1 and page control 11b.
 */
class SavedModePagesTest {
	/** MODE SELECT(6) PF SP: the caching page with WCE=0. */
	private static final String SELECT_SAVE = "15 11 00 00 18 00";
	private static final String SELECT = "15 10 00 00 18 00";
	private static final byte[] WCE_OFF = Io.bytes(
			"00 00 00 00 08 12 00 00 FF FF 00 00 FF FF FF FF 80 14 00 00 00 00 00 00");
	private static final byte[] WCE_ON = Io.bytes(
			"00 00 00 00 08 12 04 00 FF FF 00 00 FF FF FF FF 80 14 00 00 00 00 00 00");

	@TempDir
	Path dir;
	private SimulatedDisk disk;

	@AfterEach
	void close() throws IOException {
		if (disk != null) {
			disk.close();
		}
	}

	/** Powers the file-backed disk on (again): a new disk on the same file, as a restart of the platform builds. */
	private Io powerOn() throws IOException {
		if (disk != null) {
			disk.close();
		}
		disk = SimulatedDisk.builder().capacityBlocks(2048).store(FileStore.open(dir.resolve("disk.img")))
				.savedModePages(dir.resolve("disk.img.modepages")).build();
		Io io = new Io(disk::execute);
		io.clearUnitAttentions();
		return io;
	}

	/** Byte 2 of the caching page (WCE is bit 2) as MODE SENSE(6) with page control {@code pc} returns it. */
	private static int cachingByte2(Io io, int pc) {
		var x = io.in(String.format("1A 08 %02X 00 FF 00", pc << 6 | 0x08), 255);
		assertGood(x);
		return Io.dataIn(x)[6] & 0xFF;
	}

	@Test
	void wceZeroSavedWithSpSurvivesARestart() throws IOException {
		Io io = powerOn();
		assertTrue(disk.isWriteCacheEnabled());
		assertEquals(0x04, cachingByte2(io, 3), "nothing saved yet: the saved values are the defaults");
		assertGood(io.out(SELECT_SAVE, WCE_OFF));
		assertFalse(disk.isWriteCacheEnabled());
		assertEquals(0x00, cachingByte2(io, 0), "current");
		assertEquals(0x00, cachingByte2(io, 3), "saved");
		assertEquals(0x04, cachingByte2(io, 2), "default");

		io = powerOn();
		assertFalse(disk.isWriteCacheEnabled(), "the saved value is current after the restart");
		assertEquals(0x00, cachingByte2(io, 0));
		assertEquals(0x00, cachingByte2(io, 3));
		assertEquals(0x04, cachingByte2(io, 2));
	}

	@Test
	void aChangeWithoutSpLastsUntilTheNextResetOrRestart() throws IOException {
		Io io = powerOn();
		assertGood(io.out(SELECT_SAVE, WCE_OFF));
		assertGood(io.out(SELECT, WCE_ON)); // current only
		assertTrue(disk.isWriteCacheEnabled());
		assertEquals(0x00, cachingByte2(io, 3), "saved values unchanged");
		disk.reset(ResetKind.LOGICAL_UNIT_RESET);
		io.clearUnitAttentions();
		assertFalse(disk.isWriteCacheEnabled(), "a reset restores the saved values, not the defaults");
		assertGood(io.out(SELECT, WCE_ON));
		io = powerOn();
		assertFalse(disk.isWriteCacheEnabled(), "and so does a restart");
	}

	@Test
	void pagesReportPsAndAnEmptyListWithSpSavesTheCurrentValues() throws IOException {
		Io io = powerOn();
		var x = io.in("1A 08 3F 00 FF 00", 255);
		assertGood(x);
		byte[] data = Io.dataIn(x);
		assertEquals(0x81, data[4] & 0xFF, "PS on page 01h");
		assertEquals(0x88, data[4 + 12] & 0xFF, "PS on page 08h");
		assertEquals(0x8A, data[4 + 12 + 20] & 0xFF, "PS on page 0Ah");
		assertGood(io.out(SELECT, WCE_OFF));
		assertGood(io.none("15 11 00 00 00 00"));
		io = powerOn();
		assertFalse(disk.isWriteCacheEnabled());
	}

	@Test
	void aFailedSaveIsInternalTargetFailureAndChangesNothing() throws IOException {
		disk = SimulatedDisk.builder().capacityBlocks(2048).store(FileStore.open(dir.resolve("disk.img")))
				.savedModePages(dir.resolve("missing-dir").resolve("disk.img.modepages")).build();
		Io io = new Io(disk::execute);
		io.clearUnitAttentions();
		assertCheck(io.out(SELECT_SAVE, WCE_OFF), SenseCode.INTERNAL_TARGET_FAILURE);
		assertTrue(disk.isWriteCacheEnabled(), "current unchanged");
		assertEquals(0x04, cachingByte2(io, 3), "saved unchanged");
	}

	@Test
	void aSavedPagesFileThatIsNotThisDevicesIsRefusedNamingIt() throws IOException {
		Path file = dir.resolve("disk.img.modepages");
		Files.writeString(file, "08 = 0812050000\n");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimulatedDisk.builder()
				.capacityBlocks(2048).savedModePages(file).build());
		assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("line 1"), e.getMessage());
		// RCD (byte 2 bit 0) is not changeable
		Files.writeString(file, "08 = 08120500ffff0000ffffffff801400000000 0000\n");
		e = assertThrows(IllegalArgumentException.class, () -> SimulatedDisk.builder().capacityBlocks(2048)
				.savedModePages(file).build());
		assertTrue(e.getMessage().contains("not changeable"), e.getMessage());
	}

	@Test
	void theSavedFileIsReadableText() throws IOException {
		Io io = powerOn();
		assertGood(io.out(SELECT_SAVE, WCE_OFF));
		String text = Files.readString(dir.resolve("disk.img.modepages"));
		assertTrue(text.contains("08 = 08120000ffff0000ffffffff801400000000"), text);
		try (var files = Files.list(dir)) {
			assertEquals(0, files.filter(p -> p.toString().endsWith(".tmp")).count(), "no temporary file left");
		}
	}

	@Test
	void aDiskWithoutSavedPagesRefusesSpAndSavedValues() {
		SimulatedDisk ram = SimulatedDisk.builder().capacityBlocks(2048).build();
		Io io = new Io(ram::execute);
		io.clearUnitAttentions();
		assertInvalidCdb(io.out(SELECT_SAVE, WCE_OFF), 1, 0);
		assertInvalidCdb(io.none("15 11 00 00 00 00"), 1, 0);
		assertCheck(io.in("1A 08 C8 00 FF 00", 255), SenseCode.SAVING_PARAMETERS_NOT_SUPPORTED);
		assertCheck(io.in("5A 08 C8 00 00 00 00 00 FF 00", 255), SenseCode.SAVING_PARAMETERS_NOT_SUPPORTED);
		assertEquals(0x08, Io.dataIn(io.in("1A 08 08 00 FF 00", 255))[4] & 0xFF, "PS clear");
		assertTrue(ram.isWriteCacheEnabled());
	}
}
