package org.hbakit.hba.sim.scsi;

import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.controller.api.scsi.SenseData;
import org.hbakit.hba.sim.scsi.fault.FaultInjector;

/**
 * The ways a simulated device server finishes a command: CHECK CONDITION with sense in the format the logical
 * unit uses (fixed, or descriptor when the control mode page's D_SENSE is set), and GOOD with parameter data
 * copied to host memory truncated to the allocation length and the buffer. Allocation-free; used by the disk and
 * the target on the device threads.
 */
final class Replies {
	private Replies() {
	}

	/** CHECK CONDITION with {@code code}. */
	static void check(ScsiExchange x, boolean descriptorSense, SenseCode code) {
		x.checkCondition(SenseData.build(x.sense(), descriptorSense, code));
	}

	/** CHECK CONDITION with {@code code} and INFORMATION (VALID set). */
	static void check(ScsiExchange x, boolean descriptorSense, SenseCode code, long information) {
		x.checkCondition(SenseData.withInformation(x.sense(), descriptorSense, code, information));
	}

	/** CHECK CONDITION 05/24/00 INVALID FIELD IN CDB pointing at {@code byteOffset} (and {@code bit}, or -1). */
	static void invalidCdb(ScsiExchange x, boolean descriptorSense, int byteOffset, int bit) {
		x.checkCondition(SenseData.withFieldPointer(x.sense(), descriptorSense, SenseCode.INVALID_FIELD_IN_CDB, true,
				byteOffset, bit));
	}

	/** CHECK CONDITION 05/26/00 INVALID FIELD IN PARAMETER LIST pointing at {@code byteOffset} (and {@code bit}, or -1). */
	static void invalidParameter(ScsiExchange x, boolean descriptorSense, int byteOffset, int bit) {
		x.checkCondition(SenseData.withFieldPointer(x.sense(), descriptorSense,
				SenseCode.INVALID_FIELD_IN_PARAMETER_LIST, false, byteOffset, bit));
	}

	/**
	 * GOOD, transferring the first {@code min(length, allocationLength, buffer)} bytes of {@code src} to the
	 * data-in buffer (truncation is normal: the allocation length and the buffer bound what the initiator gets).
	 */
	static void dataIn(ScsiExchange x, byte[] src, int length, long allocationLength) {
		int n = (int) Math.min(Math.min(length, allocationLength), x.dataInCapacity());
		if (n > 0) {
			x.data().put(x.dataIndex(), src, 0, n);
		}
		x.setBytesTransferred(Math.max(n, 0));
		x.complete(SCSITaskStatus.GOOD);
	}

	/**
	 * Applies the verdict bits that stop a command before the device server sees it: drop, transport error, BUSY,
	 * TASK SET FULL (in that order).
	 *
	 * @return true if the exchange has been answered (or dropped)
	 */
	static boolean injectedFault(ScsiExchange x, int verdict) {
		if ((verdict & FaultInjector.DROP) != 0) {
			x.setDropped(true);
		} else if ((verdict & FaultInjector.TRANSPORT_ERROR) != 0) {
			x.transportFailure(SCSITaskStatus.DELIVERY_FAILURE);
		} else if ((verdict & FaultInjector.BUSY) != 0) {
			x.complete(SCSITaskStatus.BUSY);
		} else if ((verdict & FaultInjector.TASK_SET_FULL) != 0) {
			x.complete(SCSITaskStatus.TASK_SET_FULL);
		} else {
			return false;
		}
		return true;
	}

	/**
	 * Checks {@code cdb} against the bits a command accepts ({@code usage}, one mask per CDB byte; byte 0 is the
	 * operation code and not checked) and answers 05/24/00 pointing at the first byte with a bit outside its
	 * mask and the most significant such bit.
	 *
	 * @return true if a reserved or unsupported bit was set and the exchange has been answered
	 */
	static boolean rejectReservedBits(ScsiExchange x, boolean descriptorSense, byte[] cdb, byte[] usage) {
		for (int i = 1; i < usage.length; i++) {
			int bad = cdb[i] & ~usage[i] & 0xFF;
			if (bad != 0) {
				invalidCdb(x, descriptorSense, i, 31 - Integer.numberOfLeadingZeros(bad));
				return true;
			}
		}
		return false;
	}
}
