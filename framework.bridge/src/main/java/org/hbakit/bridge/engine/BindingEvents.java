package org.hbakit.bridge.engine;

import java.util.Map;

import org.hbakit.controller.api.registry.ViolationKind;

/**
 * What a binding tells the device's supervisor. Every method returns at once except {@link #createTarget}, which a
 * controller calls on its own thread and which waits, bounded, for the supervisor.
 */
public interface BindingEvents {
	/**
	 * The watchdog found dispatch {@code generation} of task {@code slot} overdue: task management is due. Called
	 * on the watchdog thread; must not block.
	 *
	 * @param level 1 abort task, 2 logical unit reset, 3 target reset
	 */
	void escalate(int level, int slot, long generation, long targetID, long lunBytes, long tag);

	/** A unit attention or a controller asked for the targets and logical units to be read again. */
	void rescanRequested();

	/**
	 * {@code UserCreateTargetForID} on a bound controller: the supervisor initialises the target on the controller's
	 * queue and scans it. Called on a controller thread that is not the controller's queue.
	 *
	 * @return an IOReturn code
	 */
	int createTarget(ControllerBinding binding, long targetID, Map<String, ?> targetDict) throws InterruptedException;

	/**
	 * The binding refused something its controller did (already logged and counted on the binding); the device
	 * keeps the count beyond the binding's life. Called on any thread, rarely; must not block.
	 */
	default void violation(ControllerBinding.Identity identity, ViolationKind kind, String message) {
	}

	/** Whether the start sequence offers the controller the bundled buffers (asked once, on the controller's queue). */
	default boolean offerBundledBuffers() {
		return true;
	}

	/** Events that go nowhere (tests of the engine alone). */
	BindingEvents NONE = new BindingEvents() {
		@Override
		public void escalate(int level, int slot, long generation, long targetID, long lunBytes, long tag) {
		}

		@Override
		public void rescanRequested() {
		}

		@Override
		public int createTarget(ControllerBinding binding, long targetID, Map<String, ?> targetDict) {
			return org.hbakit.controller.api.IOReturn.kIOReturnUnsupported;
		}
	};
}
