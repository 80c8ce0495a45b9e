package org.hbakit.controller.core.driver;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.ParallelTaskCompletion;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.simhba.RequestFrame;

/**
 * The parallel path: one {@code UserProcessParallelTask} call puts one request frame on the SQ. The request TAG is
 * the controller task id − 1 ({@code UserMapHBAData} handed out 1..N). Called on any number of client threads at
 * once (and on the controller's queue); lock-free and allocation-free: a CAS claims the TAG, the frame goes to
 * an entry reserved in the {@link SubmissionQueue}, and the doorbell is combined.
 */
final class ParallelSubmitter {
	private final SubmissionQueue sq;
	private final ByteBuffer sqMemory;
	private final TaskTable table;
	private final int mappedTasks;
	private final long maxTransferSize;
	private final boolean autoSense;
	private final LongAdder rejected;

	ParallelSubmitter(HostQueuePair queues, int mappedTasks, DriverSettings settings, LongAdder rejected) {
		this.sq = queues.sq();
		this.sqMemory = queues.sqMemory();
		this.table = queues.table();
		this.mappedTasks = mappedTasks;
		this.maxTransferSize = settings.maxTransferSize();
		this.autoSense = settings.autoSense();
		this.rejected = rejected;
	}

	/**
	 * Submits one task. Returns {@code kIOReturnSuccess} with {@code REQUEST_IN_PROCESS}; or, for an unknown id, a
	 * TAG already in flight, a CDB length outside 1..16 or a transfer above the maximum,
	 * {@code SERVICE_DELIVERY_OR_TARGET_FAILURE} with {@code kIOReturnBadArgument} (the completion is never called).
	 */
	int submit(SCSIUserParallelTask task, int[] response, ParallelTaskCompletion completion) {
		long id = task.controllerTaskIdentifier();
		int tag = (int) (id - 1);
		long length = task.requestedTransferCount();
		int cdbLength = task.commandSize();
		if (id < 1 || id > mappedTasks || completion == null || cdbLength < 1
				|| cdbLength > SCSIUserParallelTask.MAX_CDB_SIZE || length < 0 || length > maxTransferSize
				|| !table.claim(tag)) {
			rejected.increment();
			response[0] = SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE;
			return IOReturn.kIOReturnBadArgument;
		}
		long target = task.targetID();
		long lun = task.logicalUnitBytes();
		table.targetIDs[tag] = target;
		table.controllerTaskIDs[tag] = id;
		table.taskTags[tag] = task.taskTagIdentifier();
		table.luns[tag] = lun;
		table.parallelCompletions[tag] = completion;
		byte[] cdb = table.cdbScratch(tag);
		task.commandDescriptorBlock(cdb);
		long seq = sq.reserve(1);
		RequestFrame.write(sqMemory, sq.offsetOf(seq), tag,
				RequestFrame.flags(task.transferDirection(), task.taskAttribute()), cdbLength, (int) target,
				Long.reverseBytes(lun), (long) TaskTable.CDB_LONG.get(cdb, 0), (long) TaskTable.CDB_LONG.get(cdb, 8),
				task.bufferIOVMAddr(), (int) length, table.senseAddress(tag, autoSense), table.senseLength(autoSense));
		sq.markReady(seq);
		response[0] = SCSIServiceResponse.REQUEST_IN_PROCESS;
		sq.publish();
		return IOReturn.kIOReturnSuccess;
	}
}
