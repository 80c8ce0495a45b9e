package org.hbakit.bridge.engine;

import java.nio.ByteBuffer;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskAttribute;
import org.hbakit.controller.api.SCSITaskStatus;

/**
 * One client SCSI command, from submission to completion. Reusable: io_done_queues keep one per request slot,
 * so the steady state allocates nothing. A request belongs to its client until submitted, to the engine until
 * its {@link RequestListener} is called, then to the client again.
 */
public final class IORequest {
	final byte[] cdb = new byte[16];
	int cdbLength;
	long targetID;
	long lunBytes;
	ByteBuffer data;
	int dataOffset;
	int dataLength;
	int direction = SCSIDataTransferDirection.NO_DATA_TRANSFER;
	int taskAttribute = SCSITaskAttribute.SIMPLE;
	long timeoutMs;
	long requestId;
	RequestListener listener;

	// outcome
	int serviceResponse;
	int status;
	long bytesTransferred;
	final byte[] sense = new byte[255];
	int senseLength;
	int returnCode;
	/** How many times the request was re-queued by a swap or a retry. */
	int requeues;
	/** A command of the framework itself (a scan), never re-issued on another binding. */
	boolean framework;
	/** The request's slot in the io_done_queue that owns it, or -1. */
	int queueSlot = -1;

	/**
	 * Sets the command; {@code length} bytes of {@code cdb} are copied.
	 *
	 * @throws IllegalArgumentException if {@code cdb} is null, the length is not 1..16 or longer than the array
	 */
	public IORequest command(byte[] cdb, int length) {
		if (cdb == null) {
			throw new IllegalArgumentException("no CDB");
		}
		if (length < 1 || length > 16) {
			throw new IllegalArgumentException("CDB length " + length + " not in 1..16");
		}
		if (length > cdb.length) {
			throw new IllegalArgumentException("CDB length " + length + " but the array holds " + cdb.length + " bytes");
		}
		System.arraycopy(cdb, 0, this.cdb, 0, length);
		this.cdbLength = length;
		return this;
	}

	/** The CDB array (16 bytes, owned by the request); fill it and call {@link #cdbLength(int)}. */
	public byte[] cdb() {
		return cdb;
	}

	public IORequest cdbLength(int length) {
		if (length < 1 || length > 16) {
			throw new IllegalArgumentException("CDB length " + length + " not in 1..16");
		}
		this.cdbLength = length;
		return this;
	}

	/** Addresses the command: target id and the 8 LUN bytes (big-endian, byte 0 first). */
	public IORequest nexus(long targetID, long lunBytes) {
		this.targetID = targetID;
		this.lunBytes = lunBytes;
		return this;
	}

	/** The data: {@code length} bytes of {@code buffer} from {@code offset}; null buffer for none. */
	public IORequest data(ByteBuffer buffer, int offset, int length, int direction) {
		this.data = buffer;
		this.dataOffset = offset;
		this.dataLength = buffer == null ? 0 : length;
		this.direction = buffer == null || length == 0 ? SCSIDataTransferDirection.NO_DATA_TRANSFER : direction;
		return this;
	}

	public IORequest attribute(int taskAttribute) {
		this.taskAttribute = taskAttribute;
		return this;
	}

	public IORequest timeoutMs(long timeoutMs) {
		this.timeoutMs = timeoutMs;
		return this;
	}

	public IORequest requestId(long requestId) {
		this.requestId = requestId;
		return this;
	}

	public IORequest listener(RequestListener listener) {
		this.listener = listener;
		return this;
	}

	public long requestId() {
		return requestId;
	}

	public long targetID() {
		return targetID;
	}

	public long lunBytes() {
		return lunBytes;
	}

	public int serviceResponse() {
		return serviceResponse;
	}

	public int status() {
		return status;
	}

	public long bytesTransferred() {
		return bytesTransferred;
	}

	public int senseLength() {
		return senseLength;
	}

	public byte[] sense() {
		return sense;
	}

	/** {@link IOReturn#kIOReturnSuccess} when GOOD, {@link IOReturn#kIOReturnIOError} or another error otherwise. */
	public int returnCode() {
		return returnCode;
	}

	public boolean isGood() {
		return serviceResponse == SCSIServiceResponse.TASK_COMPLETE && status == SCSITaskStatus.GOOD;
	}

	public int requeues() {
		return requeues;
	}

	/** Records the outcome (called by the engine). */
	public void outcome(int serviceResponse, int status, long bytesTransferred) {
		this.serviceResponse = serviceResponse;
		this.status = status;
		this.bytesTransferred = bytesTransferred;
		this.senseLength = 0;
		this.returnCode = serviceResponse == SCSIServiceResponse.TASK_COMPLETE && status == SCSITaskStatus.GOOD
				? IOReturn.kIOReturnSuccess
				: serviceResponse == SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE
						&& status == SCSITaskStatus.TASK_TIMEOUT_OCCURRED ? IOReturn.kIOReturnTimeout
								: serviceResponse == SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE
										? IOReturn.kIOReturnNoDevice
										: IOReturn.kIOReturnIOError;
	}

	/** Completes with a failure that never reached a target. */
	public void fail(int status, int returnCode) {
		outcome(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE, status, 0);
		this.returnCode = returnCode;
	}

	/** Hands the outcome to the request's listener (exactly once per submission). */
	public void complete() {
		RequestListener l = listener;
		l.requestCompleted(this);
	}
}
