package org.hbakit.iscsi.scsi;

import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.scsi.SenseData;

/** Outcomes of the commands the front door answers itself, with fixed-format sense (SPC-4 §4.5.3). */
public final class Outcomes {
	private static final byte[] NO_SENSE = new byte[0];

	private Outcomes() {
	}

	/** GOOD, {@code bytes} moved. */
	public static SCSITaskResult good(long bytes) {
		return new SCSITaskResult(SCSIServiceResponse.TASK_COMPLETE, SCSITaskStatus.GOOD, bytes, NO_SENSE);
	}

	/** A status without sense (RESERVATION CONFLICT, TASK SET FULL, BUSY). */
	public static SCSITaskResult status(int status) {
		return new SCSITaskResult(SCSIServiceResponse.TASK_COMPLETE, status, 0, NO_SENSE);
	}

	/** RESERVATION CONFLICT. */
	public static SCSITaskResult conflict() {
		return status(SCSITaskStatus.RESERVATION_CONFLICT);
	}

	/** CHECK CONDITION with {@code key}/{@code asc}/{@code ascq}. */
	public static SCSITaskResult check(int key, int asc, int ascq) {
		byte[] sense = new byte[SenseData.FIXED_LENGTH];
		SenseData.fixed(sense, key, asc, ascq);
		return new SCSITaskResult(SCSIServiceResponse.TASK_COMPLETE, SCSITaskStatus.CHECK_CONDITION, 0, sense);
	}

	/** ILLEGAL REQUEST, INVALID FIELD IN CDB (24/00) pointing at byte {@code field}, bit {@code bit} (-1: none). */
	public static SCSITaskResult invalidCdb(int field, int bit) {
		return invalidField(0x24, true, field, bit);
	}

	/** ILLEGAL REQUEST, INVALID FIELD IN PARAMETER LIST (26/00) pointing at byte {@code field}. */
	public static SCSITaskResult invalidParameter(int field, int bit) {
		return invalidField(0x26, false, field, bit);
	}

	private static SCSITaskResult invalidField(int asc, boolean inCdb, int field, int bit) {
		byte[] sense = new byte[SenseData.FIXED_LENGTH];
		SenseData.fixedWithFieldPointer(sense, 0x05, asc, 0x00, inCdb, field, bit);
		return new SCSITaskResult(SCSIServiceResponse.TASK_COMPLETE, SCSITaskStatus.CHECK_CONDITION, 0, sense);
	}
}
