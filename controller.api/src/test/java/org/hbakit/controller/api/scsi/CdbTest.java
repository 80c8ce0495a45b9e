package org.hbakit.controller.api.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class CdbTest {
	private final byte[] cdb = filled();

	/** A CDB array full of garbage, so builders are seen to clear what they do not set. */
	private static byte[] filled() {
		byte[] b = new byte[16];
		Arrays.fill(b, (byte) 0xEE);
		return b;
	}

	@Test
	void bigEndianGettersAndSetters() {
		byte[] b = new byte[12];
		Cdb.put16(b, 0, 0xABCD);
		Cdb.put24(b, 2, 0x123456);
		Cdb.put32(b, 5, 0xFEDCBA98L);
		assertEquals("AB CD 12 34 56 FE DC BA 98 00 00 00", Hex.of(b, 12));
		assertEquals(0xAB, Cdb.u8(b, 0));
		assertEquals(0xABCD, Cdb.u16(b, 0));
		assertEquals(0x123456, Cdb.u24(b, 2));
		assertEquals(0xFEDCBA98L, Cdb.u32(b, 5));
		Cdb.put64(b, 2, 0x8877665544332211L);
		assertEquals("AB CD 88 77 66 55 44 33 22 11 00 00", Hex.of(b, 12));
		assertEquals(0x8877665544332211L, Cdb.u64(b, 2));
	}

	@Test
	void read10IsPinnedByteByByte() {
		assertEquals(10, Cdb.read10(cdb, 0x12345678L, 0x0100));
		assertEquals("28 00 12 34 56 78 00 01 00 00", Hex.of(cdb, 10));
		assertEquals(0x12345678L, Cdb.lba(cdb));
		assertEquals(256, Cdb.transferLength(cdb));
		assertEquals(0xEE, cdb[10] & 0xFF, "bytes past the CDB are left alone");
	}

	@Test
	void write10AndMaximumValues() {
		assertEquals(10, Cdb.write10(cdb, 0xFFFFFFFFL, 0xFFFF));
		assertEquals("2A 00 FF FF FF FF 00 FF FF 00", Hex.of(cdb, 10));
		assertEquals(0xFFFFFFFFL, Cdb.lba(cdb));
		assertEquals(0xFFFF, Cdb.transferLength(cdb));
		assertThrows(IllegalArgumentException.class, () -> Cdb.write10(cdb, 1L << 32, 1));
		assertThrows(IllegalArgumentException.class, () -> Cdb.write10(cdb, 0, 0x10000));
		assertThrows(IllegalArgumentException.class, () -> Cdb.read10(cdb, -1, 1));
	}

	@Test
	void read16IsPinnedByteByByte() {
		assertEquals(16, Cdb.read16(cdb, 0x0102030405060708L, 0x0A0B0C0D));
		assertEquals("88 00 01 02 03 04 05 06 07 08 0A 0B 0C 0D 00 00", Hex.of(cdb, 16));
		assertEquals(0x0102030405060708L, Cdb.lba(cdb));
		assertEquals(0x0A0B0C0DL, Cdb.transferLength(cdb));
	}

	@Test
	void write16CarriesUnsignedValues() {
		assertEquals(16, Cdb.write16(cdb, -1L, -1));
		assertEquals("8A 00 FF FF FF FF FF FF FF FF FF FF FF FF 00 00", Hex.of(cdb, 16));
		assertEquals(-1L, Cdb.lba(cdb));
		assertEquals(0xFFFFFFFFL, Cdb.transferLength(cdb));
	}

	@Test
	void read12AndWrite12() {
		assertEquals(12, Cdb.read12(cdb, 0x11223344L, 0x55667788));
		assertEquals("A8 00 11 22 33 44 55 66 77 88 00 00", Hex.of(cdb, 12));
		assertEquals(0x11223344L, Cdb.lba(cdb));
		assertEquals(0x55667788L, Cdb.transferLength(cdb));
		Cdb.write12(cdb, 7, 9);
		assertEquals("AA 00 00 00 00 07 00 00 00 09 00 00", Hex.of(cdb, 12));
	}

	@Test
	void read6LengthZeroMeans256() {
		assertEquals(6, Cdb.read6(cdb, 0x1FFFFF, 256));
		assertEquals("08 1F FF FF 00 00", Hex.of(cdb, 6));
		assertEquals(0x1FFFFFL, Cdb.lba(cdb));
		assertEquals(256, Cdb.transferLength(cdb));
		Cdb.write6(cdb, 0x10, 1);
		assertEquals("0A 00 00 10 01 00", Hex.of(cdb, 6));
		assertEquals(1, Cdb.transferLength(cdb));
		// the three high bits of byte 1 are not part of the LBA
		byte[] raw = Hex.bytes("08 E1 00 00 00 00");
		assertEquals(0x10000L, Cdb.lba(raw));
		assertEquals(256, Cdb.transferLength(raw));
		assertThrows(IllegalArgumentException.class, () -> Cdb.read6(cdb, 0x200000, 1));
		assertThrows(IllegalArgumentException.class, () -> Cdb.read6(cdb, 0, 0));
		assertThrows(IllegalArgumentException.class, () -> Cdb.read6(cdb, 0, 257));
	}

	@Test
	void lbaAndLengthOfOtherBlockCommands() {
		byte[] verify10 = Hex.bytes("2F 02 00 00 00 10 00 00 08 00");
		assertEquals(16, Cdb.lba(verify10));
		assertEquals(8, Cdb.transferLength(verify10));
		byte[] verify12 = Hex.bytes("AF 00 00 00 00 20 00 00 00 04 00 00");
		assertEquals(32, Cdb.lba(verify12));
		assertEquals(4, Cdb.transferLength(verify12));
		byte[] caw = Hex.bytes("89 00 00 00 00 00 00 00 00 05 00 00 00 01 00 00");
		assertEquals(5, Cdb.lba(caw));
		assertEquals(1, Cdb.transferLength(caw));
		assertEquals(13, Cdb.transferLengthOffset(0x89));
		byte[] ws16 = Hex.bytes("93 08 00 00 00 00 00 00 00 40 00 00 01 00 00 00");
		assertEquals(64, Cdb.lba(ws16));
		assertEquals(256, Cdb.transferLength(ws16));
		byte[] sync10 = Hex.bytes("35 00 00 00 00 00 00 00 00 00");
		assertEquals(0, Cdb.lba(sync10));
		assertEquals(0, Cdb.transferLength(sync10));
		assertTrue(Cdb.hasLba(0x91));
		assertFalse(Cdb.hasLba(0x12));
		assertThrows(IllegalArgumentException.class, () -> Cdb.lba(Hex.bytes("12 00 00 00 24 00")));
		assertThrows(IllegalArgumentException.class, () -> Cdb.transferLength(Hex.bytes("25 00 00 00 00 00 00 00 00 00")));
	}

	@Test
	void inquiryBuilder() {
		assertEquals(6, Cdb.inquiry(cdb, false, 0, 36));
		assertEquals("12 00 00 00 24 00", Hex.of(cdb, 6));
		assertEquals(36, Cdb.allocationLength(cdb));
		Cdb.inquiry(cdb, true, 0x83, 0x1234);
		assertEquals("12 01 83 12 34 00", Hex.of(cdb, 6));
		assertEquals(0x1234, Cdb.allocationLength(cdb));
		assertThrows(IllegalArgumentException.class, () -> Cdb.inquiry(cdb, false, 0x80, 36));
		assertThrows(IllegalArgumentException.class, () -> Cdb.inquiry(cdb, true, 0x80, 0x10000));
	}

	@Test
	void reportLunsBuilder() {
		assertEquals(12, Cdb.reportLuns(cdb, 0x1000));
		assertEquals("A0 00 00 00 00 00 00 00 10 00 00 00", Hex.of(cdb, 12));
		assertEquals(0x1000, Cdb.allocationLength(cdb));
		Cdb.reportLuns(cdb, Cdb.SELECT_REPORT_ALL, 16);
		assertEquals("A0 00 02 00 00 00 00 00 00 10 00 00", Hex.of(cdb, 12));
	}

	@Test
	void capacityAndHousekeepingBuilders() {
		assertEquals(10, Cdb.readCapacity10(cdb));
		assertEquals("25 00 00 00 00 00 00 00 00 00", Hex.of(cdb, 10));
		assertEquals(16, Cdb.readCapacity16(cdb, 32));
		assertEquals("9E 10 00 00 00 00 00 00 00 00 00 00 00 20 00 00", Hex.of(cdb, 16));
		assertEquals(0x10, Cdb.serviceAction(cdb));
		assertEquals(32, Cdb.allocationLength(cdb));
		assertEquals(6, Cdb.testUnitReady(cdb));
		assertEquals("00 00 00 00 00 00", Hex.of(cdb, 6));
		assertEquals(6, Cdb.requestSense(cdb, 252));
		assertEquals("03 00 00 00 FC 00", Hex.of(cdb, 6));
		assertEquals(252, Cdb.allocationLength(cdb));
		assertEquals(10, Cdb.synchronizeCache10(cdb));
		assertEquals("35 00 00 00 00 00 00 00 00 00", Hex.of(cdb, 10));
		assertEquals(6, Cdb.modeSense6(cdb, true, 0, 0x08, 0, 0xFF));
		assertEquals("1A 08 08 00 FF 00", Hex.of(cdb, 6));
		assertEquals(10, Cdb.modeSense10(cdb, false, 1, 0x3F, 0xFF, 0x200));
		assertEquals("5A 00 7F FF 00 00 00 02 00 00", Hex.of(cdb, 10));
		assertEquals(0x200, Cdb.allocationLength(cdb));
	}

	@Test
	void parameterListLengths() {
		assertEquals(0x18, Cdb.parameterListLength(Hex.bytes("15 10 00 00 18 00")));
		assertEquals(0x0118, Cdb.parameterListLength(Hex.bytes("55 10 00 00 00 00 00 01 18 00")));
		assertEquals(24, Cdb.parameterListLength(Hex.bytes("42 00 00 00 00 00 00 00 18 00")));
		assertEquals(-1, Cdb.parameterListLength(Hex.bytes("00 00 00 00 00 00")));
		assertEquals(-1, Cdb.allocationLength(Hex.bytes("00 00 00 00 00 00")));
		assertEquals(7, Cdb.parameterListLengthOffset(0x42));
		assertEquals(4, Cdb.allocationLengthOffset(0x1A));
	}

	@Test
	void controlByteIsTheLastOfTheGroupLength() {
		assertEquals(0x04, Cdb.control(Hex.bytes("00 00 00 00 00 04")));
		assertEquals(0x01, Cdb.control(Hex.bytes("28 00 00 00 00 00 00 00 00 01")));
		assertEquals(-1, Cdb.control(Hex.bytes("7F 00 00 00 00 00 00 18")));
	}

	@Test
	void buildersRejectShortArrays() {
		assertThrows(IllegalArgumentException.class, () -> Cdb.read16(new byte[10], 0, 1));
		assertEquals(10, Cdb.read10(new byte[10], 0, 1));
	}
}
