package org.hbakit.controller.api.registry;

/**
 * Where a provider device is in its life, as its supervisor (the framework's one serial owner of the device)
 * sees it. Every change of state is a message the supervisor handles one at a time; nothing dispatches to the
 * controller except in {@link #SCANNING} (the framework's own scan commands) and {@link #BOUND}.
 *
 * <pre>
 * UNMATCHED ─► PROBING ─► STARTING ─► SCANNING ─► BOUND ◄──────────────┐
 *     ▲           │           │                     │  │                │
 *     │           └─► FAILED ◄┘   (retried with     │  └─► STALLED ─────┤ (a late completion)
 *     │                 back-off)                   ▼                   │
 *     └──────────── STOPPING ◄──────────────── DRAINING ─► PAUSED ──────┘ (power On)
 *                 (swap, controller gone)
 * any state ─► REMOVED (the device went away)
 * </pre>
 */
public enum DeviceState {
	/** No controller drives the device; held requests wait for one (up to the rebind grace). */
	UNMATCHED,
	/** A matching round is running: candidate controllers are being instantiated and probed. */
	PROBING,
	/** The chosen controller's DriverKit start sequence is running. */
	STARTING,
	/** Started; the framework scans targets and logical units. Only its scan commands reach the controller. */
	SCANNING,
	/** Bound and serving I/O. */
	BOUND,
	/** The gate is closed (new requests are held in order) and in-flight tasks are draining. */
	DRAINING,
	/** The controller is powered Off or Paused: requests are held until it is powered On. */
	PAUSED,
	/** The controller is being stopped (its tasks are taken back and re-queued for the next one). */
	STOPPING,
	/**
	 * Bound, but no task is left to carry a request: every one timed out and is held by the controller, which
	 * never returned it. Logged at WARN; the way out is a swap or a rebind (or the controller's late completions).
	 */
	STALLED,
	/** Every candidate failed to start; the supervisor retries with back-off, and on any catalogue change. */
	FAILED,
	/** The device went away; final. */
	REMOVED;

	/** Whether a controller instance is attached to the device in this state. */
	public boolean hasController() {
		return switch (this) {
			case STARTING, SCANNING, BOUND, DRAINING, PAUSED, STOPPING, STALLED -> true;
			default -> false;
		};
	}

	/** Whether the device is between two stable states (a matching, start, scan, drain or stop runs). */
	public boolean isTransient() {
		return switch (this) {
			case PROBING, STARTING, SCANNING, DRAINING, STOPPING -> true;
			default -> false;
		};
	}
}
