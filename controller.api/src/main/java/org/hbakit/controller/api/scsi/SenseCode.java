package org.hbakit.controller.api.scsi;

/**
 * A sense key with its additional sense code (ASC) and qualifier (ASCQ): the triple that says what a CHECK
 * CONDITION means, e.g. {@code 05/24/00 INVALID FIELD IN CDB}.
 * <p>
 * An immutable value; the constants cover the triples HBAKit's drivers and simulated devices report (the common
 * table of the driverkit-scsi reference §4.6 plus a few SPC-4 neighbours). Targets pass one to
 * {@link SenseData}'s builders; initiators compare parsed sense against them with {@link #matches(byte[], int)}.
 *
 * @param key the sense key, 0..15 (see {@link SenseKey})
 * @param asc the additional sense code, 0..255
 * @param ascq the additional sense code qualifier, 0..255
 */
public record SenseCode(int key, int asc, int ascq) {
	/** 00/00/00: no additional sense information. */
	public static final SenseCode NO_SENSE = new SenseCode(0x0, 0x00, 0x00);
	/** 01/5D/00: failure prediction threshold exceeded (a recovered error). */
	public static final SenseCode RECOVERED_THRESHOLD_EXCEEDED = new SenseCode(0x1, 0x5D, 0x00);
	/** 02/04/00: logical unit not ready, cause not reportable. */
	public static final SenseCode NOT_READY_CAUSE_NOT_REPORTABLE = new SenseCode(0x2, 0x04, 0x00);
	/** 02/04/01: logical unit is in process of becoming ready. */
	public static final SenseCode BECOMING_READY = new SenseCode(0x2, 0x04, 0x01);
	/** 02/04/02: logical unit not ready, initializing command (START STOP UNIT) required. */
	public static final SenseCode INITIALIZING_COMMAND_REQUIRED = new SenseCode(0x2, 0x04, 0x02);
	/** 02/04/03: logical unit not ready, manual intervention required. */
	public static final SenseCode MANUAL_INTERVENTION_REQUIRED = new SenseCode(0x2, 0x04, 0x03);
	/** 02/3A/00: medium not present. */
	public static final SenseCode MEDIUM_NOT_PRESENT = new SenseCode(0x2, 0x3A, 0x00);
	/** 03/0C/00: write error. */
	public static final SenseCode WRITE_ERROR = new SenseCode(0x3, 0x0C, 0x00);
	/** 03/11/00: unrecovered read error. */
	public static final SenseCode UNRECOVERED_READ_ERROR = new SenseCode(0x3, 0x11, 0x00);
	/** 04/44/00: internal target failure. */
	public static final SenseCode INTERNAL_TARGET_FAILURE = new SenseCode(0x4, 0x44, 0x00);
	/** 05/1A/00: parameter list length error. */
	public static final SenseCode PARAMETER_LIST_LENGTH_ERROR = new SenseCode(0x5, 0x1A, 0x00);
	/** 05/20/00: invalid command operation code. */
	public static final SenseCode INVALID_COMMAND_OPERATION_CODE = new SenseCode(0x5, 0x20, 0x00);
	/** 05/21/00: logical block address out of range. */
	public static final SenseCode LBA_OUT_OF_RANGE = new SenseCode(0x5, 0x21, 0x00);
	/** 05/24/00: invalid field in CDB. */
	public static final SenseCode INVALID_FIELD_IN_CDB = new SenseCode(0x5, 0x24, 0x00);
	/** 05/25/00: logical unit not supported. */
	public static final SenseCode LOGICAL_UNIT_NOT_SUPPORTED = new SenseCode(0x5, 0x25, 0x00);
	/** 05/26/00: invalid field in parameter list. */
	public static final SenseCode INVALID_FIELD_IN_PARAMETER_LIST = new SenseCode(0x5, 0x26, 0x00);
	/** 05/39/00: saving parameters not supported. */
	public static final SenseCode SAVING_PARAMETERS_NOT_SUPPORTED = new SenseCode(0x5, 0x39, 0x00);
	/** 05/53/02: medium removal prevented. */
	public static final SenseCode MEDIUM_REMOVAL_PREVENTED = new SenseCode(0x5, 0x53, 0x02);
	/** 05/55/03: insufficient resources. */
	public static final SenseCode INSUFFICIENT_RESOURCES = new SenseCode(0x5, 0x55, 0x03);
	/** 06/28/00: not ready to ready change, medium may have changed. */
	public static final SenseCode MEDIUM_MAY_HAVE_CHANGED = new SenseCode(0x6, 0x28, 0x00);
	/** 06/29/00: power on, reset, or bus device reset occurred. */
	public static final SenseCode POWER_ON_RESET = new SenseCode(0x6, 0x29, 0x00);
	/** 06/29/01: power on occurred. */
	public static final SenseCode POWER_ON_OCCURRED = new SenseCode(0x6, 0x29, 0x01);
	/** 06/29/02: SCSI bus reset occurred. */
	public static final SenseCode SCSI_BUS_RESET = new SenseCode(0x6, 0x29, 0x02);
	/** 06/29/03: bus device reset function occurred (target or logical unit reset). */
	public static final SenseCode BUS_DEVICE_RESET_FUNCTION_OCCURRED = new SenseCode(0x6, 0x29, 0x03);
	/** 06/29/04: device internal reset. */
	public static final SenseCode DEVICE_INTERNAL_RESET = new SenseCode(0x6, 0x29, 0x04);
	/** 06/2A/01: mode parameters changed. */
	public static final SenseCode MODE_PARAMETERS_CHANGED = new SenseCode(0x6, 0x2A, 0x01);
	/** 06/2A/09: capacity data has changed. */
	public static final SenseCode CAPACITY_DATA_CHANGED = new SenseCode(0x6, 0x2A, 0x09);
	/** 06/3F/03: inquiry data has changed. */
	public static final SenseCode INQUIRY_DATA_CHANGED = new SenseCode(0x6, 0x3F, 0x03);
	/** 06/3F/0E: reported LUNs data has changed. */
	public static final SenseCode REPORTED_LUNS_DATA_CHANGED = new SenseCode(0x6, 0x3F, 0x0E);
	/** 07/27/00: write protected. */
	public static final SenseCode WRITE_PROTECTED = new SenseCode(0x7, 0x27, 0x00);
	/** 07/27/07: space allocation failed write protect (a thin-provisioned unit ran out of space). */
	public static final SenseCode SPACE_ALLOCATION_FAILED_WRITE_PROTECT = new SenseCode(0x7, 0x27, 0x07);
	/** 0B/00/06: I/O process terminated. */
	public static final SenseCode IO_PROCESS_TERMINATED = new SenseCode(0xB, 0x00, 0x06);
	/** 0B/08/00: logical unit communication failure. */
	public static final SenseCode LOGICAL_UNIT_COMMUNICATION_FAILURE = new SenseCode(0xB, 0x08, 0x00);
	/** 0B/10/01: logical block guard check failed. */
	public static final SenseCode GUARD_CHECK_FAILED = new SenseCode(0xB, 0x10, 0x01);
	/** 0B/10/03: logical block reference tag check failed. */
	public static final SenseCode REFERENCE_TAG_CHECK_FAILED = new SenseCode(0xB, 0x10, 0x03);
	/** 0B/29/07: I_T nexus loss occurred. */
	public static final SenseCode I_T_NEXUS_LOSS = new SenseCode(0xB, 0x29, 0x07);
	/** 0B/4E/00: overlapped commands attempted. */
	public static final SenseCode OVERLAPPED_COMMANDS = new SenseCode(0xB, 0x4E, 0x00);
	/** 0E/1D/00: miscompare during verify operation. */
	public static final SenseCode MISCOMPARE_DURING_VERIFY = new SenseCode(0xE, 0x1D, 0x00);

