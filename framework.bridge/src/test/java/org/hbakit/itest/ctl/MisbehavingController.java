package org.hbakit.itest.ctl;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SCSIOperationCode;

/**
 * A parallel-path controller that answers from memory (one target, one 1 MiB disk) and misbehaves on request:
 * it never completes, completes twice, completes with a wrong response version, or throws. The in-framework {@code MisbehavingControllerTest} registers it
 * from the test bundle, whose {@code Info.plist} matches only the test's own HBA (vendor 0x1234).
 */
public final class MisbehavingController implements IOUserSCSIParallelInterfaceController {
	/** Its IOUserClass. */
	public static final String IO_USER_CLASS = "HBAKitMisbehavingController";

	/** What goes wrong with the next tasks. */
	public enum Mode {
		NONE, NEVER_COMPLETES, COMPLETES_TWICE, THROWS, WRONG_VERSION
	}

	private static final int BLOCK = 512;
	private final byte[] disk = new byte[1 << 20];
	private final ExecutorService bus = Executors.newSingleThreadExecutor();
	private final AtomicInteger ids = new AtomicInteger();
	private volatile Mode mode = Mode.NONE;
	private IOSCSIParallelFamily family;
	/** Task management calls received (timeout escalation). */
	public final AtomicInteger taskManagement = new AtomicInteger();

	public void mode(Mode mode) {
		this.mode = mode;
	}

	@Override
	public int start(IOPCIDevice provider, IOSCSIParallelFamily family) {
		this.family = family;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int stop() {
		bus.shutdownNow();
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
		count[0] = 8;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userDoesHBAPerformDeviceManagement(boolean[] result) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userReportHBAHighestLogicalUnitNumber(long[] value) {
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
		uniqueTaskID[0] = ids.incrementAndGet();
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userMapBundledParallelTaskCommandAndResponseBuffers(BundledParallelTaskCommandBuffer commands,
			BundledParallelTaskResponseBuffer responses) {
		return IOReturn.kIOReturnUnsupported;
	}

	@Override
	public int userProcessParallelTask(SCSIUserParallelTask task, int[] response, ParallelTaskCompletion completion) {
		Mode m = mode;
		if (m == Mode.THROWS) {
			throw new IllegalStateException("misbehaving on purpose");
		}
		SCSIUserParallelResponse r = new SCSIUserParallelResponse();
		answer(task, r);
		if (m == Mode.WRONG_VERSION) {
			r.setVersion(2);
		}
		response[0] = SCSIServiceResponse.REQUEST_IN_PROCESS;
		if (m != Mode.NEVER_COMPLETES) {
			bus.execute(() -> {
				completion.parallelTaskCompletion(r);
				if (m == Mode.COMPLETES_TWICE) {
					completion.parallelTaskCompletion(r);
				}
			});
		}
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public void userProcessBundledParallelTasks(int[] slots, int count, BundledParallelTaskCompletion completion) {
		// never called: this controller declines the bundled buffers
		throw new IllegalStateException("the bundled path was declined");
	}

	private void answer(SCSIUserParallelTask task, SCSIUserParallelResponse r) {
		r.setVersion(SCSIUserParallelResponse.CURRENT_VERSION).setControllerTaskIdentifier(task.controllerTaskIdentifier())
				.setServiceResponse(SCSIServiceResponse.TASK_COMPLETE).setCompletionStatus(SCSITaskStatus.GOOD);
		byte[] cdb = new byte[16];
		task.commandDescriptorBlock(cdb);
		ByteBuffer[] data = new ByteBuffer[1];
		if (task.requestedTransferCount() > 0) {
			family.userGetDataBuffer(task.targetID(), task.controllerTaskIdentifier(), data);
		}
		ByteBuffer b = data[0];
		switch (Cdb.opcode(cdb)) {
			case SCSIOperationCode.REPORT_LUNS -> b.putInt(0, 8).putLong(8, 0L);
			case SCSIOperationCode.INQUIRY -> {
				for (int i = 0; i < 36; i++) {
					b.put(i, (byte) (i < 8 ? 0 : ' '));
				}
				b.put(4, (byte) 31);
			}
			case SCSIOperationCode.SERVICE_ACTION_IN_16 -> b.putLong(0, disk.length / BLOCK - 1).putInt(8, BLOCK);
			case SCSIOperationCode.READ_16 -> b.put(0, disk, (int) Cdb.lba(cdb) * BLOCK, (int) Cdb.transferLength(cdb) * BLOCK);
			case SCSIOperationCode.WRITE_16 -> b.get(0, disk, (int) Cdb.lba(cdb) * BLOCK, (int) Cdb.transferLength(cdb) * BLOCK);
			default -> {
				// TEST UNIT READY and the like: GOOD, no data
			}
		}
		r.setBytesTransferred(task.requestedTransferCount());
	}

	@Override
	public int userInitializeTargetForID(long targetID) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userAbortTaskRequest(long theT, long theL, long theQ, int[] response) {
		return rejected(response);
	}

	@Override
	public int userAbortTaskSetRequest(long theT, long theL, int[] response) {
		return rejected(response);
	}

	@Override
	public int userClearACARequest(long theT, long theL, int[] response) {
		return rejected(response);
	}

	@Override
	public int userClearTaskSetRequest(long theT, long theL, int[] response) {
		return rejected(response);
	}

	@Override
	public int userLogicalUnitResetRequest(long theT, long theL, int[] response) {
		return rejected(response);
	}

	@Override
	public int userTargetResetRequest(long theT, int[] response) {
		return rejected(response);
	}

	private int rejected(int[] response) {
		taskManagement.incrementAndGet();
		response[0] = SCSIServiceResponse.FUNCTION_REJECTED;
		return IOReturn.kIOReturnSuccess;
	}
}
