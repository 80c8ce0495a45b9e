package org.hbakit.bridge.jmh;

import org.hbakit.bridge.engine.OneTargetController;


import org.hbakit.controller.api.BundledParallelTaskCompletion;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.ParallelTaskCompletion;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.scsi.SCSIOperationCode;

/**
 * A controller that completes every task inside the call that submitted it, touching no data: what is left to
 * measure is the framework's own cost per task (routing, slot ownership, completion checks, the io_done_queue).
 * Answers REPORT LUNS, INQUIRY and READ CAPACITY so the scan finds one LUN.
 */
public final class InlineController extends OneTargetController {
	private final SCSIUserParallelResponse[] parallelResponses = new SCSIUserParallelResponse[256];
	private int next;

	public InlineController(boolean bundled) {
		super(256, bundled);
	}














	@Override
	public int userMapHBAData(int[] uniqueTaskID) {
		parallelResponses[next] = new SCSIUserParallelResponse();
		uniqueTaskID[0] = next++;
		return IOReturn.kIOReturnSuccess;
	}


	@Override
	public int userProcessParallelTask(SCSIUserParallelTask task, int[] response, ParallelTaskCompletion completion) {
		SCSIUserParallelResponse r = parallelResponses[(int) task.controllerTaskIdentifier()];
		answer(task, r);
		response[0] = SCSIServiceResponse.REQUEST_IN_PROCESS;
		completion.parallelTaskCompletion(r);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public void userProcessBundledParallelTasks(int[] slots, int count, BundledParallelTaskCompletion completion) {
		for (int i = 0; i < count; i++) {
			answer(commands.slot(slots[i]), responses.slot(slots[i]));
		}
		completion.bundledParallelTaskCompletion(slots, count);
	}

	private void answer(SCSIUserParallelTask task, SCSIUserParallelResponse r) {
		r.setVersion(SCSIUserParallelResponse.CURRENT_VERSION).setControllerTaskIdentifier(task.controllerTaskIdentifier())
				.setServiceResponse(SCSIServiceResponse.TASK_COMPLETE).setCompletionStatus(SCSITaskStatus.GOOD)
				.setBytesTransferred(task.requestedTransferCount());
		int op = task.cdbByte(0);
		if (op == SCSIOperationCode.READ_16 || op == SCSIOperationCode.WRITE_16) {
			return;
		}
		java.nio.ByteBuffer[] data = new java.nio.ByteBuffer[1];
		family.userGetDataBuffer(task.targetID(), task.controllerTaskIdentifier(), data);
		if (op == SCSIOperationCode.REPORT_LUNS) {
			data[0].putInt(0, 8).putLong(8, 0);
		} else if (op == SCSIOperationCode.INQUIRY) {
			for (int i = 0; i < 36; i++) {
				data[0].put(i, (byte) (i < 8 ? 0 : ' '));
			}
			data[0].put(4, (byte) 31);
		} else if (op == SCSIOperationCode.SERVICE_ACTION_IN_16) {
			data[0].putLong(0, (1L << 21) - 1).putInt(8, 512);
		}
	}







}