	/**
	 * Checks the ranges.
	 *
	 * @throws IllegalArgumentException if {@code key} is outside 0..15 or {@code asc}/{@code ascq} outside 0..255
	 */
	public SenseCode {
		if (key < 0 || key > 0xF || asc < 0 || asc > 0xFF || ascq < 0 || ascq > 0xFF) {
			throw new IllegalArgumentException(String.format("invalid sense code %d/%d/%d", key, asc, ascq));
		}
	}

	/** Whether the sense data {@code s[0..len)} (either format) carries this key, ASC and ASCQ. */
	public boolean matches(byte[] s, int len) {
		return SenseData.senseKey(s, len) == key && SenseData.asc(s, len) == asc && SenseData.ascq(s, len) == ascq;
	}

	/** The SPC-4 description of this code's ASC/ASCQ, e.g. {@code "INVALID FIELD IN CDB"}, or null if unknown. */
	public String description() {
		return describe(asc, ascq);
	}

	/** {@code KK/AA/QQ DESCRIPTION} in hex, e.g. {@code 05/24/00 INVALID FIELD IN CDB}. */
	@Override
	public String toString() {
		String d = describe(asc, ascq);
		String code = String.format("%02X/%02X/%02X", key, asc, ascq);
		return d == null ? code + " (" + SenseKey.name(key) + ")" : code + " " + d;
	}

