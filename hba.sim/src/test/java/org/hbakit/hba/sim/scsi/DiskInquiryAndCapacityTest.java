package org.hbakit.hba.sim.scsi;

import static org.hbakit.hba.sim.scsi.Io.assertGood;
import static org.hbakit.hba.sim.scsi.Io.assertInvalidCdb;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hbakit.hba.sim.scsi.store.FileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** INQUIRY standard data and VPD pages, and READ CAPACITY(10/16), pinned byte by byte. */
class DiskInquiryAndCapacityTest {
	private static final long WWN = 0x5000C50012345678L;

	private final SimulatedDisk disk = SimulatedDisk.builder().wwn(WWN).identity("ACME", "FASTDISK", "0042")
			.serial("SN123").capacityBlocks(0x200000).build();
	private final Io io = new Io(disk::execute);

	@Test
	void standardInquiry() {
		var x = io.in("12 00 00 00 60 00", 96);
		assertGood(x);
		assertEquals(96, x.bytesTransferred());
		assertEquals("00 00 06 12 5B 00 00 02", Io.data(x, 8), "PDT 0, SPC-4, HiSup+format 2, CmdQue");
		byte[] d = Io.dataIn(x);
		assertEquals("ACME    FASTDISK        0042", new String(d, 8, 28, java.nio.charset.StandardCharsets.US_ASCII));
		assertEquals("00 A0 04 60 04 C0 00 00", Io.hex(d, 58, 8), "SAM-5, SPC-4, SBC-3");
	}

	@Test
	void standardInquiryIsTruncatedToAllocationLengthAndBuffer() {
		var x = io.in("12 00 00 00 24 00", 96);
		assertGood(x);
		assertEquals(36, x.bytesTransferred());
		x = io.in("12 00 00 00 60 00", 5);
		assertGood(x);
		assertEquals(5, x.bytesTransferred());
		assertEquals("00 00 06 12 5B", Io.data(x, 5));
	}

	@Test
	void removableUnitSetsRmb() {
		var removable = SimulatedDisk.builder().removable(true).build();
		var x = new Io(removable::execute).in("12 00 00 00 24 00", 36);
		assertEquals("00 80", Io.data(x, 2));
	}

	@Test
	void vpdSupportedPages() {
		var x = io.in("12 01 00 00 FF 00", 255);
		assertGood(x);
		assertEquals("00 00 00 06 00 80 83 B0 B1 B2", Io.hex(Io.dataIn(x), 0, (int) x.bytesTransferred()));
	}

	@Test
	void vpdUnitSerialNumber() {
		var x = io.in("12 01 80 00 FF 00", 255);
		assertGood(x);
		assertEquals("00 80 00 05 53 4E 31 32 33", Io.hex(Io.dataIn(x), 0, (int) x.bytesTransferred()));
	}

	@Test
	void vpdDeviceIdentificationCarriesTheNaaDesignator() {
		var x = io.in("12 01 83 00 FF 00", 255);
		assertGood(x);
		byte[] d = Io.dataIn(x);
		assertEquals("00 83 00 1D", Io.hex(d, 0, 4), "12 + 4 + 13 bytes of designators");
		assertEquals("01 03 00 08 50 00 C5 00 12 34 56 78", Io.hex(d, 4, 12), "NAA, binary, LU association");
		assertEquals("02 01 00 0D", Io.hex(d, 16, 4), "T10 vendor ID, ASCII");
		assertEquals("ACME    SN123", new String(d, 20, 13, java.nio.charset.StandardCharsets.US_ASCII));
		assertEquals(33, d.length);
	}

	@Test
	void vpdBlockLimits() {
		var x = io.in("12 01 B0 00 FF 00", 255);
		assertGood(x);
		byte[] d = Io.dataIn(x);
		assertEquals(64, d.length);
		assertEquals("00 B0 00 3C 01 10 00 01", Io.hex(d, 0, 8), "WSNZ, CAW 16, granularity 1");
		assertEquals("00 00 00 00 00 00 00 00", Io.hex(d, 8, 8), "no transfer limits");
		assertEquals("FF FF FF FF 00 00 01 00", Io.hex(d, 20, 8), "unmap LBA count, 256 descriptors");
		assertEquals("00 00 00 80 80 00 00 00", Io.hex(d, 28, 8), "64 KiB chunks = 128 blocks, UGAVALID");
		assertEquals("00 00 00 00 00 00 FF FF", Io.hex(d, 36, 8), "max write same 65535");
	}

	@Test
	void vpdBlockDeviceCharacteristicsIsNonRotating() {
		var x = io.in("12 01 B1 00 FF 00", 255);
		byte[] d = Io.dataIn(x);
		assertEquals(64, d.length);
		assertEquals("00 B1 00 3C 00 01", Io.hex(d, 0, 6));
	}

