package org.hbakit.controller.api;

/** Values of DriverKit's {@code SCSITaskAttribute}, carried in {@link SCSIUserParallelTask#taskAttribute()}. */
public final class SCSITaskAttribute {
	/** The task may be reordered with other simple tasks. */
	public static final int SIMPLE = 0;
	/** The task runs after every older task and before every newer one. */
	public static final int ORDERED = 1;
	/** The task runs before every task already in the task set. */
	public static final int HEAD_OF_QUEUE = 2;
	/** The task is an auto contingent allegiance task. */
	public static final int ACA = 3;

	private SCSITaskAttribute() {
	}

	/** The DriverKit-style name of an attribute, for logs and shell output. */
	public static String name(int attribute) {
		return switch (attribute) {
			case SIMPLE -> "SIMPLE";
			case ORDERED -> "ORDERED";
			case HEAD_OF_QUEUE -> "HEAD_OF_QUEUE";
			case ACA -> "ACA";
			default -> "SCSITaskAttribute(" + attribute + ")";
		};
	}
}
