package org.hbakit.bridge.engine;

import java.nio.ByteBuffer;

import org.hbakit.controller.api.BundledParallelTaskCommandBuffer;
import org.hbakit.controller.api.BundledParallelTaskResponseBuffer;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.pci.IODMACommand;

/**
 * The tasks of one binding, built once at start from the ids {@code UserMapHBAData} returned: the tasks, the index
 * by controller task id, the lock-free free list, and on the bundled path the shared buffers with their slot
 * ownership. Read-only after construction except for the tasks' own state; built in one pass (one allocation for
 * all task views and one for all sense buffers), since a start is on the swap pause's critical path.
 */
final class TaskTable {
	final Task[] tasks;
	final TaskIndex index;
	final TaskFreeList free;
	/** Non-null on the bundled path. */
	final SlotOwnership ownership;
	final BundledParallelTaskCommandBuffer commands;
	final BundledParallelTaskResponseBuffer responses;

	/**
	 * @param ids      the controller's task ids, one per task
	 * @param dma      one DMA command per task
	 * @param commands the bundled command buffer the controller accepted, or null for the parallel path
	 * @throws IllegalArgumentException if an id repeats
	 */
	TaskTable(long[] ids, IODMACommand[] dma, SlotOwnership ownership, BundledParallelTaskCommandBuffer commands,
			BundledParallelTaskResponseBuffer responses) {
		int n = ids.length;
		tasks = new Task[n];
		ByteBuffer views = commands == null ? ByteBuffer.allocateDirect(n * SCSIUserParallelTask.SIZE) : null;
		ByteBuffer senses = ByteBuffer.allocateDirect(n * Task.SENSE_ALLOCATION);
		for (int slot = 0; slot < n; slot++) {
			SCSIUserParallelTask view = commands != null ? commands.slot(slot)
					: new SCSIUserParallelTask(views, slot * SCSIUserParallelTask.SIZE);
			tasks[slot] = new Task(slot, ids[slot], view, dma[slot],
					senses.slice(slot * Task.SENSE_ALLOCATION, Task.SENSE_ALLOCATION));
		}
		index = new TaskIndex(tasks);
		free = new TaskFreeList(tasks);
		this.ownership = ownership;
		this.commands = commands;
		this.responses = responses;
	}

	boolean bundled() {
		return commands != null;
	}

	int size() {
		return tasks.length;
	}
}
