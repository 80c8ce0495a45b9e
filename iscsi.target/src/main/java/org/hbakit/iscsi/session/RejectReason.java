package org.hbakit.iscsi.session;

/** Reject PDU reasons (RFC 7143 §11.17.1). */
final class RejectReason {
	static final int DATA_DIGEST_ERROR = 0x02;
	static final int SNACK_REJECT = 0x03;
	static final int PROTOCOL_ERROR = 0x04;
	static final int COMMAND_NOT_SUPPORTED = 0x05;
	static final int IMMEDIATE_COMMAND_REJECT = 0x06;
	static final int TASK_IN_PROGRESS = 0x07;
	static final int INVALID_DATA_ACK = 0x08;
	static final int INVALID_PDU_FIELD = 0x09;
	static final int LONG_OPERATION_REJECT = 0x0A;
	static final int WAITING_FOR_LOGOUT = 0x0C;

	private RejectReason() {
	}
}
