package org.hbakit.hba.sim.scsi;

import java.nio.ByteBuffer;

import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskAttribute;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.LogicalUnitNumber;

/**
 * One command exchange between an HBA device and a target; mutable and reused by the HBA for every command in a
 * request slot (no allocation per command).
 * <p>
 * The HBA owns the exchange. For each command it calls {@link #reset()}, sets the request fields (CDB, LUN,
 * direction, data buffer, tag, attribute) and lends the exchange to {@link ScsiTargetDevice#execute}, which fills
 * the response fields (status, service response, bytes transferred, sense, injected delay or drop) before it
 * returns. The target keeps no reference to the exchange or its buffer afterwards.
 * <p>
 * Not thread-safe: one thread uses it at a time, and the HBA's own hand-off (its queues) provides the
 * happens-before edges between threads.
 */
public final class ScsiExchange {
	/** Size of the CDB array: the largest CDB DriverKit carries. */
	public static final int CDB_CAPACITY = 16;
	/** Size of the sense array: DriverKit's {@code kMaxSenseBufferSize}. */
	public static final int SENSE_CAPACITY = 256;

	private final byte[] cdb = new byte[CDB_CAPACITY];
	private final byte[] sense = new byte[SENSE_CAPACITY];
	private int cdbLength;
	private int lun = -1;
	private long lunBytes;
	private int direction = SCSIDataTransferDirection.NO_DATA_TRANSFER;
	private ByteBuffer data;
	private int dataIndex;
	private int requestedTransferLength;
	private long taskTag;
	private int taskAttribute = SCSITaskAttribute.SIMPLE;

	private int status;
	private int serviceResponse = SCSIServiceResponse.TASK_COMPLETE;
	private long bytesTransferred;
	private int senseLength;
	private long completionDelayNanos;
	private boolean dropped;

	private boolean steppable;
	private boolean suspended;
	private final CommandProgress progress = new CommandProgress();

	/** An exchange with no command: LUN -1, no data, outputs as after {@link #reset()}. */
	public ScsiExchange() {
	}

	// ---- request, set by the HBA ----

	/** The CDB array (16 bytes, owned by the exchange); the HBA writes the command into it. */
	public byte[] cdb() {
		return cdb;
	}

	/** Number of valid CDB bytes, 0..16. */
	public int cdbLength() {
		return cdbLength;
	}

	/**
	 * Sets the number of valid CDB bytes.
	 *
	 * @throws IllegalArgumentException outside 0..16
	 */
	public void setCdbLength(int length) {
		if (length < 0 || length > CDB_CAPACITY) {
			throw new IllegalArgumentException("CDB length " + length + " outside 0..16");
		}
		this.cdbLength = length;
	}

	/** Copies {@code length} CDB bytes from {@code src[off]} and sets the CDB length; a convenience for HBAs and tests. */
	public void setCdb(byte[] src, int off, int length) {
		setCdbLength(length);
		System.arraycopy(src, off, cdb, 0, length);
	}

	/**
	 * The decoded LUN, as {@link LogicalUnitNumber#decode} returns it: 0..16383, {@code 0xC1nn} for a well-known
	 * logical unit, or -1 when the 8 LUN bytes were not decodable.
	 */
	public int lun() {
		return lun;
	}

	/** Sets the decoded LUN (see {@link #lun()}). */
	public void setLun(int lun) {
		this.lun = lun;
	}

	/** The raw 8 LUN bytes as a big-endian long, if the HBA set them; informational. */
	public long lunBytes() {
		return lunBytes;
	}

	/** Sets the raw 8 LUN bytes (big-endian long, byte 0 most significant); optional. */
	public void setLunBytes(long lunBytes) {
		this.lunBytes = lunBytes;
	}

	/** Sets both LUN forms from the raw 8 bytes. */
	public void setLunFromBytes(long lunBytes) {
		this.lunBytes = lunBytes;
		this.lun = LogicalUnitNumber.decode(lunBytes);
	}

	/** The data direction, a {@link SCSIDataTransferDirection} value. */
	public int direction() {
		return direction;
	}

	/** Sets the data direction, a {@link SCSIDataTransferDirection} value. */
	public void setDirection(int direction) {
		this.direction = direction;
	}

	/**
	 * The host memory the command reads or writes: bytes {@link #dataIndex()} ..
	 * {@code dataIndex() + requestedTransferLength()} (absolute indices, below the buffer's limit) are the requested
	 * transfer. Null when the command has no data. The target uses absolute indices only and never changes the
	 * buffer's position or limit, so host memory shared by concurrent requests is safe.
	 */
	public ByteBuffer data() {
		return data;
	}

	/** Absolute index in {@link #data()} of the first byte of the transfer. */
	public int dataIndex() {
		return dataIndex;
	}

