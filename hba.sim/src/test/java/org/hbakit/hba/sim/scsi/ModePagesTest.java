package org.hbakit.hba.sim.scsi;

import static org.hbakit.hba.sim.scsi.Io.assertCheck;
import static org.hbakit.hba.sim.scsi.Io.assertGood;
import static org.hbakit.hba.sim.scsi.Io.assertInvalidCdb;
import static org.hbakit.hba.sim.scsi.Io.assertInvalidParameter;
import static org.hbakit.hba.sim.scsi.Io.assertSense;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hbakit.controller.api.scsi.SenseCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MODE SENSE and MODE SELECT (6/10): header, block descriptors, pages 01h/08h/0Ah, page control, errors. */
class ModePagesTest {
	private static final String RW = "01 0A C0 0B F0 00 00 00 05 00 FF FF";
	private static final String CACHING = "08 12 04 00 FF FF 00 00 FF FF FF FF 80 14 00 00 00 00 00 00";
	private static final String CONTROL = "0A 0A 02 10 00 00 00 00 00 00 00 00";

	private final CountingStore store = new CountingStore(new org.hbakit.hba.sim.scsi.store.SparseMemoryStore());
	private final SimulatedDisk disk = SimulatedDisk.builder().capacityBlocks(0x1000).store(store).build();
	private final Io io = new Io(disk::execute);

	@BeforeEach
	void ready() {
		io.clearUnitAttentions();
	}

	@Test
	void modeSense6CachingPageWithBlockDescriptor() {
		var x = io.in("1A 00 08 00 FF 00", 255);
		assertGood(x);
		assertEquals(4 + 8 + 20, x.bytesTransferred());
		assertEquals("1F 00 10 08 00 00 10 00 00 00 02 00 " + CACHING, Io.data(x, 32));
	}

	@Test
	void modeSense6AllPagesWithoutBlockDescriptor() {
		var x = io.in("1A 08 3F 00 FF 00", 255);
		assertGood(x);
		assertEquals("2F 00 10 00 " + RW + " " + CACHING + " " + CONTROL, Io.data(x, 48));
		assertEquals(x.bytesTransferred(), Io.dataIn(io.in("1A 08 3F FF FF 00", 255)).length, "all subpages too");
	}

	@Test
	void modeSense10WithLongLbaDescriptor() {
		var x = io.in("5A 10 0A 00 00 00 00 00 FF 00", 255);
		assertGood(x);
		assertEquals("00 22 00 10 01 00 00 10 00 00 00 00 00 00 10 00 00 00 00 00 00 00 02 00 " + CONTROL,
				Io.data(x, 36));
	}

	@Test
	void modeSense10ShortDescriptorAndTruncation() {
		var x = io.in("5A 00 01 00 00 00 00 00 0A 00", 255);
		assertGood(x);
		assertEquals(10, x.bytesTransferred(), "allocation length 10");
		assertEquals("00 1A 00 10 00 00 00 08 00 00", Io.data(x, 10), "MODE DATA LENGTH covers the whole data");
	}

	@Test
	void pageControlChangeableDefaultAndSaved() {
		var x = io.in("1A 08 48 00 FF 00", 255); // changeable caching page
		assertEquals("17 00 00 00 08 12 04 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", Io.data(x, 24));
		x = io.in("1A 08 4A 00 FF 00", 255); // changeable control page
		assertEquals("0A 0A 04 00 00 00 00 00 00 00 00 00", Io.hex(Io.dataIn(x), 4, 12));
		disk.setWriteCacheEnabled(false);
		io.clearUnitAttentions();
		x = io.in("1A 08 88 00 FF 00", 255); // default follows the administrator's setting
		assertEquals(0, Io.dataIn(x)[6]);
		// saved values do not exist
		assertSense(io.in("1A 08 C8 00 FF 00", 255), "70 00 05 00 00 00 00 0A 00 00 00 00 39 00 00 00 00 00");
	}

	@Test
	void modeSenseErrors() {
		assertInvalidCdb(io.in("1A 08 1C 00 FF 00", 255), 2, 5); // page 1Ch unsupported
		assertInvalidCdb(io.in("1A 08 08 01 FF 00", 255), 3, -1); // subpage 1
		assertInvalidCdb(io.in("1A 10 08 00 FF 00", 255), 1, 4); // LLBAA does not exist in MODE SENSE(6)
	}

	@Test
	void writeProtectShowsInTheDeviceSpecificParameter() {
		disk.setWriteProtected(true);
		assertEquals("17 00 90 00", Io.data(io.in("1A 08 08 00 FF 00", 255), 4));
	}

	@Test
	void modeSelectOfTheControlPageSwitchesToDescriptorSense() {
		byte[] list = Io.bytes("00 00 00 00 0A 0A 06 10 00 00 00 00 00 00 00 00");
		var x = io.out("15 10 00 00 10 00", list);
		assertGood(x);
		assertEquals(16, x.bytesTransferred());
		assertTrue(disk.isDescriptorSense());
		// every later error uses descriptor format
		assertSense(io.in("28 00 00 00 FF FF 00 00 01 00", 512), "72 05 21 00 00 00 00 00");
		assertSense(io.in("28 20 00 00 00 00 00 00 01 00", 512), "72 05 24 00 00 00 00 08 02 06 00 00 CD 00 01 00");
		x = io.in("5A 08 0A 00 00 00 00 00 FF 00", 255);
		assertEquals("0A 0A 06 10", Io.hex(Io.dataIn(x), 8, 4));
		// and back
		assertGood(io.out("55 10 00 00 00 00 00 00 1C 00",
				Io.bytes("00 00 00 00 00 00 00 08 00 00 10 00 00 00 02 00 0A 0A 02 10 00 00 00 00 00 00 00 00")));
		assertFalse(disk.isDescriptorSense());
	}

