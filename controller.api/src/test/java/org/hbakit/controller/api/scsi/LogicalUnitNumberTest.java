package org.hbakit.controller.api.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class LogicalUnitNumberTest {
	private final byte[] b = junk();

	private static byte[] junk() {
		byte[] a = new byte[12];
		Arrays.fill(a, (byte) 0x77);
		return a;
	}

	@Test
	void lun5UsesPeripheralAddressing() {
		LogicalUnitNumber.encode(5, b, 2);
		assertEquals("77 77 00 05 00 00 00 00 00 00 77 77", Hex.of(b, 12));
		assertEquals(5, LogicalUnitNumber.decode(b, 2));
		assertEquals(0x0005_0000_0000_0000L, LogicalUnitNumber.encode(5));
	}

	@Test
	void lun300UsesFlatAddressing() {
		LogicalUnitNumber.encode(300, b, 0);
		assertEquals("41 2C 00 00 00 00 00 00", Hex.of(b, 8));
		assertEquals(300, LogicalUnitNumber.decode(b, 0));
		assertEquals(0x412C_0000_0000_0000L, LogicalUnitNumber.encode(300));
	}

	@Test
	void boundaries() {
		LogicalUnitNumber.encode(255, b, 0);
		assertEquals("00 FF 00 00 00 00 00 00", Hex.of(b, 8));
		LogicalUnitNumber.encode(256, b, 0);
		assertEquals("41 00 00 00 00 00 00 00", Hex.of(b, 8));
		LogicalUnitNumber.encode(16383, b, 0);
		assertEquals("7F FF 00 00 00 00 00 00", Hex.of(b, 8));
		assertEquals(16383, LogicalUnitNumber.decode(b, 0));
		assertThrows(IllegalArgumentException.class, () -> LogicalUnitNumber.encode(16384, b, 0));
		assertThrows(IllegalArgumentException.class, () -> LogicalUnitNumber.encode(-1, b, 0));
		assertThrows(IllegalArgumentException.class, () -> LogicalUnitNumber.encodePeripheral(256, b, 0));
		assertThrows(IllegalArgumentException.class, () -> LogicalUnitNumber.encodeFlat(16384, b, 0));
		assertThrows(IllegalArgumentException.class, () -> LogicalUnitNumber.encode(0, b, 5));
	}

	@Test
	void flatEncodingOfASmallLunDecodesToTheSameLun() {
		LogicalUnitNumber.encodeFlat(5, b, 0);
		assertEquals("40 05 00 00 00 00 00 00", Hex.of(b, 8));
		assertEquals(5, LogicalUnitNumber.decode(b, 0));
	}

	@Test
	void reportLunsWellKnownLun() {
		assertEquals(0xC101, LogicalUnitNumber.REPORT_LUNS_WELL_KNOWN_LUN);
		LogicalUnitNumber.encode(LogicalUnitNumber.REPORT_LUNS_WELL_KNOWN_LUN, b, 0);
		assertEquals("C1 01 00 00 00 00 00 00", Hex.of(b, 8));
		assertEquals(0xC101, LogicalUnitNumber.decode(b, 0));
		assertTrue(LogicalUnitNumber.isWellKnown(0xC101));
		assertFalse(LogicalUnitNumber.isWellKnown(0x0101));
	}

	@Test
	void undecodableAddressesGiveMinusOne() {
		assertEquals(-1, LogicalUnitNumber.decode(Hex.bytes("01 05 00 00 00 00 00 00"), 0), "bus identifier 1");
		assertEquals(-1, LogicalUnitNumber.decode(Hex.bytes("00 05 00 01 00 00 00 00"), 0), "second level");
		assertEquals(-1, LogicalUnitNumber.decode(Hex.bytes("00 05 00 00 00 00 00 01"), 0), "fourth level");
		assertEquals(-1, LogicalUnitNumber.decode(Hex.bytes("80 05 00 00 00 00 00 00"), 0), "logical unit addressing");
		assertEquals(-1, LogicalUnitNumber.decode(Hex.bytes("D2 00 00 00 00 00 00 00"), 0), "extended, not W-LUN");
	}

	@Test
	void longFormRoundTrips() {
		byte[] raw = Hex.bytes("41 2C 00 00 00 00 00 00");
		long v = LogicalUnitNumber.toLong(raw, 0);
		assertEquals(0x412C_0000_0000_0000L, v);
		LogicalUnitNumber.fromLong(v, b, 4);
		assertEquals("41 2C 00 00 00 00 00 00", Hex.of(b, 4, 8));
		assertEquals(300, LogicalUnitNumber.decode(v));
		for (int lun = 0; lun <= LogicalUnitNumber.MAX_FLAT; lun++) {
			assertEquals(lun, LogicalUnitNumber.decode(LogicalUnitNumber.encode(lun)));
		}
	}
}