	/**
	 * Sets the data buffer (a slice whose index 0 is the first byte of the transfer, or null) and the requested
	 * transfer length to its limit.
	 */
	public void setData(ByteBuffer slice) {
		setData(slice, 0, slice == null ? 0 : slice.limit());
	}

	/**
	 * Sets the data buffer as a window of {@code length} bytes at absolute index {@code index} of {@code buffer}
	 * (e.g. the HBA's IOVM window into host memory), without slicing it; the requested transfer length becomes
	 * {@code length}. A null buffer means no data.
	 *
	 * @throws IllegalArgumentException if the window does not lie within the buffer's limit
	 */
	public void setData(ByteBuffer buffer, int index, int length) {
		if (buffer == null) {
			this.data = null;
			this.dataIndex = 0;
			this.requestedTransferLength = 0;
			return;
		}
		if (index < 0 || length < 0 || index > buffer.limit() - length) {
			throw new IllegalArgumentException("data window " + index + "+" + length + " outside the buffer's limit "
					+ buffer.limit());
		}
		this.data = buffer;
		this.dataIndex = index;
		this.requestedTransferLength = length;
	}

	/** The number of bytes the initiator asked to transfer. */
	public int requestedTransferLength() {
		return requestedTransferLength;
	}

	/** Sets the number of bytes the initiator asked to transfer (after {@link #setData}). */
	public void setRequestedTransferLength(int length) {
		if (length < 0) {
			throw new IllegalArgumentException("negative transfer length " + length);
		}
		this.requestedTransferLength = length;
	}

	/** The task tag, echoed for {@link ScsiTargetDevice#abortTask}. */
	public long taskTag() {
		return taskTag;
	}

	/** Sets the task tag. */
	public void setTaskTag(long taskTag) {
		this.taskTag = taskTag;
	}

	/** The task attribute, a {@link SCSITaskAttribute} value. */
	public int taskAttribute() {
		return taskAttribute;
	}

	/** Sets the task attribute, a {@link SCSITaskAttribute} value. */
	public void setTaskAttribute(int taskAttribute) {
		this.taskAttribute = taskAttribute;
	}

	/**
	 * How many bytes a data-in command may write at {@link #dataIndex()}: the requested transfer length, bounded by
	 * the buffer's limit, when the direction is from target to initiator and there is a buffer, else 0.
	 */
	public int dataInCapacity() {
		return direction == SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR ? bufferBytes() : 0;
	}

	/**
	 * How many bytes a data-out command may read at {@link #dataIndex()}: the requested transfer length, bounded by
	 * the buffer's limit, when the direction is from initiator to target and there is a buffer, else 0.
	 */
	public int dataOutLength() {
		return direction == SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET ? bufferBytes() : 0;
	}

	private int bufferBytes() {
		return data == null ? 0 : Math.max(0, Math.min(data.limit() - dataIndex, requestedTransferLength));
	}

	// ---- response, set by the target ----

	/** The status: a SAM {@link SCSITaskStatus} value, or a protocol-layer one with a failed service response. */
	public int status() {
		return status;
	}

	/** Sets the status (target side). */
	public void setStatus(int status) {
		this.status = status;
	}

	/**
	 * The {@link SCSIServiceResponse}: TASK_COMPLETE normally; SERVICE_DELIVERY_OR_TARGET_FAILURE for transport
	 * failures, with a protocol-layer {@link #status()} such as {@link SCSITaskStatus#DELIVERY_FAILURE}.
	 */
	public int serviceResponse() {
		return serviceResponse;
	}

	/** Sets the service response (target side). */
	public void setServiceResponse(int serviceResponse) {
		this.serviceResponse = serviceResponse;
	}

	/** Bytes actually moved to or from {@link #data()}; less than requested means a residual. */
	public long bytesTransferred() {
		return bytesTransferred;
	}

	/** Sets the bytes transferred (target side). */
	public void setBytesTransferred(long bytes) {
		this.bytesTransferred = bytes;
	}

	/** The sense array (256 bytes, owned by the exchange); valid for {@link #senseLength()} bytes. */
	public byte[] sense() {
		return sense;
	}

	/** Valid sense bytes; non-zero only with CHECK CONDITION. */
	public int senseLength() {
		return senseLength;
	}

	/** Sets the number of valid sense bytes (target side). */
	public void setSenseLength(int length) {
		if (length < 0 || length > SENSE_CAPACITY) {
			throw new IllegalArgumentException("sense length " + length + " outside 0..256");
		}
		this.senseLength = length;
	}

	/** Injected latency: the HBA must not post the completion before this many ns after submission. */
	public long completionDelayNanos() {
		return completionDelayNanos;
	}

