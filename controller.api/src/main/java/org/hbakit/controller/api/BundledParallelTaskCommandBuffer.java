package org.hbakit.controller.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The command half of the bundled path's shared memory (DriverKit's {@code parallelCommandIOMemoryDescriptor}):
 * one contiguous buffer of {@code slotCount} {@link SCSIUserParallelTask} slots, 128 bytes each, slot N at
 * offset N × 128.
 * <p>
 * The framework allocates it, sized by {@code UserReportMaximumTaskCount}, and passes it to
 * {@code UserMapBundledParallelTaskCommandAndResponseBuffers} before {@code UserStartController}. The views
 * returned by {@link #slot(int)} are made once and reused, so reading a slot allocates nothing; each view
 * belongs to whoever owns the slot ({@link #ownership()}).
 */
public final class BundledParallelTaskCommandBuffer {
	private final ByteBuffer memory;
	private final SCSIUserParallelTask[] slots;
	private final BundledSlotOwnership ownership;

	/**
	 * Called by the framework.
	 *
	 * @param memory    at least {@code slotCount × 128} bytes, normally direct
	 * @param slotCount number of slots, 1..65535 (slot indices are uint16)
	 * @param ownership the framework's record of who owns each slot
	 */
	public BundledParallelTaskCommandBuffer(ByteBuffer memory, int slotCount, BundledSlotOwnership ownership) {
		this.memory = SlotMemory.view(memory, slotCount, SCSIUserParallelTask.SIZE, "task");
		this.ownership = ownership;
		this.slots = new SCSIUserParallelTask[slotCount];
		for (int i = 0; i < slotCount; i++) {
			slots[i] = new SCSIUserParallelTask(this.memory, i * SCSIUserParallelTask.SIZE);
		}
	}

	/** The task in {@code slot}; the same view object every time. */
	public SCSIUserParallelTask slot(int slot) {
		return slots[slot];
	}

	/** Number of slots. */
	public int slotCount() {
		return slots.length;
	}

	/** The whole shared memory (a duplicate: position and limit are the caller's). */
	public ByteBuffer memory() {
		return memory.duplicate().order(ByteOrder.LITTLE_ENDIAN);
	}

	/** Who owns each slot. */
	public BundledSlotOwnership ownership() {
		return ownership;
	}
}
