package org.hbakit.bridge.engine;

import java.util.concurrent.atomic.AtomicLong;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.controller.api.scsi.SenseData;

/**
 * The largest transfer one task of a binding may carry, per direction: the DMA specification's maximum transfer
 * size, and the reported segment count times the segment byte count of that direction (the controller describes a
 * transfer in at most that many segments of at most that many bytes). As IOKit's block storage driver breaks up a
 * request the controller cannot take, the dispatcher hands a request above its limit here ({@link #divert}) instead
 * of to the controller: a block READ or WRITE is split into parts the controller can take ({@link TransferSplit}),
 * any other command is refused with CHECK CONDITION, ILLEGAL REQUEST, INVALID FIELD IN CDB.
 * <p>
 * Requests within the smallest limit cost the dispatcher one comparison ({@link #smallest}); only the others come
 * here, on the dispatching thread (a client's or the controller's queue), and never dispatch themselves: the parts
 * go through the admission's lanes.
 */
final class TransferLimits {
	/** The largest read (data in) and write (data out) of one task, in bytes. */
	final long maxRead;
	final long maxWrite;
	/** The smaller of the two: at or below it no direction needs a look. */
	final long smallest;
	private final ControllerBinding binding;
	private final AtomicLong split = new AtomicLong();
	private final AtomicLong refused = new AtomicLong();

	TransferLimits(ControllerBinding binding, long maxRead, long maxWrite) {
		this.binding = binding;
		this.maxRead = maxRead;
		this.maxWrite = maxWrite;
		this.smallest = Math.min(maxRead, maxWrite);
	}

	/**
	 * Takes {@code r} over if it exceeds its direction's limit: split into parts (queued in the admission's lanes,
	 * the request completing once when the last part has or a part failed) or refused (completed now).
	 *
	 * @return false if {@code r} is within its limit and is for the caller to dispatch
	 */
	boolean divert(IORequest r) {
		long limit = r.direction == SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET ? maxWrite : maxRead;
		if (r.dataLength <= limit) {
			return false;
		}
		int opcode = r.cdb[0] & 0xFF;
		long blocks = BlockCommand.splittable(opcode) ? Cdb.transferLength(r.cdb) : 0;
		long blockSize = blocks > 0 && r.dataLength % blocks == 0 ? r.dataLength / blocks : 0;
		if (blockSize == 0 || limit < blockSize) {
			refuse(r, opcode, limit);
			return true;
		}
		split.incrementAndGet();
		new TransferSplit(binding.admission, r, (int) blockSize, (int) Math.min(blocks, limit / blockSize)).start();
		return true;
	}

	/** Requests split into parts so far. */
	long splitCount() {
		return split.get();
	}

	/** Requests refused as too large so far. */
	long refusedCount() {
		return refused.get();
	}

	/**
	 * CHECK CONDITION, ILLEGAL REQUEST, INVALID FIELD IN CDB, with the field pointer on the length field where the
	 * command has one, and {@code kIOReturnBadArgument}: as SBC-3 answers a TRANSFER LENGTH above the MAXIMUM
	 * TRANSFER LENGTH, with the framework in the device server's place (the controller never saw the command).
	 */
	private void refuse(IORequest r, int opcode, long limit) {
		if (refused.getAndIncrement() == 0) {
			binding.log(System.Logger.Level.WARNING, binding.admission.name() + ": a " + r.dataLength + "-byte "
					+ org.hbakit.controller.api.scsi.SCSIOperationCode.name(opcode) + " exceeds the controller's "
					+ limit + "-byte transfer limit and cannot be split; refused with INVALID FIELD IN CDB (logged once)");
		}
		int field = Cdb.hasLba(opcode) ? Cdb.transferLengthOffset(opcode)
				: Cdb.allocationLengthOffset(opcode) >= 0 ? Cdb.allocationLengthOffset(opcode)
						: Cdb.parameterListLengthOffset(opcode);
		SenseCode code = SenseCode.INVALID_FIELD_IN_CDB;
		r.outcome(SCSIServiceResponse.TASK_COMPLETE, SCSITaskStatus.CHECK_CONDITION, 0);
		r.senseLength = field >= 0
				? SenseData.fixedWithFieldPointer(r.sense, code.key(), code.asc(), code.ascq(), true, field, -1)
				: SenseData.fixed(r.sense, code);
		r.returnCode = IOReturn.kIOReturnBadArgument;
		r.complete();
	}
}
