package org.hbakit.controller.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Who owns each slot of the bundled path's shared command and response buffers.
 * <p>
 * Every slot starts owned by the framework. Ownership passes to the controller for the slots named in a
 * {@code UserProcessBundledParallelTasks} call and back to the framework for the slots named in a
 * {@code BundledParallelTaskCompletion} call. A controller must touch a slot, command or response, only while
 * it owns it; the framework checks every completed slot against this record and refuses (and counts) a
 * completion of a slot the controller does not own. Implemented by the framework; safe to read from any thread.
 */
@ProviderType
public interface BundledSlotOwnership {
	/** Whether the controller owns {@code slot} now. */
	boolean isOwnedByController(int slot);

	/** Number of slots (the controller's reported maximum task count). */
	int slotCount();
}