	/** Sets the injected latency (target side). */
	public void setCompletionDelayNanos(long nanos) {
		this.completionDelayNanos = nanos;
	}

	/** Injected "no response": the HBA must never complete this command (the driver times out). */
	public boolean dropped() {
		return dropped;
	}

	/** Sets the injected drop (target side). */
	public void setDropped(boolean dropped) {
		this.dropped = dropped;
	}

	// ---- long commands in steps ----

	/**
	 * Lets the target execute a long media command in bounded steps (request side): {@link ScsiTargetDevice#execute}
	 * may then return {@linkplain #isSuspended() suspended} after the first, and the caller continues it with
	 * {@link ScsiTargetDevice#resume} (or gives it up with {@link ScsiTargetDevice#abandon}). The HBA's device thread
	 * sets it, so other commands and task management interleave with a long one; a caller that leaves it off gets
	 * every command executed whole in one call.
	 */
	public void setSteppable(boolean steppable) {
		this.steppable = steppable;
	}

	/** Whether {@link #setSteppable} allows steps. */
	public boolean isSteppable() {
		return steppable;
	}

	/**
	 * True when the target executed a bounded step of the command and it is not finished: the response fields do
	 * not count yet, and the caller must {@linkplain ScsiTargetDevice#resume resume} or
	 * {@linkplain ScsiTargetDevice#abandon abandon} it, keeping this exchange (with its CDB and data window) for it.
	 */
	public boolean isSuspended() {
		return suspended;
	}

	void suspend() {
		suspended = true;
	}

	/** Before a step of a resumed command. */
	void unsuspend() {
		suspended = false;
	}

	CommandProgress progress() {
		return progress;
	}

	/** Completes with a SAM status and no sense (target side). */
	public void complete(int samStatus) {
		this.serviceResponse = SCSIServiceResponse.TASK_COMPLETE;
		this.status = samStatus;
		this.senseLength = 0;
	}

	/** Completes with CHECK CONDITION and {@code senseLength} bytes already written to {@link #sense()}. */
	public void checkCondition(int senseLength) {
		complete(SCSITaskStatus.CHECK_CONDITION);
		setSenseLength(senseLength);
	}

	/** Fails delivery: SERVICE_DELIVERY_OR_TARGET_FAILURE with a protocol-layer status, nothing transferred. */
	public void transportFailure(int protocolStatus) {
		this.serviceResponse = SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE;
		this.status = protocolStatus;
		this.senseLength = 0;
		this.bytesTransferred = 0;
	}

	/** Whether the response is TASK_COMPLETE with GOOD status. */
	public boolean isGood() {
		return serviceResponse == SCSIServiceResponse.TASK_COMPLETE && status == SCSITaskStatus.GOOD;
	}

	/** Clears the response fields before reuse (status GOOD, TASK_COMPLETE, nothing transferred, no sense, no delay). */
	public void reset() {
		status = SCSITaskStatus.GOOD;
		serviceResponse = SCSIServiceResponse.TASK_COMPLETE;
		bytesTransferred = 0;
		senseLength = 0;
		completionDelayNanos = 0;
		dropped = false;
		suspended = false;
		progress.clear();
	}

	/** Clears the request fields too: no CDB, LUN -1, no data, tag 0, SIMPLE, no steps; for HBAs that recycle slots. */
	public void clear() {
		reset();
		cdbLength = 0;
		lun = -1;
		lunBytes = 0;
		direction = SCSIDataTransferDirection.NO_DATA_TRANSFER;
		data = null;
		dataIndex = 0;
		requestedTransferLength = 0;
		taskTag = 0;
		taskAttribute = SCSITaskAttribute.SIMPLE;
		steppable = false;
	}

	/** A diagnostic summary (allocates; not for the I/O path). */
	@Override
	public String toString() {
		StringBuilder sb = new StringBuilder("ScsiExchange[lun=").append(lun).append(" cdb=");
		for (int i = 0; i < cdbLength; i++) {
			sb.append(String.format("%02X", cdb[i] & 0xFF));
		}
		sb.append(" dir=").append(direction).append(" req=").append(requestedTransferLength).append(" -> ")
				.append(SCSIServiceResponse.name(serviceResponse)).append('/')
				.append(serviceResponse == SCSIServiceResponse.TASK_COMPLETE ? SCSITaskStatus.samName(status)
						: SCSITaskStatus.protocolName(status))
				.append(" xfer=").append(bytesTransferred).append(" sense=").append(senseLength);
		if (dropped) {
			sb.append(" DROPPED");
		}
		if (suspended) {
			sb.append(" SUSPENDED");
		}
		if (completionDelayNanos != 0) {
			sb.append(" delay=").append(completionDelayNanos).append("ns");
		}
		return sb.append(']').toString();
	}
}