	@Test
	void vpdLogicalBlockProvisioning() {
		var x = io.in("12 01 B2 00 FF 00", 255);
		assertEquals("00 B2 00 04 00 E4 02 00", Io.hex(Io.dataIn(x), 0, 8), "LBPU LBPWS LBPWS10 LBPRZ, thin");
	}

	@Test
	void fileBackedDiskReportsNoProvisioning(@TempDir Path dir) throws Exception {
		try (var fileDisk = SimulatedDisk.builder().store(FileStore.open(dir.resolve("d.img"))).build()) {
			var fio = new Io(fileDisk::execute);
			assertEquals("00 B2 00 04 00 00 00 00", Io.hex(Io.dataIn(fio.in("12 01 B2 00 FF 00", 255)), 0, 8));
			fio.clearUnitAttentions();
			byte[] rc16 = Io.dataIn(fio.in("9E 10 00 00 00 00 00 00 00 00 00 00 00 20 00 00", 32));
			assertEquals(0, rc16[14], "no LBPME/LBPRZ");
			Io.assertCheck(fio.out("42 00 00 00 00 00 00 00 18 00", new byte[24]),
					org.hbakit.controller.api.scsi.SenseCode.INVALID_COMMAND_OPERATION_CODE);
		}
	}

	@Test
	void inquiryErrors() {
		assertInvalidCdb(io.in("12 00 80 00 FF 00", 255), 2, -1);
		assertInvalidCdb(io.in("12 01 C0 00 FF 00", 255), 2, -1);
		assertInvalidCdb(io.in("12 02 00 00 FF 00", 255), 1, 1); // CMDDT
		assertInvalidCdb(io.in("12 00 00 00 FF 04", 255), 5, 2); // NACA
	}

	@Test
	void readCapacity10() {
		io.clearUnitAttentions();
		var x = io.in("25 00 00 00 00 00 00 00 00 00", 8);
		assertGood(x);
		assertEquals("00 1F FF FF 00 00 02 00", Io.data(x, 8));
		assertInvalidCdb(io.in("25 00 00 00 00 01 00 00 00 00", 8), 2, -1); // LBA without PMI
		assertGood(io.in("25 00 00 00 00 01 00 00 01 00", 8));
	}

	@Test
	void readCapacity10SaturatesAbove2To32Blocks() {
		var big = SimulatedDisk.builder().capacityBlocks(1L << 33).blockSize(4096).build();
		var bio = new Io(big::execute);
		bio.clearUnitAttentions();
		assertEquals("FF FF FF FF 00 00 10 00", Io.data(bio.in("25 00 00 00 00 00 00 00 00 00", 8), 8));
		var x = bio.in("9E 10 00 00 00 00 00 00 00 00 00 00 00 20 00 00", 32);
		assertEquals("00 00 00 01 FF FF FF FF 00 00 10 00 00 00 C0 00", Io.data(x, 16));
		// exactly 2^32 blocks: the last LBA FFFFFFFFh does not fit either
		var edge = SimulatedDisk.builder().capacityBlocks(1L << 32).build();
		var eio = new Io(edge::execute);
		eio.clearUnitAttentions();
		assertEquals("FF FF FF FF", Io.data(eio.in("25 00 00 00 00 00 00 00 00 00", 8), 4));
		var below = SimulatedDisk.builder().capacityBlocks((1L << 32) - 1).build();
		var wio = new Io(below::execute);
		wio.clearUnitAttentions();
		assertEquals("FF FF FF FE", Io.data(wio.in("25 00 00 00 00 00 00 00 00 00", 8), 4));
	}

	@Test
	void readCapacity16() {
		var d = SimulatedDisk.builder().capacityBlocks(1000).physicalBlockExponent(3).build();
		var dio = new Io(d::execute);
		dio.clearUnitAttentions();
		var x = dio.in("9E 10 00 00 00 00 00 00 00 00 00 00 00 20 00 00", 32);
		assertGood(x);
		assertEquals(32, x.bytesTransferred());
		assertEquals("00 00 00 00 00 00 03 E7 00 00 02 00 00 03 C0 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
				Io.data(x, 32));
		x = dio.in("9E 10 00 00 00 00 00 00 00 00 00 00 00 0C 00 00", 32);
		assertEquals(12, x.bytesTransferred(), "allocation length truncates");
		x = dio.in("9E 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00", 32);
		assertGood(x);
		assertEquals(0, x.bytesTransferred());
		assertInvalidCdb(dio.in("9E 10 00 00 00 00 00 00 00 01 00 00 00 20 00 00", 32), 2, -1);
		assertInvalidCdb(dio.in("9E 11 00 00 00 00 00 00 00 00 00 00 00 20 00 00", 32), 1, 4); // unknown SA
	}
}
