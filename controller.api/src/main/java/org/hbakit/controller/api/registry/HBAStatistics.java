package org.hbakit.controller.api.registry;

/**
 * I/O figures of one HBA: running totals since the device appeared (they survive swaps), and the latency of the
 * requests that completed in the last closed interval (about one second; a request's latency runs from its
 * submission to its completion, held time included).
 *
 * @param hbaName          the HBA's short name
 * @param location         the device
 * @param completed        client requests completed (good or not)
 * @param failed           of those, the ones that did not end with GOOD status
 * @param bytesTransferred data moved by the completed requests
 * @param inFlight         tasks in the controller's hands now
 * @param held             requests waiting for a controller or a free task now
 * @param intervalMillis   length of the last closed latency interval (0 before the first closed)
 * @param intervalCount    requests that completed in it
 * @param p50Nanos         its median latency
 * @param p99Nanos         its 99th percentile latency
 * @param p999Nanos        its 99.9th percentile latency
 * @param maxNanos         its largest latency
 */
public record HBAStatistics(String hbaName, String location, long completed, long failed, long bytesTransferred,
		int inFlight, int held, long intervalMillis, long intervalCount, long p50Nanos, long p99Nanos,
		long p999Nanos, long maxNanos) {
}
