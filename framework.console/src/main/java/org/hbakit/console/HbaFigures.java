package org.hbakit.console;

/**
 * One HBA's figures over one sampling period of the {@link LiveSampler}: rates from the differences of the
 * registry's running totals, latency percentiles of the registry's last closed interval (0 until the bridge
 * measures them).
 *
 * @param name            the HBA's short name
 * @param location        the device
 * @param iops            requests completed per second over the period
 * @param failedPerSecond of those, the ones that did not end GOOD, per second
 * @param bytesPerSecond  data moved per second
 * @param inFlight        tasks in the controller's hands at the sample
 * @param held            requests held at the sample
 * @param completed       the running total of completed requests at the sample
 * @param intervalCount   requests in the registry's last latency interval
 * @param p50Nanos        its median latency
 * @param p99Nanos        its 99th percentile
 * @param p999Nanos       its 99.9th percentile
 * @param maxNanos        its largest latency
 */
public record HbaFigures(String name, String location, double iops, double failedPerSecond, double bytesPerSecond,
		int inFlight, int held, long completed, long intervalCount, long p50Nanos, long p99Nanos, long p999Nanos,
		long maxNanos) {
}
