package org.hbakit.controller.api.scsi;

/**
 * SCSI operation codes (byte 0 of a CDB) with their SPC-4/SBC-3 names, and the service actions HBAKit uses.
 * <p>
 * Used by drivers and the framework to build and recognise commands, and by simulated targets to dispatch them.
 * Pure constants and static look-ups; nothing is allocated except by {@link #name(int)} for unknown codes.
 */
public final class SCSIOperationCode {
	/** TEST UNIT READY (SPC-4). */
	public static final int TEST_UNIT_READY = 0x00;
	/** REZERO UNIT (obsolete). */
	public static final int REZERO_UNIT = 0x01;
	/** REQUEST SENSE (SPC-4). */
	public static final int REQUEST_SENSE = 0x03;
	/** FORMAT UNIT (SBC-3). */
	public static final int FORMAT_UNIT = 0x04;
	/** REASSIGN BLOCKS (SBC-3). */
	public static final int REASSIGN_BLOCKS = 0x07;
	/** READ(6) (SBC-3). */
	public static final int READ_6 = 0x08;
	/** WRITE(6) (SBC-3). */
	public static final int WRITE_6 = 0x0A;
	/** INQUIRY (SPC-4). */
	public static final int INQUIRY = 0x12;
	/** MODE SELECT(6) (SPC-4). */
	public static final int MODE_SELECT_6 = 0x15;
	/** RESERVE(6) (obsolete in SPC-4). */
	public static final int RESERVE_6 = 0x16;
	/** RELEASE(6) (obsolete in SPC-4). */
	public static final int RELEASE_6 = 0x17;
	/** MODE SENSE(6) (SPC-4). */
	public static final int MODE_SENSE_6 = 0x1A;
	/** START STOP UNIT (SBC-3). */
	public static final int START_STOP_UNIT = 0x1B;
	/** RECEIVE DIAGNOSTIC RESULTS (SPC-4). */
	public static final int RECEIVE_DIAGNOSTIC_RESULTS = 0x1C;
	/** SEND DIAGNOSTIC (SPC-4). */
	public static final int SEND_DIAGNOSTIC = 0x1D;
	/** PREVENT ALLOW MEDIUM REMOVAL (SPC-4/SBC-3). */
	public static final int PREVENT_ALLOW_MEDIUM_REMOVAL = 0x1E;
	/** READ CAPACITY(10) (SBC-3). */
	public static final int READ_CAPACITY_10 = 0x25;
	/** READ(10) (SBC-3). */
	public static final int READ_10 = 0x28;
	/** WRITE(10) (SBC-3). */
	public static final int WRITE_10 = 0x2A;
	/** WRITE AND VERIFY(10) (SBC-3). */
	public static final int WRITE_AND_VERIFY_10 = 0x2E;
	/** VERIFY(10) (SBC-3). */
	public static final int VERIFY_10 = 0x2F;
	/** PRE-FETCH(10) (SBC-3). */
	public static final int PRE_FETCH_10 = 0x34;
	/** SYNCHRONIZE CACHE(10) (SBC-3). */
	public static final int SYNCHRONIZE_CACHE_10 = 0x35;
	/** READ DEFECT DATA(10) (SBC-3). */
	public static final int READ_DEFECT_DATA_10 = 0x37;
	/** WRITE BUFFER (SPC-4). */
	public static final int WRITE_BUFFER = 0x3B;
	/** READ BUFFER (SPC-4). */
	public static final int READ_BUFFER = 0x3C;
	/** WRITE SAME(10) (SBC-3). */
	public static final int WRITE_SAME_10 = 0x41;
	/** UNMAP (SBC-3). */
	public static final int UNMAP = 0x42;
	/** LOG SELECT (SPC-4). */
	public static final int LOG_SELECT = 0x4C;
	/** LOG SENSE (SPC-4). */
	public static final int LOG_SENSE = 0x4D;
	/** MODE SELECT(10) (SPC-4). */
	public static final int MODE_SELECT_10 = 0x55;
	/** MODE SENSE(10) (SPC-4). */
	public static final int MODE_SENSE_10 = 0x5A;
	/** PERSISTENT RESERVE IN (SPC-4). */
	public static final int PERSISTENT_RESERVE_IN = 0x5E;
	/** PERSISTENT RESERVE OUT (SPC-4). */
	public static final int PERSISTENT_RESERVE_OUT = 0x5F;
	/** Variable-length CDB (SPC-4), e.g. READ(32); its length is in byte 7. */
	public static final int VARIABLE_LENGTH_CDB = 0x7F;
	/** ATA PASS-THROUGH(16) (SAT). */
	public static final int ATA_PASS_THROUGH_16 = 0x85;
	/** READ(16) (SBC-3). */
	public static final int READ_16 = 0x88;
	/** COMPARE AND WRITE (SBC-3). */
	public static final int COMPARE_AND_WRITE = 0x89;
	/** WRITE(16) (SBC-3). */
	public static final int WRITE_16 = 0x8A;
	/** WRITE AND VERIFY(16) (SBC-3). */
	public static final int WRITE_AND_VERIFY_16 = 0x8E;
	/** VERIFY(16) (SBC-3). */
	public static final int VERIFY_16 = 0x8F;
	/** PRE-FETCH(16) (SBC-3). */
	public static final int PRE_FETCH_16 = 0x90;
	/** SYNCHRONIZE CACHE(16) (SBC-3). */
	public static final int SYNCHRONIZE_CACHE_16 = 0x91;
	/** WRITE SAME(16) (SBC-3). */
	public static final int WRITE_SAME_16 = 0x93;
	/** SERVICE ACTION IN(16): the service action is in bits 4-0 of byte 1. */
	public static final int SERVICE_ACTION_IN_16 = 0x9E;
	/** SERVICE ACTION OUT(16): the service action is in bits 4-0 of byte 1. */
	public static final int SERVICE_ACTION_OUT_16 = 0x9F;
	/** REPORT LUNS (SPC-4). */
	public static final int REPORT_LUNS = 0xA0;
	/** ATA PASS-THROUGH(12) (SAT). */
	public static final int ATA_PASS_THROUGH_12 = 0xA1;
	/** SECURITY PROTOCOL IN (SPC-4). */
	public static final int SECURITY_PROTOCOL_IN = 0xA2;
	/** MAINTENANCE IN: the service action is in bits 4-0 of byte 1. */
	public static final int MAINTENANCE_IN = 0xA3;
	/** MAINTENANCE OUT: the service action is in bits 4-0 of byte 1. */
	public static final int MAINTENANCE_OUT = 0xA4;
	/** READ(12) (SBC-3). */
	public static final int READ_12 = 0xA8;
	/** WRITE(12) (SBC-3). */
	public static final int WRITE_12 = 0xAA;
	/** VERIFY(12) (SBC-3). */
	public static final int VERIFY_12 = 0xAF;
	/** SECURITY PROTOCOL OUT (SPC-4). */
	public static final int SECURITY_PROTOCOL_OUT = 0xB5;

