package org.hbakit.controller.api;

/**
 * Values of DriverKit's {@code SCSITaskStatus} ({@code SCSIDefinitions.h}), carried in
 * {@link SCSIUserParallelResponse#completionStatus()}.
 * <p>
 * The SAM statuses are meaningful only with {@link SCSIServiceResponse#TASK_COMPLETE} or
 * {@link SCSIServiceResponse#LINK_COMMAND_COMPLETE}. The protocol-layer values are meaningful only with
 * {@link SCSIServiceResponse#SERVICE_DELIVERY_OR_TARGET_FAILURE}: numerically they collide with
 * {@link #CHECK_CONDITION} and {@link #CONDITION_MET}, exactly as in DriverKit.
 */
public final class SCSITaskStatus {
	/** SAM: the command completed without error. */
	public static final int GOOD = 0x00;
	/** SAM: sense data describes an error or exception; see the sense buffer. */
	public static final int CHECK_CONDITION = 0x02;
	/** SAM: the requested condition was met. */
	public static final int CONDITION_MET = 0x04;
	/** SAM: the logical unit is busy; the command may be retried later. */
	public static final int BUSY = 0x08;
	/** SAM (obsolete): intermediate status for linked commands. */
	public static final int INTERMEDIATE = 0x10;
	/** SAM (obsolete): intermediate condition met for linked commands. */
	public static final int INTERMEDIATE_CONDITION_MET = 0x14;
	/** SAM: the logical unit is reserved by another initiator. */
	public static final int RESERVATION_CONFLICT = 0x18;
	/** SAM: the task set is full; the command may be retried once a task completes. */
	public static final int TASK_SET_FULL = 0x28;
	/** SAM: an auto contingent allegiance condition is active. */
	public static final int ACA_ACTIVE = 0x30;

	/** Protocol layer: the task did not complete within its timeout. */
	public static final int TASK_TIMEOUT_OCCURRED = 0x01;
	/** Protocol layer: the protocol timed out. */
	public static final int PROTOCOL_TIMEOUT_OCCURRED = 0x02;
	/** Protocol layer: the device did not respond. */
	public static final int DEVICE_NOT_RESPONDING = 0x03;
	/** Protocol layer: the device is not present. */
	public static final int DEVICE_NOT_PRESENT = 0x04;
	/** Protocol layer: the task could not be delivered. */
	public static final int DELIVERY_FAILURE = 0x05;
	/** Protocol layer: no status is available. */
	public static final int NO_STATUS = 0xFF;

	private SCSITaskStatus() {
	}

	/** Name of a SAM status value, for logs and shell output. */
	public static String samName(int status) {
		return switch (status) {
			case GOOD -> "GOOD";
			case CHECK_CONDITION -> "CHECK_CONDITION";
			case CONDITION_MET -> "CONDITION_MET";
			case BUSY -> "BUSY";
			case INTERMEDIATE -> "INTERMEDIATE";
			case INTERMEDIATE_CONDITION_MET -> "INTERMEDIATE_CONDITION_MET";
			case RESERVATION_CONFLICT -> "RESERVATION_CONFLICT";
			case TASK_SET_FULL -> "TASK_SET_FULL";
			case ACA_ACTIVE -> "ACA_ACTIVE";
			default -> String.format("0x%02X", status);
		};
	}

	/** Name of a protocol-layer status value, for logs and shell output. */
	public static String protocolName(int status) {
		return switch (status) {
			case TASK_TIMEOUT_OCCURRED -> "TaskTimeoutOccurred";
			case PROTOCOL_TIMEOUT_OCCURRED -> "ProtocolTimeoutOccurred";
			case DEVICE_NOT_RESPONDING -> "DeviceNotResponding";
			case DEVICE_NOT_PRESENT -> "DeviceNotPresent";
			case DELIVERY_FAILURE -> "DeliveryFailure";
			case NO_STATUS -> "No_Status";
			default -> String.format("0x%02X", status);
		};
	}
}
