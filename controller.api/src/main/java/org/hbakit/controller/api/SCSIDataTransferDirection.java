package org.hbakit.controller.api;

/** Values of DriverKit's data transfer direction, carried in {@link SCSIUserParallelTask#transferDirection()}. */
public final class SCSIDataTransferDirection {
	/** The command moves no data. */
	public static final int NO_DATA_TRANSFER = 0;
	/** Data moves from host memory to the target (a write). */
	public static final int FROM_INITIATOR_TO_TARGET = 1;
	/** Data moves from the target to host memory (a read). */
	public static final int FROM_TARGET_TO_INITIATOR = 2;

	private SCSIDataTransferDirection() {
	}
}