	@Test
	void modeSelectOfTheCachingPageSetsWce() {
		byte[] list = Io.bytes("00 00 00 00 08 12 00 00 FF FF 00 00 FF FF FF FF 80 14 00 00 00 00 00 00");
		assertGood(io.out("15 10 00 00 18 00", list));
		assertFalse(disk.isWriteCacheEnabled());
		assertGood(io.out("2A 00 00 00 00 00 00 00 01 00", new byte[512]));
		assertEquals(1, store.flushes, "write-through after WCE=0");
		assertEquals("00", Io.hex(Io.dataIn(io.in("1A 08 08 00 FF 00", 255)), 6, 1));
	}

	@Test
	void modeSelectRejectsChangesToUnchangeableBitsWithTheirPosition() {
		// caching page with RCD set: byte 2 bit 0 of the page, offset 4 + 2 in the list
		byte[] list = Io.bytes("00 00 00 00 08 12 05 00 FF FF 00 00 FF FF FF FF 80 14 00 00 00 00 00 00");
		var x = io.out("15 10 00 00 18 00", list);
		assertSense(x, "70 00 05 00 00 00 00 0A 00 00 00 00 26 00 00 88 00 06");
		assertInvalidParameter(x, 6, 0);
		assertTrue(disk.isWriteCacheEnabled(), "nothing changed");
	}

	@Test
	void modeSelectChecksTheWholeListBeforeChangingAnything() {
		// a valid control page followed by a caching page with a wrong length
		byte[] list = Io.bytes("00 00 00 00 0A 0A 06 10 00 00 00 00 00 00 00 00 08 11 04");
		assertInvalidParameter(io.out("15 10 00 00 13 00", list), 17, -1);
		assertFalse(disk.isDescriptorSense());
	}

	@Test
	void modeSelectParameterListErrors() {
		assertInvalidParameter(io.out("15 10 00 00 10 00",
				Io.bytes("00 00 00 00 8A 0A 02 10 00 00 00 00 00 00 00 00")), 4, 7); // PS
		assertInvalidParameter(io.out("15 10 00 00 10 00",
				Io.bytes("00 00 00 00 4A 0A 02 10 00 00 00 00 00 00 00 00")), 4, 6); // SPF
		assertInvalidParameter(io.out("15 10 00 00 10 00",
				Io.bytes("00 00 00 00 1C 0A 02 10 00 00 00 00 00 00 00 00")), 4, 5); // unsupported page
		assertInvalidParameter(io.out("15 10 00 00 10 00",
				Io.bytes("00 00 00 04 00 00 00 00 00 00 00 00 00 00 00 00")), 3, -1); // block descriptor length 4
		assertInvalidParameter(io.out("15 10 00 00 0C 00",
				Io.bytes("00 00 00 08 00 00 00 00 00 00 10 00")), 9, -1); // block length 4096
		assertInvalidParameter(io.out("15 10 00 00 0C 00",
				Io.bytes("00 00 00 08 00 00 00 07 00 00 02 00")), 4, -1); // a different capacity
		assertGood(io.out("15 10 00 00 0C 00", Io.bytes("00 00 00 08 00 00 10 00 00 00 02 00"))); // the same
		assertGood(io.out("15 10 00 00 0C 00", Io.bytes("00 00 00 08 00 00 00 00 00 00 02 00"))); // 0 = no change
		assertCheck(io.out("15 10 00 00 03 00", Io.bytes("00 00 00")), SenseCode.PARAMETER_LIST_LENGTH_ERROR);
		assertCheck(io.out("15 10 00 00 08 00", Io.bytes("00 00 00 08 00 00 00 00")),
				SenseCode.PARAMETER_LIST_LENGTH_ERROR); // truncated block descriptor
		assertCheck(io.out("15 10 00 00 0A 00", Io.bytes("00 00 00 00 0A 0A 06 10 00 00")),
				SenseCode.PARAMETER_LIST_LENGTH_ERROR); // truncated page
		assertCheck(io.out("15 10 00 00 05 00", Io.bytes("00 00 00 00 0A")),
				SenseCode.PARAMETER_LIST_LENGTH_ERROR); // a lone page code
	}

	@Test
	void modeSelectCdbErrors() {
		byte[] list = Io.bytes("00 00 00 00 0A 0A 06 10 00 00 00 00 00 00 00 00");
		assertInvalidCdb(io.out("15 11 00 00 10 00", list), 1, 0); // SP: no saved pages
		assertInvalidCdb(io.out("15 00 00 00 10 00", list), 1, 4); // PF=0
		assertInvalidCdb(io.out("15 10 00 00 20 00", list), 4, -1); // list longer than the buffer
		assertGood(io.none("15 10 00 00 00 00")); // empty list
		assertFalse(disk.isDescriptorSense());
	}
}
