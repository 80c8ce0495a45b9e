package org.hbakit.bridge.engine;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.hbakit.controller.api.BundledSlotOwnership;

/** The framework's record of who owns each bundled slot; transitions are atomic, so a slot changes hands once. */
final class SlotOwnership implements BundledSlotOwnership {
	private final AtomicIntegerArray owner;

	SlotOwnership(int slots) {
		owner = new AtomicIntegerArray(slots);
	}

	@Override
	public boolean isOwnedByController(int slot) {
		return slot >= 0 && slot < owner.length() && owner.get(slot) == 1;
	}

	@Override
	public int slotCount() {
		return owner.length();
	}

	/** Framework → controller; false if the controller already owned it. */
	boolean giveToController(int slot) {
		return owner.compareAndSet(slot, 0, 1);
	}

	/** Controller → framework; false if the controller did not own it (a violation). */
	boolean takeFromController(int slot) {
		return slot >= 0 && slot < owner.length() && owner.compareAndSet(slot, 1, 0);
	}

	/** After the controller stopped, every slot is the framework's again. */
	void reclaimAll() {
		for (int i = 0; i < owner.length(); i++) {
			owner.set(i, 0);
		}
	}
}
