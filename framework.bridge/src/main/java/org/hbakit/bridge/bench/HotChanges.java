package org.hbakit.bridge.bench;

/**
 * The controller changes made during a run (deployments through the deploy folder) and the pause each caused.
 *
 * @param count       changes that succeeded
 * @param failures    changes that failed (a refused jar, a deployment that did not finish in time)
 * @param pauseP50Us  the client-visible pause per change and HBA: p50, p99, max (µs)
 * @param pauseP99Us  p99
 * @param pauseMaxUs  max
 * @param callMaxUs   the longest change call (an upper bound of the pause), µs
 * @param inSwapP99Us p99 of the pauses whose longest gap fell in a swap of their own HBA, µs
 * @param outsideSwap how many pauses had their longest gap outside their HBA's swaps (the process paused
 *                    elsewhere: a garbage collection, the scheduler); 0 when not sorted
 * @param outsideSwapMaxUs the longest of those, µs
 */
public record HotChanges(long count, long failures, double pauseP50Us, double pauseP99Us, double pauseMaxUs,
		double callMaxUs, double inSwapP99Us, long outsideSwap, double outsideSwapMaxUs) {
	/** None made. */
	public static final HotChanges NONE = new HotChanges(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
