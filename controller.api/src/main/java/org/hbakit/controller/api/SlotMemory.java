package org.hbakit.controller.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The checks and the little-endian view both bundled buffers make of their shared memory. */
final class SlotMemory {
	private SlotMemory() {
	}

	/**
	 * @return a little-endian duplicate of {@code memory}
	 * @throws IllegalArgumentException if the slot count is not 1..65535 or the memory is too small
	 */
	static ByteBuffer view(ByteBuffer memory, int slotCount, int slotSize, String what) {
		if (slotCount < 1 || slotCount > 0xFFFF) {
			throw new IllegalArgumentException("slot count " + slotCount + " not in 1..65535");
		}
		if (memory.capacity() < slotCount * slotSize) {
			throw new IllegalArgumentException("memory of " + memory.capacity() + " bytes holds fewer than "
					+ slotCount + " " + what + " slots");
		}
		return memory.duplicate().order(ByteOrder.LITTLE_ENDIAN);
	}
}
