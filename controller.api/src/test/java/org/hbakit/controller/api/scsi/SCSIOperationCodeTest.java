package org.hbakit.controller.api.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SCSIOperationCodeTest {

	@Test
	void opcodeValuesMatchSpc4AndSbc3() {
		assertEquals(0x00, SCSIOperationCode.TEST_UNIT_READY);
		assertEquals(0x03, SCSIOperationCode.REQUEST_SENSE);
		assertEquals(0x04, SCSIOperationCode.FORMAT_UNIT);
		assertEquals(0x08, SCSIOperationCode.READ_6);
		assertEquals(0x0A, SCSIOperationCode.WRITE_6);
		assertEquals(0x12, SCSIOperationCode.INQUIRY);
		assertEquals(0x15, SCSIOperationCode.MODE_SELECT_6);
		assertEquals(0x1A, SCSIOperationCode.MODE_SENSE_6);
		assertEquals(0x1B, SCSIOperationCode.START_STOP_UNIT);
		assertEquals(0x1D, SCSIOperationCode.SEND_DIAGNOSTIC);
		assertEquals(0x1E, SCSIOperationCode.PREVENT_ALLOW_MEDIUM_REMOVAL);
		assertEquals(0x25, SCSIOperationCode.READ_CAPACITY_10);
		assertEquals(0x28, SCSIOperationCode.READ_10);
		assertEquals(0x2A, SCSIOperationCode.WRITE_10);
		assertEquals(0x2F, SCSIOperationCode.VERIFY_10);
		assertEquals(0x35, SCSIOperationCode.SYNCHRONIZE_CACHE_10);
		assertEquals(0x41, SCSIOperationCode.WRITE_SAME_10);
		assertEquals(0x42, SCSIOperationCode.UNMAP);
		assertEquals(0x55, SCSIOperationCode.MODE_SELECT_10);
		assertEquals(0x5A, SCSIOperationCode.MODE_SENSE_10);
		assertEquals(0x88, SCSIOperationCode.READ_16);
		assertEquals(0x89, SCSIOperationCode.COMPARE_AND_WRITE);
		assertEquals(0x8A, SCSIOperationCode.WRITE_16);
		assertEquals(0x8F, SCSIOperationCode.VERIFY_16);
		assertEquals(0x91, SCSIOperationCode.SYNCHRONIZE_CACHE_16);
		assertEquals(0x93, SCSIOperationCode.WRITE_SAME_16);
		assertEquals(0x9E, SCSIOperationCode.SERVICE_ACTION_IN_16);
		assertEquals(0x10, SCSIOperationCode.SA_READ_CAPACITY_16);
		assertEquals(0x12, SCSIOperationCode.SA_GET_LBA_STATUS);
		assertEquals(0xA0, SCSIOperationCode.REPORT_LUNS);
		assertEquals(0xA3, SCSIOperationCode.MAINTENANCE_IN);
		assertEquals(0x0C, SCSIOperationCode.SA_REPORT_SUPPORTED_OPERATION_CODES);
		assertEquals(0xA8, SCSIOperationCode.READ_12);
		assertEquals(0xAA, SCSIOperationCode.WRITE_12);
		assertEquals(0xAF, SCSIOperationCode.VERIFY_12);
	}

	@Test
	void cdbLengthFollowsTheGroupCode() {
		for (int op = 0; op < 256; op++) {
			int expected = switch (op >> 5) {
				case 0 -> 6;
				case 1, 2 -> 10;
				case 4 -> 16;
				case 5 -> 12;
				default -> 0;
			};
			assertEquals(expected, SCSIOperationCode.cdbLength(op), "opcode " + op);
		}
		assertEquals(6, SCSIOperationCode.cdbLength(0x1F));
		assertEquals(10, SCSIOperationCode.cdbLength(0x20));
		assertEquals(10, SCSIOperationCode.cdbLength(0x5F));
		assertEquals(0, SCSIOperationCode.cdbLength(0x7F));
		assertEquals(16, SCSIOperationCode.cdbLength(0x9E));
		assertEquals(12, SCSIOperationCode.cdbLength(0xA0));
		assertEquals(0, SCSIOperationCode.cdbLength(0xC0));
	}

	@Test
	void namesAreTheStandardOnes() {
		assertEquals("READ(10)", SCSIOperationCode.name(0x28));
		assertEquals("WRITE SAME(16)", SCSIOperationCode.name(0x93));
		assertEquals("REPORT LUNS", SCSIOperationCode.name(0xA0));
		assertEquals("OPCODE(0xC5)", SCSIOperationCode.name(0xC5));
		assertEquals("READ CAPACITY(16)", SCSIOperationCode.name(0x9E, 0x10));
		assertEquals("GET LBA STATUS", SCSIOperationCode.name(0x9E, 0x12));
		assertEquals("SERVICE ACTION IN(16)", SCSIOperationCode.name(0x9E, 0x1F));
		assertEquals("REPORT SUPPORTED OPERATION CODES", SCSIOperationCode.name(0xA3, 0x0C));
		assertEquals("INQUIRY", SCSIOperationCode.name(0x12, 0));
	}
}
