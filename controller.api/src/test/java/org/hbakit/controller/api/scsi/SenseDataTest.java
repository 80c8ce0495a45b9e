package org.hbakit.controller.api.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SenseDataTest {
	private final byte[] s = garbage();

	private static byte[] garbage() {
		byte[] b = new byte[256];
		Arrays.fill(b, (byte) 0xA5);
		return b;
	}

	@Test
	void fixedFormatIsEighteenBytesWithAdditionalLengthTen() {
		int n = SenseData.fixed(s, SenseKey.UNIT_ATTENTION, 0x29, 0x00);
		assertEquals(18, n);
		assertEquals("70 00 06 00 00 00 00 0A 00 00 00 00 29 00 00 00 00 00", Hex.of(s, n));
		assertEquals(0xA5, s[18] & 0xFF, "nothing is written past the sense");
		assertTrue(SenseData.isValid(s, n));
		assertEquals(6, SenseData.senseKey(s, n));
		assertEquals(0x29, SenseData.asc(s, n));
		assertEquals(0, SenseData.ascq(s, n));
		assertFalse(SenseData.hasInformation(s, n));
		assertEquals(-1, SenseData.information(s, n));
		assertEquals(-1, SenseData.senseKeySpecific(s, n));
	}

	/**
	 * SPC-4 §4.5.3 and §4.5.2.4.2: the sense key specific bytes are 15-17 (FRU is byte 14); byte 15 = SKSV 80h
	 * | C/D 40h | BPV 08h | bit pointer; bytes 16-17 the field pointer.
	 */
	@Test
	void fixedInvalidFieldInCdbPointsAtByteAndBit() {
		int n = SenseData.fixedWithFieldPointer(s, 5, 0x24, 0, true, 1, 7);
		assertEquals("70 00 05 00 00 00 00 0A 00 00 00 00 24 00 00 CF 00 01", Hex.of(s, n));
		assertTrue(SenseData.isValid(s, n));
		assertEquals(1, SenseData.fieldPointer(s, n));
		assertEquals(7, SenseData.bitPointer(s, n));
		assertTrue(SenseData.fieldPointerInCdb(s, n));
		assertEquals(0xCF0001, SenseData.senseKeySpecific(s, n));
	}

	@Test
	void fixedInvalidFieldInParameterListWithoutBit() {
		int n = SenseData.fixedWithFieldPointer(s, 5, 0x26, 0, false, 0x0102, -1);
		assertEquals("70 00 05 00 00 00 00 0A 00 00 00 00 26 00 00 80 01 02", Hex.of(s, n));
		assertEquals(0x0102, SenseData.fieldPointer(s, n));
		assertEquals(-1, SenseData.bitPointer(s, n));
		assertFalse(SenseData.fieldPointerInCdb(s, n));
	}

	@Test
	void fixedMediumErrorCarriesValidAndInformation() {
		int n = SenseData.fixedWithInformation(s, 3, 0x11, 0, 0x1234);
		assertEquals("F0 00 03 00 00 12 34 0A 00 00 00 00 11 00 00 00 00 00", Hex.of(s, n));
		assertTrue(SenseData.hasInformation(s, n));
		assertEquals(0x1234, SenseData.information(s, n));
		assertTrue(SenseData.isValid(s, n));
	}

	@Test
	void fixedInformationTooLargeLeavesValidClear() {
		int n = SenseData.fixedWithInformation(s, 3, 0x11, 0, 0x1_0000_0000L);
		assertEquals("70 00 03 00 00 00 00 0A 00 00 00 00 11 00 00 00 00 00", Hex.of(s, n));
		assertFalse(SenseData.hasInformation(s, n));
		n = SenseData.fixedWithInformation(s, 3, 0x11, 0, 0xFFFF_FFFFL);
		assertEquals(0xFFFF_FFFFL, SenseData.information(s, n));
	}

	@Test
	void descriptorHeaderOnly() {
		int n = SenseData.descriptor(s, SenseCode.LOGICAL_UNIT_NOT_SUPPORTED);
		assertEquals("72 05 25 00 00 00 00 00", Hex.of(s, n));
		assertTrue(SenseData.isValid(s, n));
		assertTrue(SenseData.isDescriptorFormat(s, n));
		assertEquals(5, SenseData.senseKey(s, n));
		assertEquals(0x25, SenseData.asc(s, n));
		assertEquals(0, SenseData.ascq(s, n));
		assertTrue(SenseCode.LOGICAL_UNIT_NOT_SUPPORTED.matches(s, n));
		assertFalse(SenseCode.INVALID_FIELD_IN_CDB.matches(s, n));
	}

	@Test
	void descriptorWithInformationDescriptor() {
		int n = SenseData.descriptorWithInformation(s, 3, 0x11, 0, 0x0102030405060708L);
		assertEquals("72 03 11 00 00 00 00 0C 00 0A 80 00 01 02 03 04 05 06 07 08", Hex.of(s, n));
		assertTrue(SenseData.isValid(s, n));
		assertEquals(0x0102030405060708L, SenseData.information(s, n));
		assertEquals(8, SenseData.findDescriptor(s, n, SenseData.INFORMATION_DESCRIPTOR));
	}

	@Test
	void descriptorWithFieldPointerDescriptor() {
		int n = SenseData.descriptorWithFieldPointer(s, 5, 0x24, 0, true, 2, -1);
		assertEquals("72 05 24 00 00 00 00 08 02 06 00 00 C0 00 02 00", Hex.of(s, n));
		assertTrue(SenseData.isValid(s, n));
		assertEquals(2, SenseData.fieldPointer(s, n));
		assertEquals(-1, SenseData.bitPointer(s, n));
		assertTrue(SenseData.fieldPointerInCdb(s, n));
		assertFalse(SenseData.hasInformation(s, n));
	}

	@Test
	void formatAgnosticBuilders() {
		assertEquals(18, SenseData.build(s, false, SenseCode.WRITE_PROTECTED));
		assertTrue(SenseCode.WRITE_PROTECTED.matches(s, 18));
		assertEquals(8, SenseData.build(s, true, SenseCode.WRITE_PROTECTED));
		assertTrue(SenseCode.WRITE_PROTECTED.matches(s, 8));
		assertEquals(20, SenseData.withInformation(s, true, SenseCode.MISCOMPARE_DURING_VERIFY, 17));
		assertEquals(17, SenseData.information(s, 20));
		assertEquals(18, SenseData.withInformation(s, false, SenseCode.MISCOMPARE_DURING_VERIFY, 17));
		assertEquals(17, SenseData.information(s, 18));
		assertEquals(16, SenseData.withFieldPointer(s, true, SenseCode.INVALID_FIELD_IN_CDB, true, 4, 0));
		assertEquals(0, SenseData.bitPointer(s, 16));
		assertEquals(18, SenseData.withFieldPointer(s, false, SenseCode.INVALID_FIELD_IN_CDB, true, 4, 0));
		assertEquals(4, SenseData.fieldPointer(s, 18));
	}

	@Test
	void isValidRejectsMalformedOrTruncatedSense() {
		assertFalse(SenseData.isValid(s, 0));
		assertFalse(SenseData.isValid(null, 18));
		assertFalse(SenseData.isValid(s, 300));
		int n = SenseData.fixed(s, 5, 0x20, 0);
		assertFalse(SenseData.isValid(s, n - 1), "shorter than the additional length says");
		s[0] = 0x74;
		assertFalse(SenseData.isValid(s, n), "unknown response code");
		s[0] = (byte) 0xF1;
		assertTrue(SenseData.isValid(s, n), "deferred fixed format with VALID is fine");
		s[0] = 0x70;
		s[7] = 4;
		assertFalse(SenseData.isValid(s, 12), "fixed sense must reach ASC/ASCQ");
		n = SenseData.descriptorWithInformation(s, 3, 0x11, 0, 1);
		s[9] = 0x0B; // descriptor claims one byte more than the additional length holds
		assertFalse(SenseData.isValid(s, n));
		byte[] noSense = new byte[8];
		assertFalse(SenseData.isValid(noSense, 8));
	}

	@Test
	void parsersTolerateTruncationAndGarbage() {
		int n = SenseData.fixed(s, 5, 0x24, 0);
		assertEquals(5, SenseData.senseKey(s, 3));
		assertEquals(-1, SenseData.asc(s, 12));
		assertEquals(-1, SenseData.senseKey(s, 0));
		assertEquals(-1, SenseData.senseKeySpecific(s, 17));
		byte[] junk = { 0x12, 0x34, 0x56 };
		assertEquals(-1, SenseData.senseKey(junk, 3));
		assertEquals(-1, SenseData.asc(junk, 3));
		assertEquals(-1, SenseData.information(junk, 3));
		assertEquals(-1, SenseData.findDescriptor(junk, 3, 0));
		assertEquals(n, 18);
	}

	@Test
	void buildersRejectBadPointersAndShortArrays() {
		assertThrows(IllegalArgumentException.class, () -> SenseData.fixed(new byte[17], 5, 0x24, 0));
		assertThrows(IllegalArgumentException.class,
				() -> SenseData.descriptorWithInformation(new byte[19], 3, 0x11, 0, 0));
		assertThrows(IllegalArgumentException.class,
				() -> SenseData.fixedWithFieldPointer(s, 5, 0x24, 0, true, 0x10000, -1));
		assertThrows(IllegalArgumentException.class,
				() -> SenseData.fixedWithFieldPointer(s, 5, 0x24, 0, true, 1, 8));
	}
}
