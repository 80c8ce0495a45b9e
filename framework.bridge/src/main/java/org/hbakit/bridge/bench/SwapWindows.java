package org.hbakit.bridge.bench;

import java.util.List;
import java.util.function.Supplier;

import org.hbakit.controller.api.registry.SwapInfo;

/**
 * Whether a client's gap on an HBA fell in one of that HBA's own swaps (gate closed to gate open), from the
 * registry's swap history: what tells a deployment's pause caused by moving the HBA from one the whole process
 * had meanwhile (a garbage collection, the scheduler). Called on the change thread, once per measured pause.
 */
@FunctionalInterface
interface SwapWindows {
	/** The swap history keeps its end in milliseconds: a window is widened by this much on either side. */
	double CLOCK_SLACK_MS = 1.0;

	/** Whether the gap from {@code fromEpochMs} to {@code toEpochMs} overlaps a swap of {@code hbaLocation}. */
	boolean overlaps(String hbaLocation, double fromEpochMs, double toEpochMs);

	/** The swaps {@code history} lists (the registry's {@code swaps()}). */
	static SwapWindows of(Supplier<List<SwapInfo>> history) {
		return (hba, from, to) -> {
			for (SwapInfo s : history.get()) {
				double end = s.endedAtMillis() + CLOCK_SLACK_MS;
				double start = s.endedAtMillis() - s.pauseNanos() / 1e6 - CLOCK_SLACK_MS;
				if (s.location().equals(hba) && from < end && to > start) {
					return true;
				}
			}
			return false;
		};
	}
}
