package org.hbakit.controller.core.driver;

/**
 * Counters of one controller instance, as {@link SimulatedHBADriver#statistics()} snapshots them.
 *
 * @param submitted    requests handed to the HBA through the doorbell
 * @param completed    tasks completed to the framework
 * @param doorbells    {@code SQ_TAIL} writes
 * @param interrupts   interrupt handler calls
 * @param unexpected   completion entries whose TAG was not in flight (dropped)
 * @param rejected     tasks refused at submission
 * @param inFlight     requests in flight now
 */
public record DriverStatistics(long submitted, long completed, long doorbells, long interrupts, long unexpected,
		long rejected, int inFlight) {
}