	/** SERVICE ACTION IN(16) service action READ CAPACITY(16). */
	public static final int SA_READ_CAPACITY_16 = 0x10;
	/** SERVICE ACTION IN(16) service action GET LBA STATUS. */
	public static final int SA_GET_LBA_STATUS = 0x12;
	/** MAINTENANCE IN service action REPORT TARGET PORT GROUPS. */
	public static final int SA_REPORT_TARGET_PORT_GROUPS = 0x0A;
	/** MAINTENANCE IN service action REPORT SUPPORTED OPERATION CODES. */
	public static final int SA_REPORT_SUPPORTED_OPERATION_CODES = 0x0C;
	/** MAINTENANCE IN service action REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS. */
	public static final int SA_REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS = 0x0D;

	private SCSIOperationCode() {
	}

	/**
	 * The SPC/SBC name of an operation code, e.g. {@code "READ(10)"}, for logs and shell output; unknown codes
	 * give {@code "OPCODE(0xNN)"}.
	 */
	public static String name(int opcode) {
		return switch (opcode) {
			case TEST_UNIT_READY -> "TEST UNIT READY";
			case REZERO_UNIT -> "REZERO UNIT";
			case REQUEST_SENSE -> "REQUEST SENSE";
			case FORMAT_UNIT -> "FORMAT UNIT";
			case REASSIGN_BLOCKS -> "REASSIGN BLOCKS";
			case READ_6 -> "READ(6)";
			case WRITE_6 -> "WRITE(6)";
			case INQUIRY -> "INQUIRY";
			case MODE_SELECT_6 -> "MODE SELECT(6)";
			case RESERVE_6 -> "RESERVE(6)";
			case RELEASE_6 -> "RELEASE(6)";
			case MODE_SENSE_6 -> "MODE SENSE(6)";
			case START_STOP_UNIT -> "START STOP UNIT";
			case RECEIVE_DIAGNOSTIC_RESULTS -> "RECEIVE DIAGNOSTIC RESULTS";
			case SEND_DIAGNOSTIC -> "SEND DIAGNOSTIC";
			case PREVENT_ALLOW_MEDIUM_REMOVAL -> "PREVENT ALLOW MEDIUM REMOVAL";
			case READ_CAPACITY_10 -> "READ CAPACITY(10)";
			case READ_10 -> "READ(10)";
			case WRITE_10 -> "WRITE(10)";
			case WRITE_AND_VERIFY_10 -> "WRITE AND VERIFY(10)";
			case VERIFY_10 -> "VERIFY(10)";
			case PRE_FETCH_10 -> "PRE-FETCH(10)";
			case SYNCHRONIZE_CACHE_10 -> "SYNCHRONIZE CACHE(10)";
			case READ_DEFECT_DATA_10 -> "READ DEFECT DATA(10)";
			case WRITE_BUFFER -> "WRITE BUFFER";
			case READ_BUFFER -> "READ BUFFER";
			case WRITE_SAME_10 -> "WRITE SAME(10)";
			case UNMAP -> "UNMAP";
			case LOG_SELECT -> "LOG SELECT";
			case LOG_SENSE -> "LOG SENSE";
			case MODE_SELECT_10 -> "MODE SELECT(10)";
			case MODE_SENSE_10 -> "MODE SENSE(10)";
			case PERSISTENT_RESERVE_IN -> "PERSISTENT RESERVE IN";
			case PERSISTENT_RESERVE_OUT -> "PERSISTENT RESERVE OUT";
			case VARIABLE_LENGTH_CDB -> "VARIABLE LENGTH CDB";
			case ATA_PASS_THROUGH_16 -> "ATA PASS-THROUGH(16)";
			case READ_16 -> "READ(16)";
			case COMPARE_AND_WRITE -> "COMPARE AND WRITE";
			case WRITE_16 -> "WRITE(16)";
			case WRITE_AND_VERIFY_16 -> "WRITE AND VERIFY(16)";
			case VERIFY_16 -> "VERIFY(16)";
			case PRE_FETCH_16 -> "PRE-FETCH(16)";
			case SYNCHRONIZE_CACHE_16 -> "SYNCHRONIZE CACHE(16)";
			case WRITE_SAME_16 -> "WRITE SAME(16)";
			case SERVICE_ACTION_IN_16 -> "SERVICE ACTION IN(16)";
			case SERVICE_ACTION_OUT_16 -> "SERVICE ACTION OUT(16)";
			case REPORT_LUNS -> "REPORT LUNS";
			case ATA_PASS_THROUGH_12 -> "ATA PASS-THROUGH(12)";
			case SECURITY_PROTOCOL_IN -> "SECURITY PROTOCOL IN";
			case MAINTENANCE_IN -> "MAINTENANCE IN";
			case MAINTENANCE_OUT -> "MAINTENANCE OUT";
			case READ_12 -> "READ(12)";
			case WRITE_12 -> "WRITE(12)";
			case VERIFY_12 -> "VERIFY(12)";
			case SECURITY_PROTOCOL_OUT -> "SECURITY PROTOCOL OUT";
			default -> String.format("OPCODE(0x%02X)", opcode & 0xFF);
		};
	}