	/** The SPC-4 (Annex D) description of an ASC/ASCQ pair, or null for pairs this class does not know. */
	public static String describe(int asc, int ascq) {
		return switch (asc << 8 | ascq) {
			case 0x0000 -> "NO ADDITIONAL SENSE INFORMATION";
			case 0x0006 -> "I/O PROCESS TERMINATED";
			case 0x0400 -> "LOGICAL UNIT NOT READY, CAUSE NOT REPORTABLE";
			case 0x0401 -> "LOGICAL UNIT IS IN PROCESS OF BECOMING READY";
			case 0x0402 -> "LOGICAL UNIT NOT READY, INITIALIZING COMMAND REQUIRED";
			case 0x0403 -> "LOGICAL UNIT NOT READY, MANUAL INTERVENTION REQUIRED";
			case 0x0800 -> "LOGICAL UNIT COMMUNICATION FAILURE";
			case 0x0C00 -> "WRITE ERROR";
			case 0x1001 -> "LOGICAL BLOCK GUARD CHECK FAILED";
			case 0x1003 -> "LOGICAL BLOCK REFERENCE TAG CHECK FAILED";
			case 0x1100 -> "UNRECOVERED READ ERROR";
			case 0x1A00 -> "PARAMETER LIST LENGTH ERROR";
			case 0x1D00 -> "MISCOMPARE DURING VERIFY OPERATION";
			case 0x2000 -> "INVALID COMMAND OPERATION CODE";
			case 0x2100 -> "LOGICAL BLOCK ADDRESS OUT OF RANGE";
			case 0x2400 -> "INVALID FIELD IN CDB";
			case 0x2500 -> "LOGICAL UNIT NOT SUPPORTED";
			case 0x2600 -> "INVALID FIELD IN PARAMETER LIST";
			case 0x2700 -> "WRITE PROTECTED";
			case 0x2707 -> "SPACE ALLOCATION FAILED WRITE PROTECT";
			case 0x2800 -> "NOT READY TO READY CHANGE, MEDIUM MAY HAVE CHANGED";
			case 0x2900 -> "POWER ON, RESET, OR BUS DEVICE RESET OCCURRED";
			case 0x2901 -> "POWER ON OCCURRED";
			case 0x2902 -> "SCSI BUS RESET OCCURRED";
			case 0x2903 -> "BUS DEVICE RESET FUNCTION OCCURRED";
			case 0x2904 -> "DEVICE INTERNAL RESET";
			case 0x2907 -> "I_T NEXUS LOSS OCCURRED";
			case 0x2A01 -> "MODE PARAMETERS CHANGED";
			case 0x2A09 -> "CAPACITY DATA HAS CHANGED";
			case 0x3900 -> "SAVING PARAMETERS NOT SUPPORTED";
			case 0x3A00 -> "MEDIUM NOT PRESENT";
			case 0x3F03 -> "INQUIRY DATA HAS CHANGED";
			case 0x3F0E -> "REPORTED LUNS DATA HAS CHANGED";
			case 0x4400 -> "INTERNAL TARGET FAILURE";
			case 0x4E00 -> "OVERLAPPED COMMANDS ATTEMPTED";
			case 0x5302 -> "MEDIUM REMOVAL PREVENTED";
			case 0x5503 -> "INSUFFICIENT RESOURCES";
			case 0x5D00 -> "FAILURE PREDICTION THRESHOLD EXCEEDED";
			default -> null;
		};
	}
}
