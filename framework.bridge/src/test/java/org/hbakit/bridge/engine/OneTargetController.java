package org.hbakit.bridge.engine;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.hbakit.controller.api.BundledParallelTaskCommandBuffer;
import org.hbakit.controller.api.BundledParallelTaskResponseBuffer;
import org.hbakit.controller.api.DMASpecification;
import org.hbakit.controller.api.HBAConstraints;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOSCSIParallelFamily;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.pci.IOPCIDevice;

/**
 * What the engine's test controllers share: one target (id 0, initiator 7), LUN 0, autosense, the seven HBA
 * constraints, the bundled buffers kept when {@code bundled}, and task management that counts and rejects.
 * Subclasses supply task ids and the I/O paths.
 */
public abstract class OneTargetController implements IOUserSCSIParallelInterfaceController {
	private final int maxTaskCount;
	private final boolean bundled;
	protected IOSCSIParallelFamily family;
	protected BundledParallelTaskCommandBuffer commands;
	protected BundledParallelTaskResponseBuffer responses;
	/** ABORT TASK requests received. */
	public final AtomicInteger aborts = new AtomicInteger();
	/** LOGICAL UNIT RESET and TARGET RESET requests received. */
	public final AtomicInteger resets = new AtomicInteger();
	/**
	 * The largest transfer one task may carry, reported (before the start) as the DMA specification's maximum and as
	 * one segment of that many bytes per direction.
	 */
	protected volatile long maxTransferBytes = 1 << 20;

	protected OneTargetController(int maxTaskCount, boolean bundled) {
		this.maxTaskCount = maxTaskCount;
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
		return family.userReportHBAConstraints(constraints());
	}

	/** The seven required HBA constraints: one segment of {@link #maxTransferBytes} per direction. */
	protected Map<String, Object> constraints() {
		return Map.of(HBAConstraints.kIOMaximumSegmentCountReadKey, 1,
				HBAConstraints.kIOMaximumSegmentCountWriteKey, 1, HBAConstraints.kIOMaximumSegmentByteCountReadKey,
				maxTransferBytes, HBAConstraints.kIOMaximumSegmentByteCountWriteKey, maxTransferBytes,
				HBAConstraints.kIOMinimumSegmentAlignmentByteCountKey, 4,
				HBAConstraints.kIOMaximumSegmentAddressableBitCountKey, 64,
				HBAConstraints.kIOMinimumHBADataAlignmentMaskKey, 0xFFFFFFFFFFFFFFFCL);
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
		count[0] = maxTaskCount;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userDoesHBAPerformDeviceManagement(boolean[] result) {
		result[0] = false;
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
		result[0] = false;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userDoesHBASupportSCSIParallelFeature(int feature, boolean[] result) {
		result[0] = false;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userGetDMASpecification(DMASpecification specification) {
		specification.setNumAddressBits(64).setMaxTransferSize(maxTransferBytes);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userMapBundledParallelTaskCommandAndResponseBuffers(BundledParallelTaskCommandBuffer commands,
			BundledParallelTaskResponseBuffer responses) {
		if (!bundled) {
			return IOReturn.kIOReturnUnsupported;
		}
		this.commands = commands;
		this.responses = responses;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userInitializeTargetForID(long targetID) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userAbortTaskRequest(long theT, long theL, long theQ, int[] response) {
		aborts.incrementAndGet();
		return rejected(response);
	}

	@Override
	public int userAbortTaskSetRequest(long theT, long theL, int[] response) {
		return rejected(response);
	}

	@Override
	public int userClearACARequest(long theT, long theL, int[] response) {
		response[0] = SCSIServiceResponse.FUNCTION_COMPLETE;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userClearTaskSetRequest(long theT, long theL, int[] response) {
		return rejected(response);
	}

	@Override
	public int userLogicalUnitResetRequest(long theT, long theL, int[] response) {
		resets.incrementAndGet();
		return rejected(response);
	}

	@Override
	public int userTargetResetRequest(long theT, int[] response) {
		resets.incrementAndGet();
		return rejected(response);
	}

	private static int rejected(int[] response) {
		response[0] = SCSIServiceResponse.FUNCTION_REJECTED;
		return IOReturn.kIOReturnSuccess;
	}
}
