package org.hbakit.controller.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The response half of the bundled path's shared memory (DriverKit's {@code parallelResponseIOMemoryDescriptor}):
 * {@code slotCount} {@link SCSIUserParallelResponse} slots, 384 bytes each, slot N at offset N × 384. Response
 * slot N belongs to command slot N: a controller completing the command in slot 12 fills response slot 12.
 * Same allocation, lifetime and ownership rules as {@link BundledParallelTaskCommandBuffer}.
 */
public final class BundledParallelTaskResponseBuffer {
	private final ByteBuffer memory;
	private final SCSIUserParallelResponse[] slots;
	private final BundledSlotOwnership ownership;

	/**
	 * Called by the framework.
	 *
	 * @param memory    at least {@code slotCount × 384} bytes, normally direct
	 * @param slotCount number of slots, 1..65535
	 * @param ownership the framework's record of who owns each slot (shared with the command buffer)
	 */
	public BundledParallelTaskResponseBuffer(ByteBuffer memory, int slotCount, BundledSlotOwnership ownership) {
		this.memory = SlotMemory.view(memory, slotCount, SCSIUserParallelResponse.SIZE, "response");
		this.ownership = ownership;
		this.slots = new SCSIUserParallelResponse[slotCount];
		for (int i = 0; i < slotCount; i++) {
			slots[i] = new SCSIUserParallelResponse(this.memory, i * SCSIUserParallelResponse.SIZE);
		}
	}

	/** The response in {@code slot}; the same view object every time. */
	public SCSIUserParallelResponse slot(int slot) {
		return slots[slot];
	}

	/** Number of slots. */
	public int slotCount() {
		return slots.length;
	}

	/** The whole shared memory (a duplicate). */
	public ByteBuffer memory() {
		return memory.duplicate().order(ByteOrder.LITTLE_ENDIAN);
	}

	/** Who owns each slot. */
	public BundledSlotOwnership ownership() {
		return ownership;
	}
}
