package org.hbakit.iscsi.scsi;

/**
 * Which commands a nexus may run while another holds a reservation (SPC-4 §5.13.1 Table 43, SPC-2 §5.5.1). A nexus
 * without a persistent reservation may always run the commands that only describe the unit (INQUIRY, REPORT LUNS,
 * REQUEST SENSE, READ CAPACITY, TEST UNIT READY, REPORT SUPPORTED OPERATION CODES, the reservation commands);
 * under Write Exclusive types it may also read; everything that changes the medium or the unit's state conflicts.
 * Under an SPC-2 reservation only INQUIRY, REPORT LUNS, REQUEST SENSE, RELEASE and PERSISTENT RESERVE IN are allowed.
 */
final class ReservationRules {
	private ReservationRules() {
	}

	static boolean allowedUnderReserve(int opcode, byte[] cdb) {
		return opcode == 0x12 || opcode == 0xA0 || opcode == 0x03 || opcode == 0x17 || opcode == 0x57
				|| opcode == 0x5E || isReportSupportedOpcodes(opcode, cdb);
	}

	static boolean conflictsWithPersistent(int opcode, byte[] cdb, boolean exclusiveAccess) {
		if (alwaysAllowed(opcode, cdb)) {
			return false;
		}
		if (reads(opcode, cdb)) {
			return exclusiveAccess;
		}
		return true;
	}

	private static boolean alwaysAllowed(int opcode, byte[] cdb) {
		return switch (opcode) {
			case 0x12, 0xA0, 0x03, 0x00, 0x25, 0x5E, 0x5F -> true; // INQUIRY, REPORT LUNS, REQUEST SENSE, TUR,
																	// READ CAPACITY(10), PR IN/OUT
			case 0x9E -> (cdb[1] & 0x1F) == 0x10; // READ CAPACITY(16)
			default -> isReportSupportedOpcodes(opcode, cdb);
		};
	}

	/** Commands that only read the medium or the unit's parameters. */
	private static boolean reads(int opcode, byte[] cdb) {
		return switch (opcode) {
			case 0x08, 0x28, 0xA8, 0x88, // READ
					0x2F, 0xAF, 0x8F, // VERIFY
					0x34, 0x90, // PRE-FETCH
					0x1A, 0x5A, 0x4D, // MODE SENSE, LOG SENSE
					0x37, 0xB7, // READ DEFECT DATA
					0x84, 0x3C -> true; // RECEIVE COPY RESULTS, READ BUFFER
			case 0x9E -> (cdb[1] & 0x1F) == 0x12; // GET LBA STATUS
			default -> false;
		};
	}

	private static boolean isReportSupportedOpcodes(int opcode, byte[] cdb) {
		return opcode == 0xA3 && (cdb[1] & 0x1F) == 0x0C;
	}
}
