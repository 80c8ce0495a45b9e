package org.hbakit.iscsi.pdu;

/** iSCSI PDU operation codes (RFC 7143 §11.1.1.1), the low 6 bits of byte 0 of the Basic Header Segment. */
public final class Opcode {
	/** Initiator: NOP-Out. */
	public static final int NOP_OUT = 0x00;
	/** Initiator: SCSI Command. */
	public static final int SCSI_COMMAND = 0x01;
	/** Initiator: SCSI Task Management Function Request. */
	public static final int TASK_MANAGEMENT_REQUEST = 0x02;
	/** Initiator: Login Request. */
	public static final int LOGIN_REQUEST = 0x03;
	/** Initiator: Text Request. */
	public static final int TEXT_REQUEST = 0x04;
	/** Initiator: SCSI Data-Out. */
	public static final int DATA_OUT = 0x05;
	/** Initiator: Logout Request. */
	public static final int LOGOUT_REQUEST = 0x06;
	/** Initiator: SNACK Request. */
	public static final int SNACK_REQUEST = 0x10;

	/** Target: NOP-In. */
	public static final int NOP_IN = 0x20;
	/** Target: SCSI Response. */
	public static final int SCSI_RESPONSE = 0x21;
	/** Target: SCSI Task Management Function Response. */
	public static final int TASK_MANAGEMENT_RESPONSE = 0x22;
	/** Target: Login Response. */
	public static final int LOGIN_RESPONSE = 0x23;
	/** Target: Text Response. */
	public static final int TEXT_RESPONSE = 0x24;
	/** Target: SCSI Data-In. */
	public static final int DATA_IN = 0x25;
	/** Target: Logout Response. */
	public static final int LOGOUT_RESPONSE = 0x26;
	/** Target: Ready To Transfer. */
	public static final int R2T = 0x31;
	/** Target: Asynchronous Message. */
	public static final int ASYNC_MESSAGE = 0x32;
	/** Target: Reject. */
	public static final int REJECT = 0x3F;

	/** Byte 0 bit 6: the command is immediate (does not advance CmdSN). */
	public static final int IMMEDIATE = 0x40;

	private Opcode() {
	}
}
