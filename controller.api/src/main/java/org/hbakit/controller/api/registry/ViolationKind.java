package org.hbakit.controller.api.registry;

/**
 * What a controller did against the contract, as the framework detected it. Every violation is refused (never
 * delivered to a client), logged and counted by kind ({@link IOKitRegistry#violations()}).
 */
public enum ViolationKind {
	/** A completion named a task id the controller never mapped, or passed no response. */
	UNKNOWN_TASK,
	/** A completion's response version was not {@code kScsiUserParallelTaskResponseCurrentVersion1}. */
	WRONG_VERSION,
	/** A completion for a task that was not in flight: a second completion of one dispatch. */
	NOT_IN_FLIGHT,
	/** A bundled slot came back with another task's controller task id in its response. */
	WRONG_TASK_ID,
	/** A bundled completion named a slot the controller did not own. */
	SLOT_NOT_OWNED,
	/** A bundled completion's slot list was malformed: more than {@code kMaxBundledParallelTasks} slots, or a bad count. */
	MALFORMED_SLOT_LIST,
	/** A completion call after {@code Stop} had begun: the controller did not quiesce. */
	AFTER_STOP,
	/** A call into the controller threw (an exception or an {@link Error}). */
	THREW
}
