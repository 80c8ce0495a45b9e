package org.hbakit.bridge.supervisor;

import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;

/**
 * Where controller instances come from: one registered prototype-scope controller service (IOKit instantiates the
 * {@code IOUserClass} once per match, so does this). Both methods run controller code (the component's
 * constructor, activation, deactivation), so the supervisor calls them only on a controller's queue.
 */
public interface ControllerFactory {
	/**
	 * A new instance, never handed out before.
	 *
	 * @throws IllegalStateException with a reason if the service is gone or handed out an instance already in use
	 */
	IOUserSCSIParallelInterfaceController newInstance();

	/** Gives an instance back (DS deactivates it). */
	void release(IOUserSCSIParallelInterfaceController instance);

	/**
	 * Loads (without initialising) the classes of the bundle behind the service, once per service: a swap onto a
	 * bundle whose code has not run yet then does not load its classes inside the clients' pause. Class loading can
	 * run the bundle's weaving hooks, so the supervisor calls it only on a controller's queue, before the gate closes.
	 */
	default void loadClasses() {
	}

	/** Whether the service went away (no new instances). */
	boolean isClosed();
}
