package org.hbakit.bridge.jmh;

import java.util.Map;

import org.hbakit.controller.api.BundledParallelTaskCommandBuffer;
import org.hbakit.controller.api.BundledParallelTaskCompletion;
import org.hbakit.controller.api.BundledParallelTaskResponseBuffer;
import org.hbakit.controller.api.DMASpecification;
import org.hbakit.controller.api.HBAConstraints;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOSCSIParallelFamily;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.ParallelTaskCompletion;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.scsi.SCSIOperationCode;

/**
 * A controller that completes every task inside the call that submitted it, touching no data: what is left to
 * measure is the framework's own cost per task (routing, slot ownership, completion checks, the io_done_queue).
 * Answers REPORT LUNS, INQUIRY and READ CAPACITY so the scan finds one LUN.
 */
public final class InlineController implements IOUserSCSIParallelInterfaceController {
	private final boolean bundled;
	private final SCSIUserParallelResponse[] responses = new SCSIUserParallelResponse[256];
	private IOSCSIParallelFamily family;
	private BundledParallelTaskCommandBuffer commands;
	private BundledParallelTaskResponseBuffer bundledResponses;
	private int next;

	public InlineController(boolean bundled) {
		this.bundled = bundled;
	}

	@Override
	public int start(IOPCIDevice provider, IOSCSIParallelFamily family) {
		this.family = family;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int stop() {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userInitializeController() {
		return family.userReportHBAConstraints(Map.of(HBAConstraints.kIOMaximumSegmentCountReadKey, 1,
				HBAConstraints.kIOMaximumSegmentCountWriteKey, 1, HBAConstraints.kIOMaximumSegmentByteCountReadKey,
				1 << 20, HBAConstraints.kIOMaximumSegmentByteCountWriteKey, 1 << 20,
				HBAConstraints.kIOMinimumSegmentAlignmentByteCountKey, 4,
				HBAConstraints.kIOMaximumSegmentAddressableBitCountKey, 64,
				HBAConstraints.kIOMinimumHBADataAlignmentMaskKey, -4L));
	}

	@Override
	public int userStartController() {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userReportInitiatorIdentifier(long[] id) {
		id[0] = 7;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userReportHighestSupportedDeviceID(long[] id) {
		id[0] = 0;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userReportMaximumTaskCount(int[] count) {
		count[0] = 256;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userDoesHBAPerformDeviceManagement(boolean[] result) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userReportHBAHighestLogicalUnitNumber(long[] value) {
		value[0] = 0;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userDoesHBAPerformAutoSense(boolean[] result) {
		result[0] = true;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userDoesHBASupportMultiPathing(boolean[] result) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userDoesHBASupportSCSIParallelFeature(int feature, boolean[] result) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userGetDMASpecification(DMASpecification specification) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userMapHBAData(int[] uniqueTaskID) {
		responses[next] = new SCSIUserParallelResponse();
		uniqueTaskID[0] = next++;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userMapBundledParallelTaskCommandAndResponseBuffers(BundledParallelTaskCommandBuffer commands,
			BundledParallelTaskResponseBuffer responses) {
		if (!bundled) {
			return IOReturn.kIOReturnUnsupported;
		}
		this.commands = commands;
		this.bundledResponses = responses;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userProcessParallelTask(SCSIUserParallelTask task, int[] response, ParallelTaskCompletion completion) {
		SCSIUserParallelResponse r = responses[(int) task.controllerTaskIdentifier()];
		answer(task, r);
		response[0] = SCSIServiceResponse.REQUEST_IN_PROCESS;
		completion.parallelTaskCompletion(r);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public void userProcessBundledParallelTasks(int[] slots, int count, BundledParallelTaskCompletion completion) {
		for (int i = 0; i < count; i++) {
			answer(commands.slot(slots[i]), bundledResponses.slot(slots[i]));
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

	@Override
	public int userInitializeTargetForID(long targetID) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userAbortTaskRequest(long theT, long theL, long theQ, int[] response) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userAbortTaskSetRequest(long theT, long theL, int[] response) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userClearACARequest(long theT, long theL, int[] response) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userClearTaskSetRequest(long theT, long theL, int[] response) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userLogicalUnitResetRequest(long theT, long theL, int[] response) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userTargetResetRequest(long theT, int[] response) {
		return IOReturn.kIOReturnSuccess;
	}
}
