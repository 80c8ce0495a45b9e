package org.hbakit.controller.api.registry;

/** The SAM-2 task-management functions an operator (or a test kit) may send through {@link IOKitRegistry#taskManagement}. */
public enum TaskManagementFunction {
	/** {@code UserAbortTaskSetRequest}. */
	ABORT_TASK_SET,
	/** {@code UserClearTaskSetRequest}. */
	CLEAR_TASK_SET,
	/** {@code UserLogicalUnitResetRequest}. */
	LOGICAL_UNIT_RESET,
	/** {@code UserTargetResetRequest} (the logical unit is ignored). */
	TARGET_RESET,
	/** {@code UserClearACARequest}. */
	CLEAR_ACA
}
