package org.hbakit.hba.sim.pci;

/**
 * Counters of one simulated HBA since it was made, as {@link SimulatedPciHba#statistics()} snapshots them.
 *
 * @param requests     request frames fetched from the SQ
 * @param completions  completion entries posted to the CQ (aborted ones included)
 * @param aborted      requests completed as aborted ({@code ABORT} or a task management function)
 * @param steps        steps of long commands run after their first (each at most 1 MiB of medium work)
 * @param interrupts   raises of the completion vector
 */
public record HbaStatistics(long requests, long completions, long aborted, long steps, long interrupts) {
}
