package org.hbakit.controller.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * DriverKit's {@code SCSIUserParallelTask}: the properties of one parallel task, as a view over 128 bytes of
 * memory with the exact C layout (LP64, little-endian; offsets in the {@code *_OFFSET} constants).
 * <p>
 * The framework owns the memory. On the parallel path it fills a task and lends it to
 * {@link IOUserSCSIParallelInterfaceController#userProcessParallelTask} until the task completes; on the
 * bundled path the same layout sits in a slot of the {@link BundledParallelTaskCommandBuffer}, owned by the
 * controller from {@code UserProcessBundledParallelTasks} until {@code BundledParallelTaskCompletion}.
 * A view is not thread-safe; it can be {@linkplain #moveTo(int) moved} over other slots so the I/O path
 * allocates nothing.
 */
public final class SCSIUserParallelTask {
	/** {@code sizeof(SCSIUserParallelTask)}. */
	public static final int SIZE = 128;
	/** {@code kScsiUserParallelTaskCurrentVersion1}. */
	public static final long CURRENT_VERSION = 1;
	/** Largest CDB the task carries. */
	public static final int MAX_CDB_SIZE = 16;

	public static final int VERSION_OFFSET = 0;
	public static final int TARGET_ID_OFFSET = 8;
	public static final int FEATURE_REQUEST_OFFSET = 16;
	public static final int FEATURE_REQUEST_COUNT_OFFSET = 40;
	public static final int CONTROLLER_TASK_IDENTIFIER_OFFSET = 48;
	public static final int REQUESTED_TRANSFER_COUNT_OFFSET = 56;
	public static final int BUFFER_IOVM_ADDR_OFFSET = 64;
	public static final int TASK_ATTRIBUTE_OFFSET = 72;
	public static final int TASK_TAG_IDENTIFIER_OFFSET = 80;
	public static final int LOGICAL_UNIT_BYTES_OFFSET = 88;
	public static final int COMMAND_DESCRIPTOR_BLOCK_OFFSET = 96;
	public static final int COMMAND_SIZE_OFFSET = 112;
	public static final int TRANSFER_DIRECTION_OFFSET = 113;
	public static final int TIMEOUT_IN_MILLISEC_OFFSET = 116;
	public static final int RESERVED_OFFSET = 120;

	private final ByteBuffer memory;
	private int base;

	/** A task over fresh 128-byte memory of its own. */
	public SCSIUserParallelTask() {
		this(ByteBuffer.allocateDirect(SIZE), 0);
	}

	/**
	 * A task viewing {@code memory} at {@code offset}; the view uses little-endian order whatever the buffer's.
	 *
	 * @throws IndexOutOfBoundsException if 128 bytes do not fit at {@code offset}
	 */
	public SCSIUserParallelTask(ByteBuffer memory, int offset) {
		this.memory = memory.duplicate().order(ByteOrder.LITTLE_ENDIAN);
		moveTo(offset);
	}

	/** Moves this view to another offset of the same memory (e.g. another slot). */
	public SCSIUserParallelTask moveTo(int offset) {
		if (offset < 0 || offset > memory.capacity() - SIZE) {
			throw new IndexOutOfBoundsException("task at " + offset + " outside " + memory.capacity() + " bytes");
		}
		this.base = offset;
		return this;
	}

	/** The offset of this view in its memory. */
	public int offset() {
		return base;
	}

	/** Zeroes all 128 bytes. */
	public SCSIUserParallelTask clear() {
		for (int i = 0; i < SIZE; i += 8) {
			memory.putLong(base + i, 0L);
		}
		return this;
	}

	/** Copies all 128 bytes from another task. */
	public SCSIUserParallelTask copyFrom(SCSIUserParallelTask other) {
		for (int i = 0; i < SIZE; i += 8) {
			memory.putLong(base + i, other.memory.getLong(other.base + i));
		}
		return this;
	}

	/** {@code version}: must be {@link #CURRENT_VERSION}. */
	public long version() {
		return memory.getLong(base + VERSION_OFFSET);
	}

	public SCSIUserParallelTask setVersion(long version) {
		memory.putLong(base + VERSION_OFFSET, version);
		return this;
	}

	/** {@code fTargetID}: the SCSI target identifier. */
	public long targetID() {
		return memory.getLong(base + TARGET_ID_OFFSET);
	}

	public SCSIUserParallelTask setTargetID(long targetID) {
		memory.putLong(base + TARGET_ID_OFFSET, targetID);
		return this;
	}

	/** {@code fSCSIParallelFeatureRequest[feature]}: a {@link SCSIParallelFeature} request value. */
	public int featureRequest(int feature) {
		return memory.getInt(base + FEATURE_REQUEST_OFFSET + 4 * checkFeature(feature));
	}

	public SCSIUserParallelTask setFeatureRequest(int feature, int request) {
		memory.putInt(base + FEATURE_REQUEST_OFFSET + 4 * checkFeature(feature), request);
		return this;
	}

	/** {@code fSCSIParallelFeatureRequestCount}. */
	public long featureRequestCount() {
		return memory.getLong(base + FEATURE_REQUEST_COUNT_OFFSET);
	}

	public SCSIUserParallelTask setFeatureRequestCount(long count) {
		memory.putLong(base + FEATURE_REQUEST_COUNT_OFFSET, count);
		return this;
	}

	/** {@code fControllerTaskIdentifier}: the id the controller returned from {@code UserMapHBAData}. */
	public long controllerTaskIdentifier() {
		return memory.getLong(base + CONTROLLER_TASK_IDENTIFIER_OFFSET);
	}

	public SCSIUserParallelTask setControllerTaskIdentifier(long id) {
		memory.putLong(base + CONTROLLER_TASK_IDENTIFIER_OFFSET, id);
		return this;
	}

	/** {@code fRequestedTransferCount}: bytes the command transfers. */
	public long requestedTransferCount() {
		return memory.getLong(base + REQUESTED_TRANSFER_COUNT_OFFSET);
	}

	public SCSIUserParallelTask setRequestedTransferCount(long count) {
		memory.putLong(base + REQUESTED_TRANSFER_COUNT_OFFSET, count);
		return this;
	}

	/** {@code fBufferIOVMAddr}: the IOVM address of one physical segment holding the data. */
	public long bufferIOVMAddr() {
		return memory.getLong(base + BUFFER_IOVM_ADDR_OFFSET);
	}

	public SCSIUserParallelTask setBufferIOVMAddr(long address) {
		memory.putLong(base + BUFFER_IOVM_ADDR_OFFSET, address);
		return this;
	}

	/** {@code fTaskAttribute}: a {@link SCSITaskAttribute} value. */
	public int taskAttribute() {
		return memory.getInt(base + TASK_ATTRIBUTE_OFFSET);
	}

	public SCSIUserParallelTask setTaskAttribute(int attribute) {
		memory.putInt(base + TASK_ATTRIBUTE_OFFSET, attribute);
		return this;
	}

	/** {@code fTaskTagIdentifier}: the task's tag (0 means untagged). */
	public long taskTagIdentifier() {
		return memory.getLong(base + TASK_TAG_IDENTIFIER_OFFSET);
	}

	public SCSIUserParallelTask setTaskTagIdentifier(long tag) {
		memory.putLong(base + TASK_TAG_IDENTIFIER_OFFSET, tag);
		return this;
	}

	/** {@code fLogicalUnitBytes[index]}: one of the 8 LUN bytes (SAM addressing). */
	public int logicalUnitByte(int index) {
		return memory.get(base + LOGICAL_UNIT_BYTES_OFFSET + java.util.Objects.checkIndex(index, 8)) & 0xFF;
	}

	/** The 8 LUN bytes read as one big-endian number (byte 0 most significant), e.g. LUN 5 = 0x0005_0000_0000_0000. */
	public long logicalUnitBytes() {
		return Long.reverseBytes(memory.getLong(base + LOGICAL_UNIT_BYTES_OFFSET));
	}

	/** Sets the 8 LUN bytes from a big-endian number (byte 0 most significant). */
	public SCSIUserParallelTask setLogicalUnitBytes(long lunBytes) {
		memory.putLong(base + LOGICAL_UNIT_BYTES_OFFSET, Long.reverseBytes(lunBytes));
		return this;
	}

	/** {@code fCommandDescriptorBlock[index]}. */
	public int cdbByte(int index) {
		return memory.get(base + COMMAND_DESCRIPTOR_BLOCK_OFFSET + java.util.Objects.checkIndex(index, MAX_CDB_SIZE))
				& 0xFF;
	}

	/** Copies the 16-byte {@code fCommandDescriptorBlock} into {@code dst} (at least 16 bytes). */
	public void commandDescriptorBlock(byte[] dst) {
		memory.get(base + COMMAND_DESCRIPTOR_BLOCK_OFFSET, dst, 0, MAX_CDB_SIZE);
	}

	/**
	 * Sets the CDB and {@code fCommandSize}: copies {@code length} bytes and zeroes the rest of the 16.
	 *
	 * @throws IllegalArgumentException if length is not 1..16
	 */
	public SCSIUserParallelTask setCommandDescriptorBlock(byte[] cdb, int length) {
		if (length < 1 || length > MAX_CDB_SIZE) {
			throw new IllegalArgumentException("CDB length " + length + " not in 1..16");
		}
		memory.put(base + COMMAND_DESCRIPTOR_BLOCK_OFFSET, cdb, 0, length);
		for (int i = length; i < MAX_CDB_SIZE; i++) {
			memory.put(base + COMMAND_DESCRIPTOR_BLOCK_OFFSET + i, (byte) 0);
		}
		memory.put(base + COMMAND_SIZE_OFFSET, (byte) length);
		return this;
	}

	/** {@code fCommandSize}: 6, 10, 12 or 16. */
	public int commandSize() {
		return memory.get(base + COMMAND_SIZE_OFFSET) & 0xFF;
	}

	/** {@code fTransferDirection}: a {@link SCSIDataTransferDirection} value. */
	public int transferDirection() {
		return memory.get(base + TRANSFER_DIRECTION_OFFSET) & 0xFF;
	}

	public SCSIUserParallelTask setTransferDirection(int direction) {
		memory.put(base + TRANSFER_DIRECTION_OFFSET, (byte) direction);
		return this;
	}

	/** {@code fTimeoutInMilliSec}: 0 means no timeout. Unsigned 32-bit. */
	public long timeoutInMilliSec() {
		return Integer.toUnsignedLong(memory.getInt(base + TIMEOUT_IN_MILLISEC_OFFSET));
	}

	public SCSIUserParallelTask setTimeoutInMilliSec(long timeout) {
		memory.putInt(base + TIMEOUT_IN_MILLISEC_OFFSET, (int) timeout);
		return this;
	}

	private static int checkFeature(int feature) {
		return java.util.Objects.checkIndex(feature, SCSIParallelFeature.TOTAL_FEATURE_COUNT);
	}

	@Override
	public String toString() {
		return "SCSIUserParallelTask[id=" + controllerTaskIdentifier() + ", target=" + targetID() + ", lun="
				+ Long.toHexString(logicalUnitBytes()) + ", op=0x" + Integer.toHexString(cdbByte(0)) + ", bytes="
				+ requestedTransferCount() + ", dir=" + transferDirection() + "]";
	}
}
