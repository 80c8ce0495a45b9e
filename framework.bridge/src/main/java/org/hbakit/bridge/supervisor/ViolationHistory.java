package org.hbakit.bridge.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.hbakit.bridge.engine.ControllerBinding;
import org.hbakit.controller.api.registry.ViolationKind;

/**
 * The violations every controller made on one device since it appeared, counted per bundle version and kind: they
 * outlive the binding (a completion after {@code Stop} is counted once the binding ended). Recorded on any thread;
 * violations are rare, so a map and a count per entry is enough.
 */
final class ViolationHistory {
	/** One bundle version's count of one kind. */
	record Entry(String bundleSymbolicName, String bundleVersion, ViolationKind kind, long count, String lastMessage) {
	}

	private record Key(String bundleSymbolicName, String bundleVersion, ViolationKind kind) {
	}

	private static final class Count {
		final AtomicLong count = new AtomicLong();
		volatile String last = "";
	}

	private final Map<Key, Count> counts = new ConcurrentHashMap<>();

	void record(ControllerBinding.Identity identity, ViolationKind kind, String message) {
		Count c = counts.computeIfAbsent(new Key(identity.bundleSymbolicName(), identity.bundleVersion(), kind),
				k -> new Count());
		c.last = message;
		c.count.incrementAndGet();
	}

	List<Entry> all() {
		List<Entry> out = new ArrayList<>();
		counts.forEach((k, c) -> out.add(new Entry(k.bundleSymbolicName(), k.bundleVersion(), k.kind(), c.count.get(),
				c.last)));
		return out;
	}
}
