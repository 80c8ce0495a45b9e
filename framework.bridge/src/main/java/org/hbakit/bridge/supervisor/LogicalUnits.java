package org.hbakit.bridge.supervisor;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;

import org.hbakit.bridge.engine.Admission;
import org.hbakit.bridge.engine.LogicalUnit;
import org.hbakit.bridge.engine.LunScanner;

/**
 * The logical units published for one device, changed only on its supervisor's thread: a scan's result is
 * reconciled (same address kept, updated in place; the rest added or withdrawn), and the listener told.
 */
final class LogicalUnits {
	private final Admission admission;
	private final String location;
	private final Executor delivery;
	private final DeviceListener listener;
	private final Map<String, LogicalUnit> units = new ConcurrentSkipListMap<>();

	LogicalUnits(Admission admission, String location, Executor delivery, DeviceListener listener) {
		this.admission = admission;
		this.location = location;
		this.delivery = delivery;
		this.listener = listener;
	}

	Collection<LogicalUnit> all() {
		return List.copyOf(units.values());
	}

	boolean isEmpty() {
		return units.isEmpty();
	}

	int size() {
		return units.size();
	}

	/** Makes the published units those {@code found}. */
	void reconcile(List<LunScanner.Found> found) {
		Map<String, LunScanner.Found> byKey = new TreeMap<>();
		for (LunScanner.Found f : found) {
			byKey.put(LogicalUnit.key(f.targetID(), f.lun()), f);
		}
		for (LogicalUnit u : List.copyOf(units.values())) {
			if (!byKey.containsKey(u.key())) {
				withdraw(u);
			}
		}
		for (LunScanner.Found f : byKey.values()) {
			LogicalUnit existing = units.get(LogicalUnit.key(f.targetID(), f.lun()));
			if (existing == null) {
				LogicalUnit u = new LogicalUnit(admission, location, f, delivery);
				units.put(u.key(), u);
				listener.logicalUnitAdded(u);
			} else if (existing.update(f)) {
				listener.logicalUnitChanged(existing);
			}
		}
	}

	/** Withdraws every unit (a device without a driver offers none). */
	void withdrawAll() {
		for (LogicalUnit u : List.copyOf(units.values())) {
			withdraw(u);
		}
	}

	private void withdraw(LogicalUnit u) {
		units.remove(u.key());
		u.detach();
		listener.logicalUnitRemoved(u);
	}
}
