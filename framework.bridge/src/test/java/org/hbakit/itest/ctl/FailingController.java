package org.hbakit.itest.ctl;

import org.hbakit.controller.api.BundledParallelTaskCommandBuffer;
import org.hbakit.controller.api.BundledParallelTaskCompletion;
import org.hbakit.controller.api.BundledParallelTaskResponseBuffer;
import org.hbakit.controller.api.DMASpecification;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOSCSIParallelFamily;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.ParallelTaskCompletion;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.pci.IOPCIDevice;

/**
 * A controller build that matches the simulated HBA with a high score but fails {@code UserInitializeController}:
 * packaged at test time into its own bundle ({@link TestBundles#failingController}).
 */
public class FailingController implements IOUserSCSIParallelInterfaceController {
	/** Its IOUserClass. */
	public static final String IO_USER_CLASS = "HBAKitFailingController";

	@Override
	public int start(IOPCIDevice provider, IOSCSIParallelFamily family) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int stop() {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userInitializeController() {
		return IOReturn.kIOReturnNoResources;
	}

	@Override
	public int userStartController() {
		return IOReturn.kIOReturnError;
	}

	@Override
	public int userReportInitiatorIdentifier(long[] id) {
		return IOReturn.kIOReturnError;
	}

	@Override
	public int userReportHighestSupportedDeviceID(long[] id) {
		return IOReturn.kIOReturnError;
	}

	@Override
	public int userReportMaximumTaskCount(int[] count) {
		return IOReturn.kIOReturnError;
	}

	@Override
	public int userDoesHBAPerformDeviceManagement(boolean[] result) {
		return IOReturn.kIOReturnError;
	}

	@Override
	public int userReportHBAHighestLogicalUnitNumber(long[] value) {
		return IOReturn.kIOReturnError;
	}

	@Override
	public int userDoesHBAPerformAutoSense(boolean[] result) {
		return IOReturn.kIOReturnError;
	}

	@Override
	public int userDoesHBASupportMultiPathing(boolean[] result) {
		return IOReturn.kIOReturnError;
	}

	@Override
	public int userDoesHBASupportSCSIParallelFeature(int feature, boolean[] result) {
		return IOReturn.kIOReturnError;
	}

	@Override
	public int userGetDMASpecification(DMASpecification specification) {
		return IOReturn.kIOReturnError;
	}

	@Override
	public int userMapHBAData(int[] uniqueTaskID) {
		return IOReturn.kIOReturnError;
	}

	@Override
	public int userMapBundledParallelTaskCommandAndResponseBuffers(BundledParallelTaskCommandBuffer commands,
			BundledParallelTaskResponseBuffer responses) {
		return IOReturn.kIOReturnUnsupported;
	}

	@Override
	public int userProcessParallelTask(SCSIUserParallelTask parallelRequest, int[] response,
			ParallelTaskCompletion completion) {
		return IOReturn.kIOReturnError;
	}

	@Override
	public void userProcessBundledParallelTasks(int[] slots, int count, BundledParallelTaskCompletion completion) {
		throw new IllegalStateException("never started");
	}

	@Override
	public int userInitializeTargetForID(long targetID) {
		return IOReturn.kIOReturnError;
	}

	@Override
	public int userAbortTaskRequest(long theT, long theL, long theQ, int[] response) {
		return IOReturn.kIOReturnError;
	}

	@Override
	public int userAbortTaskSetRequest(long theT, long theL, int[] response) {
		return IOReturn.kIOReturnError;
	}

	@Override
	public int userClearACARequest(long theT, long theL, int[] response) {
		return IOReturn.kIOReturnError;
	}

	@Override
	public int userClearTaskSetRequest(long theT, long theL, int[] response) {
		return IOReturn.kIOReturnError;
	}

	@Override
	public int userLogicalUnitResetRequest(long theT, long theL, int[] response) {
		return IOReturn.kIOReturnError;
	}

	@Override
	public int userTargetResetRequest(long theT, int[] response) {
		return IOReturn.kIOReturnError;
	}
}
