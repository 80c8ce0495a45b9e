package org.hbakit.bridge.supervisor;

import org.hbakit.bridge.engine.LogicalUnit;

/**
 * Told by a device's supervisor, on its thread, about logical units appearing, changing and disappearing, and
 * about swaps. Must not block for long: the supervisor waits for it.
 */
public interface DeviceListener {
	void logicalUnitAdded(LogicalUnit unit);

	void logicalUnitChanged(LogicalUnit unit);

	void logicalUnitRemoved(LogicalUnit unit);

	default void swapped(SwapRecord record) {
	}

	/** A listener that ignores everything. */
	DeviceListener NONE = new DeviceListener() {
		@Override
		public void logicalUnitAdded(LogicalUnit unit) {
		}

		@Override
		public void logicalUnitChanged(LogicalUnit unit) {
		}

		@Override
		public void logicalUnitRemoved(LogicalUnit unit) {
		}
	};
}
