package org.hbakit.controller.api.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import org.junit.jupiter.api.Test;

class SenseCodeTest {

	@Test
	void referenceTableTriples() {
		assertCode("05/20/00", SenseCode.INVALID_COMMAND_OPERATION_CODE);
		assertCode("05/21/00", SenseCode.LBA_OUT_OF_RANGE);
		assertCode("05/24/00", SenseCode.INVALID_FIELD_IN_CDB);
		assertCode("05/25/00", SenseCode.LOGICAL_UNIT_NOT_SUPPORTED);
		assertCode("05/26/00", SenseCode.INVALID_FIELD_IN_PARAMETER_LIST);
		assertCode("05/1A/00", SenseCode.PARAMETER_LIST_LENGTH_ERROR);
		assertCode("05/39/00", SenseCode.SAVING_PARAMETERS_NOT_SUPPORTED);
		assertCode("05/55/03", SenseCode.INSUFFICIENT_RESOURCES);
		assertCode("06/29/00", SenseCode.POWER_ON_RESET);
		assertCode("06/29/01", SenseCode.POWER_ON_OCCURRED);
		assertCode("06/29/02", SenseCode.SCSI_BUS_RESET);
		assertCode("06/29/04", SenseCode.DEVICE_INTERNAL_RESET);
		assertCode("06/2A/01", SenseCode.MODE_PARAMETERS_CHANGED);
		assertCode("06/2A/09", SenseCode.CAPACITY_DATA_CHANGED);
		assertCode("06/3F/0E", SenseCode.REPORTED_LUNS_DATA_CHANGED);
		assertCode("06/3F/03", SenseCode.INQUIRY_DATA_CHANGED);
		assertCode("06/28/00", SenseCode.MEDIUM_MAY_HAVE_CHANGED);
		assertCode("03/11/00", SenseCode.UNRECOVERED_READ_ERROR);
		assertCode("02/04/00", SenseCode.NOT_READY_CAUSE_NOT_REPORTABLE);
		assertCode("02/04/01", SenseCode.BECOMING_READY);
		assertCode("02/04/02", SenseCode.INITIALIZING_COMMAND_REQUIRED);
		assertCode("02/04/03", SenseCode.MANUAL_INTERVENTION_REQUIRED);
		assertCode("02/3A/00", SenseCode.MEDIUM_NOT_PRESENT);
		assertCode("07/27/00", SenseCode.WRITE_PROTECTED);
		assertCode("07/27/07", SenseCode.SPACE_ALLOCATION_FAILED_WRITE_PROTECT);
		assertCode("04/44/00", SenseCode.INTERNAL_TARGET_FAILURE);
		assertCode("0B/00/06", SenseCode.IO_PROCESS_TERMINATED);
		assertCode("0B/08/00", SenseCode.LOGICAL_UNIT_COMMUNICATION_FAILURE);
		assertCode("0B/29/07", SenseCode.I_T_NEXUS_LOSS);
		assertCode("0B/4E/00", SenseCode.OVERLAPPED_COMMANDS);
		assertCode("0B/10/01", SenseCode.GUARD_CHECK_FAILED);
		assertCode("0B/10/03", SenseCode.REFERENCE_TAG_CHECK_FAILED);
		assertCode("01/5D/00", SenseCode.RECOVERED_THRESHOLD_EXCEEDED);
		assertCode("0E/1D/00", SenseCode.MISCOMPARE_DURING_VERIFY);
	}

	private static void assertCode(String expected, SenseCode code) {
		assertEquals(expected, String.format("%02X/%02X/%02X", code.key(), code.asc(), code.ascq()));
	}

	@Test
	void everyConstantHasADescription() throws IllegalAccessException {
		for (Field f : SenseCode.class.getDeclaredFields()) {
			if (Modifier.isStatic(f.getModifiers()) && f.getType() == SenseCode.class) {
				SenseCode c = (SenseCode) f.get(null);
				assertNotNull(c.description(), f.getName());
			}
		}
	}

	@Test
	void toStringShowsTheTripleAndTheDescription() {
		assertEquals("05/24/00 INVALID FIELD IN CDB", SenseCode.INVALID_FIELD_IN_CDB.toString());
		assertEquals("06/3F/0E REPORTED LUNS DATA HAS CHANGED", SenseCode.REPORTED_LUNS_DATA_CHANGED.toString());
		assertEquals("05/99/01 (ILLEGAL REQUEST)", new SenseCode(5, 0x99, 1).toString());
	}

	@Test
	void valueSemanticsAndRanges() {
		assertEquals(SenseCode.INVALID_FIELD_IN_CDB, new SenseCode(5, 0x24, 0));
		assertEquals(SenseCode.INVALID_FIELD_IN_CDB.hashCode(), new SenseCode(5, 0x24, 0).hashCode());
		assertThrows(IllegalArgumentException.class, () -> new SenseCode(16, 0, 0));
		assertThrows(IllegalArgumentException.class, () -> new SenseCode(0, 256, 0));
		assertThrows(IllegalArgumentException.class, () -> new SenseCode(0, 0, -1));
	}

	@Test
	void senseKeyNames() {
		assertEquals(0xE, SenseKey.MISCOMPARE);
		assertEquals("NO SENSE", SenseKey.name(0));
		assertEquals("ILLEGAL REQUEST", SenseKey.name(5));
		assertEquals("UNIT ATTENTION", SenseKey.name(6));
		assertEquals("ABORTED COMMAND", SenseKey.name(0xB));
		assertEquals("MISCOMPARE", SenseKey.name(0xE));
		assertEquals("RESERVED", SenseKey.name(0xF));
		assertEquals("SENSE KEY(16)", SenseKey.name(16));
		for (int k = 0; k < 16; k++) {
			assertNotNull(SenseKey.name(k));
		}
	}
}
