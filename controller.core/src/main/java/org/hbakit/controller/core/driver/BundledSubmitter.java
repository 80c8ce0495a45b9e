package org.hbakit.controller.core.driver;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

import org.hbakit.controller.api.BundledParallelTaskCommandBuffer;
import org.hbakit.controller.api.BundledParallelTaskCompletion;
import org.hbakit.controller.api.BundledParallelTaskResponseBuffer;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.simhba.RequestFrame;

/**
 * The bundled path: one {@code UserProcessBundledParallelTasks} call of up to 32 command slots becomes as many
 * request frames and one doorbell. The request TAG is the slot index (command and response slots are 1:1). Called on
 * any number of client threads at once (and on the controller's queue); lock-free: the slots are claimed by
 * CAS, all SQ entries are reserved with one atomic add, frames are read straight from the command buffer memory.
 * A slot that cannot be put on the HBA is completed at once with a delivery failure, inside the call (the IIG
 * allows it); that error path allocates.
 */
final class BundledSubmitter {
	private final SubmissionQueue sq;
	private final ByteBuffer sqMemory;
	private final TaskTable table;
	private final BundledParallelTaskCommandBuffer commandBuffer;
	private final ByteBuffer commands;
	private final BundledParallelTaskResponseBuffer responseBuffer;
	private final long maxTransferSize;
	private final boolean autoSense;
	private final LongAdder rejected;

	BundledSubmitter(HostQueuePair queues, BundledParallelTaskCommandBuffer commandBuffer,
			BundledParallelTaskResponseBuffer responseBuffer, DriverSettings settings, LongAdder rejected) {
		this.sq = queues.sq();
		this.sqMemory = queues.sqMemory();
		this.table = queues.table();
		this.commandBuffer = commandBuffer;
		this.commands = commandBuffer.memory();
		this.responseBuffer = responseBuffer;
		this.maxTransferSize = settings.maxTransferSize();
		this.autoSense = settings.autoSense();
		this.rejected = rejected;
	}

	/** Submits {@code slots[0..count-1]}; the caller checked the arguments and that the controller is running. */
	void submit(int[] slots, int count, BundledParallelTaskCompletion completion) {
		// pass 1: claim the slots that can go to the HBA (count <= 32, so one bit each), so that exactly as many
		// SQ entries are reserved as frames are written, even with duplicate slots in one call
		int claimed = 0;
		for (int i = 0; i < count; i++) {
			if (isSubmittable(slots[i]) && table.claim(slots[i])) {
				claimed |= 1 << i;
			}
		}
		int valid = Integer.bitCount(claimed);
		long seq = valid > 0 ? sq.reserve(valid) : 0;
		for (int i = 0; i < count; i++) {
			if ((claimed & (1 << i)) != 0) {
				writeFrame(slots[i], seq++, completion);
			} else {
				fail(slots[i], completion);
			}
		}
		if (valid > 0) {
			sq.publish();
		}
	}

	/** Whether the arguments of a call are acceptable at all (else nothing is touched). */
	static boolean isValidCall(int[] slots, int count, BundledParallelTaskCompletion completion) {
		return count >= 1 && count <= IOUserSCSIParallelInterfaceController.kMaxBundledParallelTasks
				&& slots != null && count <= slots.length && completion != null;
	}

	/** Whether a slot can be put on the HBA: in range, a sane CDB and length. */
	private boolean isSubmittable(int slot) {
		if (slot < 0 || slot >= commandBuffer.slotCount()) {
			return false;
		}
		int base = slot * SCSIUserParallelTask.SIZE;
		int cdbLength = commands.get(base + SCSIUserParallelTask.COMMAND_SIZE_OFFSET) & 0xFF;
		long length = commands.getLong(base + SCSIUserParallelTask.REQUESTED_TRANSFER_COUNT_OFFSET);
		return cdbLength >= 1 && cdbLength <= SCSIUserParallelTask.MAX_CDB_SIZE && length >= 0
				&& length <= maxTransferSize;
	}

	private void writeFrame(int slot, long seq, BundledParallelTaskCompletion completion) {
		int base = slot * SCSIUserParallelTask.SIZE;
		long target = commands.getLong(base + SCSIUserParallelTask.TARGET_ID_OFFSET);
		long lunRaw = commands.getLong(base + SCSIUserParallelTask.LOGICAL_UNIT_BYTES_OFFSET);
		table.targetIDs[slot] = target;
		table.controllerTaskIDs[slot] = commands.getLong(base + SCSIUserParallelTask.CONTROLLER_TASK_IDENTIFIER_OFFSET);
		table.taskTags[slot] = commands.getLong(base + SCSIUserParallelTask.TASK_TAG_IDENTIFIER_OFFSET);
		table.luns[slot] = Long.reverseBytes(lunRaw);
		table.bundledCompletions[slot] = completion;
		int flags = RequestFrame.flags(commands.get(base + SCSIUserParallelTask.TRANSFER_DIRECTION_OFFSET),
				commands.getInt(base + SCSIUserParallelTask.TASK_ATTRIBUTE_OFFSET));
		RequestFrame.write(sqMemory, sq.offsetOf(seq), slot, flags,
				commands.get(base + SCSIUserParallelTask.COMMAND_SIZE_OFFSET) & 0xFF, (int) target, lunRaw,
				commands.getLong(base + SCSIUserParallelTask.COMMAND_DESCRIPTOR_BLOCK_OFFSET),
				commands.getLong(base + SCSIUserParallelTask.COMMAND_DESCRIPTOR_BLOCK_OFFSET + 8),
				commands.getLong(base + SCSIUserParallelTask.BUFFER_IOVM_ADDR_OFFSET),
				(int) commands.getLong(base + SCSIUserParallelTask.REQUESTED_TRANSFER_COUNT_OFFSET),
				table.senseAddress(slot, autoSense), table.senseLength(autoSense));
		sq.markReady(seq);
	}

	/** Completes a slot the HBA cannot take with a delivery failure (error path; may allocate). */
	void fail(int slot, BundledParallelTaskCompletion completion) {
		rejected.increment();
		if (slot < 0 || slot >= responseBuffer.slotCount() || table.isInFlight(slot)) {
			return; // not a slot we may touch: it is not ours, or it is in flight already
		}
		SCSIUserParallelResponse response = responseBuffer.slot(slot);
		response.clear();
		response.setVersion(SCSIUserParallelResponse.CURRENT_VERSION);
		response.setTargetID(commandBuffer.slot(slot).targetID());
		response.setControllerTaskIdentifier(commandBuffer.slot(slot).controllerTaskIdentifier());
		response.setServiceResponse(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
		response.setCompletionStatus(SCSITaskStatus.DELIVERY_FAILURE);
		completion.bundledParallelTaskCompletion(new int[] { slot }, 1);
	}
}
