package org.hbakit.controller.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * DriverKit's {@code SCSIUserParallelResponse}: the properties of a completed task, as a view over 384 bytes
 * of memory with the exact C layout (LP64, little-endian; offsets in the {@code *_OFFSET} constants).
 * <p>
 * On the parallel path the controller fills a response it owns (typically one per task, made in
 * {@code UserMapHBAData}) and passes it to {@link ParallelTaskCompletion#parallelTaskCompletion}; the framework
 * copies what it needs before that call returns. On the bundled path the response sits in the slot of the
 * {@link BundledParallelTaskResponseBuffer} that matches the command slot. {@link #version()} must be
 * {@link #CURRENT_VERSION}: the framework ignores any other, as DriverKit does.
 */
public final class SCSIUserParallelResponse {
	/** {@code sizeof(SCSIUserParallelResponse)}. */
	public static final int SIZE = 384;
	/** {@code kScsiUserParallelTaskResponseCurrentVersion1}. */
	public static final long CURRENT_VERSION = 1;
	/** {@code kMaxSenseBufferSize}. */
	public static final int MAX_SENSE_BUFFER_SIZE = 256;

	public static final int VERSION_OFFSET = 0;
	public static final int TARGET_ID_OFFSET = 8;
	public static final int FEATURE_RESULT_OFFSET = 16;
	public static final int FEATURE_RESULT_COUNT_OFFSET = 40;
	public static final int CONTROLLER_TASK_IDENTIFIER_OFFSET = 48;
	public static final int COMPLETION_STATUS_OFFSET = 56;
	public static final int SERVICE_RESPONSE_OFFSET = 60;
	public static final int BYTES_TRANSFERRED_OFFSET = 64;
	public static final int SENSE_LENGTH_OFFSET = 72;
	public static final int SENSE_BUFFER_OFFSET = 73;
	public static final int RESERVED_OFFSET = 329;

	private final ByteBuffer memory;
	private int base;

	/** A response over fresh 384-byte memory of its own. */
	public SCSIUserParallelResponse() {
		this(ByteBuffer.allocateDirect(SIZE), 0);
	}

	/**
	 * A response viewing {@code memory} at {@code offset}, in little-endian order whatever the buffer's.
	 *
	 * @throws IndexOutOfBoundsException if 384 bytes do not fit at {@code offset}
	 */
	public SCSIUserParallelResponse(ByteBuffer memory, int offset) {
		this.memory = memory.duplicate().order(ByteOrder.LITTLE_ENDIAN);
		moveTo(offset);
	}

	/** Moves this view to another offset of the same memory. */
	public SCSIUserParallelResponse moveTo(int offset) {
		if (offset < 0 || offset > memory.capacity() - SIZE) {
			throw new IndexOutOfBoundsException("response at " + offset + " outside " + memory.capacity() + " bytes");
		}
		this.base = offset;
		return this;
	}

	/** The offset of this view in its memory. */
	public int offset() {
		return base;
	}

	/** Zeroes the fixed fields (0..72) and the sense length; the sense bytes are left as they are. */
	public SCSIUserParallelResponse clear() {
		for (int i = 0; i < SENSE_LENGTH_OFFSET; i += 8) {
			memory.putLong(base + i, 0L);
		}
		memory.put(base + SENSE_LENGTH_OFFSET, (byte) 0);
		return this;
	}

	/** {@code version}. */
	public long version() {
		return memory.getLong(base + VERSION_OFFSET);
	}

	public SCSIUserParallelResponse setVersion(long version) {
		memory.putLong(base + VERSION_OFFSET, version);
		return this;
	}

	/** {@code fTargetID}. */
	public long targetID() {
		return memory.getLong(base + TARGET_ID_OFFSET);
	}

	public SCSIUserParallelResponse setTargetID(long targetID) {
		memory.putLong(base + TARGET_ID_OFFSET, targetID);
		return this;
	}

	/** {@code fSCSIParallelFeatureResult[feature]}: a {@link SCSIParallelFeature} result value. */
	public int featureResult(int feature) {
		return memory.getInt(base + FEATURE_RESULT_OFFSET
				+ 4 * java.util.Objects.checkIndex(feature, SCSIParallelFeature.TOTAL_FEATURE_COUNT));
	}

	public SCSIUserParallelResponse setFeatureResult(int feature, int result) {
		memory.putInt(base + FEATURE_RESULT_OFFSET
				+ 4 * java.util.Objects.checkIndex(feature, SCSIParallelFeature.TOTAL_FEATURE_COUNT), result);
		return this;
	}

	/** {@code fSCSIParallelFeatureRequestResultCount}. */
	public long featureResultCount() {
		return memory.getLong(base + FEATURE_RESULT_COUNT_OFFSET);
	}

	public SCSIUserParallelResponse setFeatureResultCount(long count) {
		memory.putLong(base + FEATURE_RESULT_COUNT_OFFSET, count);
		return this;
	}

	/** {@code fControllerTaskIdentifier}: echoes the task's. */
	public long controllerTaskIdentifier() {
		return memory.getLong(base + CONTROLLER_TASK_IDENTIFIER_OFFSET);
	}

	public SCSIUserParallelResponse setControllerTaskIdentifier(long id) {
		memory.putLong(base + CONTROLLER_TASK_IDENTIFIER_OFFSET, id);
		return this;
	}

	/** {@code fCompletionStatus}: a {@link SCSITaskStatus} value. */
	public int completionStatus() {
		return memory.getInt(base + COMPLETION_STATUS_OFFSET);
	}

	public SCSIUserParallelResponse setCompletionStatus(int status) {
		memory.putInt(base + COMPLETION_STATUS_OFFSET, status);
		return this;
	}

	/** {@code fServiceResponse}: a {@link SCSIServiceResponse} value. */
	public int serviceResponse() {
		return memory.getInt(base + SERVICE_RESPONSE_OFFSET);
	}

	public SCSIUserParallelResponse setServiceResponse(int response) {
		memory.putInt(base + SERVICE_RESPONSE_OFFSET, response);
		return this;
	}

	/** {@code fBytesTransferred}. */
	public long bytesTransferred() {
		return memory.getLong(base + BYTES_TRANSFERRED_OFFSET);
	}

	public SCSIUserParallelResponse setBytesTransferred(long bytes) {
		memory.putLong(base + BYTES_TRANSFERRED_OFFSET, bytes);
		return this;
	}

	/** {@code fSenseLength}: valid bytes in the sense buffer (0..255, uint8). */
	public int senseLength() {
		return memory.get(base + SENSE_LENGTH_OFFSET) & 0xFF;
	}

	/** Copies {@link #senseLength()} sense bytes into {@code dst}; returns how many. */
	public int senseBuffer(byte[] dst) {
		int n = Math.min(senseLength(), dst.length);
		memory.get(base + SENSE_BUFFER_OFFSET, dst, 0, n);
		return n;
	}

	/** One byte of {@code fSenseBuffer}. */
	public int senseByte(int index) {
		return memory.get(base + SENSE_BUFFER_OFFSET + java.util.Objects.checkIndex(index, MAX_SENSE_BUFFER_SIZE))
				& 0xFF;
	}

	/**
	 * Sets the sense bytes and {@code fSenseLength}. The length field is a uint8, so at most 255 bytes are
	 * recorded even though the buffer holds 256.
	 */
	public SCSIUserParallelResponse setSense(byte[] sense, int length) {
		int n = Math.max(0, Math.min(length, 255));
		memory.put(base + SENSE_BUFFER_OFFSET, sense, 0, n);
		memory.put(base + SENSE_LENGTH_OFFSET, (byte) n);
		return this;
	}

	/** Copies the sense bytes and length from another response. */
	public SCSIUserParallelResponse setSense(SCSIUserParallelResponse other) {
		int n = other.senseLength();
		for (int i = 0; i < n; i++) {
			memory.put(base + SENSE_BUFFER_OFFSET + i, other.memory.get(other.base + SENSE_BUFFER_OFFSET + i));
		}
		memory.put(base + SENSE_LENGTH_OFFSET, (byte) n);
		return this;
	}

	@Override
	public String toString() {
		return "SCSIUserParallelResponse[id=" + controllerTaskIdentifier() + ", response="
				+ SCSIServiceResponse.name(serviceResponse()) + ", status=" + SCSITaskStatus.samName(completionStatus())
				+ ", bytes=" + bytesTransferred() + ", sense=" + senseLength() + "]";
	}
}
