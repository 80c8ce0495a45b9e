package org.hbakit.controller.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

/**
 * Pins the bundled path's shared memory: command slot N at N × 128 and response slot N at N × 384 of one
 * buffer, one distinct reusable view per slot, and the uint16 slot-count limits.
 */
class BundledBufferLayoutTest {
	private static final int SLOTS = 8;

	private static BundledSlotOwnership ownership(int count) {
		return new BundledSlotOwnership() {
			@Override
			public boolean isOwnedByController(int slot) {
				return false;
			}

			@Override
			public int slotCount() {
				return count;
			}
		};
	}

	@Test
	void commandSlotNIsAtNTimes128WithDistinctViews() {
		ByteBuffer memory = ByteBuffer.allocateDirect(SLOTS * 128);
		BundledSlotOwnership owner = ownership(SLOTS);
		BundledParallelTaskCommandBuffer commands = new BundledParallelTaskCommandBuffer(memory, SLOTS, owner);
		assertEquals(SLOTS, commands.slotCount());
		assertSame(owner, commands.ownership());
		for (int n = 0; n < SLOTS; n++) {
			SCSIUserParallelTask slot = commands.slot(n);
			assertEquals(n * 128, slot.offset());
			assertSame(slot, commands.slot(n), "one view per slot, reused");
			if (n > 0) {
				assertNotSame(commands.slot(n - 1), slot);
			}
			slot.setControllerTaskIdentifier(0x100 + n).setTimeoutInMilliSec(0xA0 + n);
		}
		for (int n = 0; n < SLOTS; n++) {
			int at = n * 128;
			assertEquals(0x100 + n, memory.order(ByteOrder.LITTLE_ENDIAN).getLong(at + 48), "slot " + n + " id");
			assertEquals((byte) (n), memory.get(at + 48), "low byte first");
			assertEquals(1, memory.get(at + 49));
			assertEquals((byte) (0xA0 + n), memory.get(at + 116), "slot " + n + " timeout");
			assertEquals(0x100 + n, commands.slot(n).controllerTaskIdentifier(), "writes to other slots do not leak");
		}
		assertEquals(0x103, commands.memory().getLong(3 * 128 + 48), "memory() shares content, little-endian");
		assertThrows(IndexOutOfBoundsException.class, () -> commands.slot(SLOTS));
	}

	@Test
	void responseSlotNIsAtNTimes384WithDistinctViews() {
		ByteBuffer memory = ByteBuffer.allocateDirect(SLOTS * 384);
		BundledParallelTaskResponseBuffer responses = new BundledParallelTaskResponseBuffer(memory, SLOTS,
				ownership(SLOTS));
		for (int n = 0; n < SLOTS; n++) {
			SCSIUserParallelResponse slot = responses.slot(n);
			assertEquals(n * 384, slot.offset());
			assertSame(slot, responses.slot(n));
			slot.setControllerTaskIdentifier(0x200 + n).setSense(new byte[] { (byte) (0x70 + n) }, 1);
		}
		for (int n = 0; n < SLOTS; n++) {
			int at = n * 384;
			assertEquals((byte) n, memory.get(at + 48));
			assertEquals(2, memory.get(at + 49));
			assertEquals(1, memory.get(at + 72), "slot " + n + " sense length");
			assertEquals((byte) (0x70 + n), memory.get(at + 73), "slot " + n + " sense byte");
		}
		assertNotSame(responses.slot(0), responses.slot(1));
		assertEquals(0x205, responses.memory().getLong(5 * 384 + 48));
		assertEquals(SLOTS, responses.slotCount());
	}

	@Test
	void slotCountMustBeAUint16AboveZero() {
		assertThrows(IllegalArgumentException.class,
				() -> new BundledParallelTaskCommandBuffer(ByteBuffer.allocate(128), 0, ownership(0)));
		assertThrows(IllegalArgumentException.class,
				() -> new BundledParallelTaskCommandBuffer(ByteBuffer.allocate(65536 * 128), 65536, ownership(65536)));
		assertThrows(IllegalArgumentException.class,
				() -> new BundledParallelTaskResponseBuffer(ByteBuffer.allocate(384), 0, ownership(0)));
		assertThrows(IllegalArgumentException.class,
				() -> new BundledParallelTaskResponseBuffer(ByteBuffer.allocate(65536 * 384), 65536, ownership(65536)));

		BundledParallelTaskCommandBuffer largest = new BundledParallelTaskCommandBuffer(
				ByteBuffer.allocate(65535 * 128), 65535, ownership(65535));
		assertEquals(65535, largest.slotCount());
		assertEquals(65534 * 128, largest.slot(65534).offset());
		BundledParallelTaskResponseBuffer one = new BundledParallelTaskResponseBuffer(ByteBuffer.allocate(384), 1,
				ownership(1));
		assertEquals(0, one.slot(0).offset());
	}

	@Test
	void memoryTooSmallForTheSlotsIsRejected() {
		assertThrows(IllegalArgumentException.class,
				() -> new BundledParallelTaskCommandBuffer(ByteBuffer.allocateDirect(4 * 128 - 1), 4, ownership(4)));
		assertThrows(IllegalArgumentException.class,
				() -> new BundledParallelTaskResponseBuffer(ByteBuffer.allocateDirect(4 * 384 - 1), 4, ownership(4)));
		assertTrue(new BundledParallelTaskCommandBuffer(ByteBuffer.allocateDirect(4 * 128), 4, ownership(4))
				.slotCount() == 4);
	}

	@Test
	void maxBundledParallelTasksIs32() {
		assertEquals(32, IOUserSCSIParallelInterfaceController.kMaxBundledParallelTasks);
	}
}