	/**
	 * The name of a command that may carry a service action: {@code "READ CAPACITY(16)"} for 9Eh/10h,
	 * {@code "REPORT SUPPORTED OPERATION CODES"} for A3h/0Ch, and {@link #name(int)} otherwise.
	 */
	public static String name(int opcode, int serviceAction) {
		if (opcode == SERVICE_ACTION_IN_16) {
			switch (serviceAction) {
				case SA_READ_CAPACITY_16:
					return "READ CAPACITY(16)";
				case SA_GET_LBA_STATUS:
					return "GET LBA STATUS";
				default:
					break;
			}
		} else if (opcode == MAINTENANCE_IN) {
			switch (serviceAction) {
				case SA_REPORT_TARGET_PORT_GROUPS:
					return "REPORT TARGET PORT GROUPS";
				case SA_REPORT_SUPPORTED_OPERATION_CODES:
					return "REPORT SUPPORTED OPERATION CODES";
				case SA_REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS:
					return "REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS";
				default:
					break;
			}
		}
		return name(opcode);
	}

	/**
	 * The CDB length implied by an operation code's group code (bits 7-5, SPC-4 §4.2.5.1): group 0 → 6,
	 * groups 1 and 2 → 10, group 4 → 16, group 5 → 12; 0 for group 3 (reserved; holds the variable-length CDB,
	 * whose length is not fixed) and groups 6 and 7 (vendor specific).
	 */
	public static int cdbLength(int opcode) {
		return switch ((opcode >> 5) & 0x7) {
			case 0 -> 6;
			case 1, 2 -> 10;
			case 4 -> 16;
			case 5 -> 12;
			default -> 0;
		};
	}
}
