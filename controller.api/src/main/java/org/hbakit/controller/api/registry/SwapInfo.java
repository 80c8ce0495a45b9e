package org.hbakit.controller.api.registry;

/**
 * One controller replacement on one device (a hot swap), as the framework recorded it. The pause is what clients
 * saw: from the gate closing (new requests held) to it opening on the new controller.
 *
 * @param hbaName        the HBA's short name
 * @param location       the device
 * @param endedAtMillis  when the swap ended (milliseconds since the epoch)
 * @param reason         why it happened (operator rematch, bundle updated, newer version, controller gone…)
 * @param from           {@code bundle/version/personality} of the controller replaced, or {@code -}
 * @param to             {@code bundle/version/personality} of the controller that took over, or {@code -} if none
 *                       could start
 * @param succeeded      whether a controller took the device
 * @param held           requests held when the gate closed
 * @param drained        tasks that completed normally during the drain
 * @param requeued       tasks taken back from the stopped controller and re-issued on the new one
 * @param pauseNanos     gate closed to gate open
 * @param drainNanos     part of the pause spent draining in-flight tasks
 * @param stopNanos      part spent stopping the old controller
 * @param startNanos     part spent in the new controller's start sequence
 * @param scanNanos      part spent scanning targets and logical units
 */
public record SwapInfo(String hbaName, String location, long endedAtMillis, String reason, String from, String to,
		boolean succeeded, int held, long drained, long requeued, long pauseNanos, long drainNanos, long stopNanos,
		long startNanos, long scanNanos) {
}
