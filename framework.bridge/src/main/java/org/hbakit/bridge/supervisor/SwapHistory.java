package org.hbakit.bridge.supervisor;

import java.util.ArrayDeque;
import java.util.List;

/** The last {@value #KEPT} swaps of one device, oldest first; finished on the supervisor, read from anywhere. */
final class SwapHistory {
	static final int KEPT = 1024;
	private final ArrayDeque<SwapRecord> swaps = new ArrayDeque<>();

	synchronized void add(SwapRecord r) {
		swaps.addLast(r);
		while (swaps.size() > KEPT) {
			swaps.removeFirst();
		}
	}

	synchronized List<SwapRecord> all() {
		return List.copyOf(swaps);
	}
}
