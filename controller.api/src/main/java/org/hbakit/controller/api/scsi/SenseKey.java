package org.hbakit.controller.api.scsi;

/**
 * The sixteen SENSE KEY values (SPC-4 table 27; Apple's {@code SCSICmds_REQUEST_SENSE_Defs.h}): the coarse class
 * of a CHECK CONDITION, refined by the additional sense code and qualifier (see {@link SenseCode}).
 */
public final class SenseKey {
	/** No specific sense key information; e.g. REQUEST SENSE with nothing pending. */
	public static final int NO_SENSE = 0x0;
	/** The command completed after recovery action by the device server. */
	public static final int RECOVERED_ERROR = 0x1;
	/** The logical unit is not accessible. */
	public static final int NOT_READY = 0x2;
	/** A non-recovered error, probably caused by a flaw in the medium. */
	public static final int MEDIUM_ERROR = 0x3;
	/** A non-recoverable hardware failure. */
	public static final int HARDWARE_ERROR = 0x4;
	/** An illegal value in the CDB or the parameter list, or an unsupported command. */
	public static final int ILLEGAL_REQUEST = 0x5;
	/** A unit attention condition (reset, changed parameters, changed inventory …). */
	public static final int UNIT_ATTENTION = 0x6;
	/** Access to the medium was blocked, e.g. it is write protected. */
	public static final int DATA_PROTECT = 0x7;
	/** A write-once device or sequential-access device encountered blank medium or end of data. */
	public static final int BLANK_CHECK = 0x8;
	/** Vendor specific conditions. */
	public static final int VENDOR_SPECIFIC = 0x9;
	/** An EXTENDED COPY command was aborted. */
	public static final int COPY_ABORTED = 0xA;
	/** The device server aborted the command; the application client may retry it. */
	public static final int ABORTED_COMMAND = 0xB;
	/** Obsolete (was EQUAL). */
	public static final int OBSOLETE = 0xC;
	/** A buffered peripheral device reached the end of partition. */
	public static final int VOLUME_OVERFLOW = 0xD;
	/** The source data did not match the data read from the medium. */
	public static final int MISCOMPARE = 0xE;
	/** Reserved. */
	public static final int RESERVED = 0xF;

	private SenseKey() {
	}

	/** The SPC name of a sense key, e.g. {@code "ILLEGAL REQUEST"}; values outside 0..15 give {@code "SENSE KEY(n)"}. */
	public static String name(int key) {
		return switch (key) {
			case NO_SENSE -> "NO SENSE";
			case RECOVERED_ERROR -> "RECOVERED ERROR";
			case NOT_READY -> "NOT READY";
			case MEDIUM_ERROR -> "MEDIUM ERROR";
			case HARDWARE_ERROR -> "HARDWARE ERROR";
			case ILLEGAL_REQUEST -> "ILLEGAL REQUEST";
			case UNIT_ATTENTION -> "UNIT ATTENTION";
			case DATA_PROTECT -> "DATA PROTECT";
			case BLANK_CHECK -> "BLANK CHECK";
			case VENDOR_SPECIFIC -> "VENDOR SPECIFIC";
			case COPY_ABORTED -> "COPY ABORTED";
			case ABORTED_COMMAND -> "ABORTED COMMAND";
			case OBSOLETE -> "OBSOLETE";
			case VOLUME_OVERFLOW -> "VOLUME OVERFLOW";
			case MISCOMPARE -> "MISCOMPARE";
			case RESERVED -> "RESERVED";
			default -> "SENSE KEY(" + key + ")";
		};
	}
}
