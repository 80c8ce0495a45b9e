package ${package};

import static org.hbakit.controller.api.simhba.HBARegisters.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.hbakit.controller.api.BundledParallelTaskCommandBuffer;
import org.hbakit.controller.api.BundledParallelTaskCompletion;
import org.hbakit.controller.api.BundledParallelTaskResponseBuffer;
import org.hbakit.controller.api.DMASpecification;
import org.hbakit.controller.api.HBAConstraints;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOSCSIParallelFamily;
import org.hbakit.controller.api.IOServicePowerCapability;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.ParallelTaskCompletion;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.pci.IODMACommand;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.pci.PCIConfigSpace;
import org.hbakit.controller.api.simhba.CompletionEntry;
import org.hbakit.controller.api.simhba.RequestFrame;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * A controller for HBAKit's simulated PCI HBA (docs/simulated-hba.md), on the parallel path: one submission and
 * one completion queue, autosense, abort and task management through the ABORT and TMF registers, power through
 * the controller enable bit. The framework takes a new instance (prototype scope) for every probe and start.
 * <p>
 * Threads: the lifecycle, the reports, task management and power are called on the controller's queue, one at a
 * time; {@link #userProcessParallelTask} on client threads, concurrently; {@link CompletionQueue} completes on
 * the device's interrupt thread.
 */
@Component(service = IOUserSCSIParallelInterfaceController.class, scope = ServiceScope.PROTOTYPE,
		property = IOUserSCSIParallelInterfaceController.IO_USER_CLASS + "=" + ExampleSCSIController.IO_USER_CLASS)
public final class ExampleSCSIController implements IOUserSCSIParallelInterfaceController {
	/** The IOUserClass of this controller: the Info.plist's personality names it. */
	public static final String IO_USER_CLASS = "${ioUserClass}";
	/** Largest transfer of one task (one DMA segment). */
	static final long MAX_TRANSFER = 1 << 20;
	/** Sense bytes the device may write per task. */
	static final int SENSE_SIZE = 96;
	private static final int MAX_QUEUE_ENTRIES = 257;
	private static final long REGISTER_WAIT_NANOS = 100_000_000L;

	private IOPCIDevice provider;
	private IOSCSIParallelFamily family;
	private int entries;
	private int taskCount;
	private int nextTaskId;
	private ByteBuffer sq;
	private ByteBuffer sense;
	private IODMACommand sqDma;
	private IODMACommand senseDma;
	private long senseIovm;
	private long sqIovm;
	private CompletionQueue cq;
	private int sqTail;
	/** Per task id: 1 while the hardware holds the task. */
	private AtomicIntegerArray inFlight;
	private long[] taskTags;
	private long[] targets;
	private ParallelTaskCompletion[] completions;
	private volatile boolean running;

	/** Accepts what the personality matched; checks the register interface version once BAR0 is reachable. */
	@Override
	public int start(IOPCIDevice device, IOSCSIParallelFamily fam) {
		if (!device.open(this)) {
			return IOReturn.kIOReturnExclusiveAccess;
		}
		this.provider = device;
		this.family = fam;
		int command = device.configRead16(PCIConfigSpace.COMMAND);
		device.configWrite16(PCIConfigSpace.COMMAND, command | 0x6); // memory space and bus master
		if (versionMajor(device.memoryRead32(BAR, VS)) != versionMajor(VERSION)) {
			device.close(this);
			return IOReturn.kIOReturnUnsupported;
		}
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userInitializeController() {
		entries = Math.min(MAX_QUEUE_ENTRIES, capMaxQueueEntriesMinusOne(provider.memoryRead32(BAR, CAP)) + 1);
		taskCount = entries - 1; // never more outstanding than CQ entries - 1
		sq = ByteBuffer.allocateDirect(entries * RequestFrame.SIZE).order(ByteOrder.LITTLE_ENDIAN);
		sense = ByteBuffer.allocateDirect(taskCount * SENSE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
		sqDma = provider.createDMACommand();
		senseDma = provider.createDMACommand();
		long sqIovm = sqDma.prepareForDMA(sq, 0, sq.capacity());
		senseIovm = senseDma.prepareForDMA(sense, 0, sense.capacity());
		inFlight = new AtomicIntegerArray(taskCount + 1);
		taskTags = new long[taskCount + 1];
		targets = new long[taskCount + 1];
		completions = new ParallelTaskCompletion[taskCount + 1];
		this.sqIovm = sqIovm;
		cq = new CompletionQueue(provider, entries, this::complete);
		provider.memoryWrite32(BAR, CC, 0);
		return family.userReportHBAConstraints(Map.of(HBAConstraints.kIOMaximumSegmentCountReadKey, 1L,
				HBAConstraints.kIOMaximumSegmentCountWriteKey, 1L,
				HBAConstraints.kIOMaximumSegmentByteCountReadKey, MAX_TRANSFER,
				HBAConstraints.kIOMaximumSegmentByteCountWriteKey, MAX_TRANSFER,
				HBAConstraints.kIOMinimumSegmentAlignmentByteCountKey, 4L,
				HBAConstraints.kIOMaximumSegmentAddressableBitCountKey, 64L,
				HBAConstraints.kIOMinimumHBADataAlignmentMaskKey, ~3L));
	}

	@Override
	public int userReportInitiatorIdentifier(long[] id) {
		id[0] = provider.memoryRead32(BAR, INITIATOR_ID);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userReportHighestSupportedDeviceID(long[] id) {
		id[0] = provider.memoryRead32(BAR, TARGETS) - 1L;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userReportMaximumTaskCount(int[] count) {
		count[0] = taskCount;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userReportHBAHighestLogicalUnitNumber(long[] value) {
		value[0] = TMF_MAX_LUN;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userDoesHBAPerformDeviceManagement(boolean[] result) {
		result[0] = false;
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
		specification.setMaxTransferSize(MAX_TRANSFER).setAlignment(4).setNumAddressBits(64);
		return IOReturn.kIOReturnSuccess;
	}

	/** Task ids are 1..taskCount: the id is also the request frame's TAG. */
	@Override
	public int userMapHBAData(int[] uniqueTaskID) {
		if (nextTaskId >= taskCount) {
			return IOReturn.kIOReturnNoResources;
		}
		uniqueTaskID[0] = ++nextTaskId;
		return IOReturn.kIOReturnSuccess;
	}

	/** This controller stays on the parallel path. */
	@Override
	public int userMapBundledParallelTaskCommandAndResponseBuffers(BundledParallelTaskCommandBuffer commands,
			BundledParallelTaskResponseBuffer responses) {
		return IOReturn.kIOReturnUnsupported;
	}

	@Override
	public int userStartController() {
		int rc = enable();
		if (rc == IOReturn.kIOReturnSuccess) {
			cq.connect();
			running = true;
		}
		return rc;
	}

	@Override
	public int userInitializeTargetForID(long targetID) {
		return targetID != provider.memoryRead32(BAR, INITIATOR_ID) && targetID < provider.memoryRead32(BAR, TARGETS)
				? IOReturn.kIOReturnSuccess : IOReturn.kIOReturnBadArgument;
	}

	/**
	 * Posts one task. Called on client threads, concurrently: the SQ slot and the doorbell are taken under this
	 * object's monitor (one short critical section per task; the reference controller's SQ is lock-free).
	 */
	@Override
	public int userProcessParallelTask(SCSIUserParallelTask task, int[] response, ParallelTaskCompletion completion) {
		long id = task.controllerTaskIdentifier();
		long length = task.requestedTransferCount();
		if (!running || id < 1 || id > taskCount || length < 0 || length > MAX_TRANSFER
				|| !inFlight.compareAndSet((int) id, 0, 1)) {
			response[0] = SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE;
			return IOReturn.kIOReturnBadArgument;
		}
		int tag = (int) id;
		taskTags[tag] = task.taskTagIdentifier();
		targets[tag] = task.targetID();
		completions[tag] = completion;
		long cdbLow = 0, cdbHigh = 0;
		for (int i = 0; i < 8; i++) {
			cdbLow |= (long) task.cdbByte(i) << (8 * i);
			cdbHigh |= (long) task.cdbByte(8 + i) << (8 * i);
		}
		response[0] = SCSIServiceResponse.REQUEST_IN_PROCESS;
		synchronized (this) {
			RequestFrame.write(sq, sqTail * RequestFrame.SIZE, tag,
					RequestFrame.flags(task.transferDirection(), task.taskAttribute()), task.commandSize(),
					(int) task.targetID(), Long.reverseBytes(task.logicalUnitBytes()), cdbLow, cdbHigh,
					task.bufferIOVMAddr(), (int) length, senseIovm + (long) (tag - 1) * SENSE_SIZE, SENSE_SIZE);
			sqTail = (sqTail + 1) % entries;
			provider.memoryWrite32(BAR, SQ_TAIL, sqTail);
		}
		return IOReturn.kIOReturnSuccess;
	}

	/** One completion entry, on the interrupt thread: fills the task's response and hands it to the framework. */
	private void complete(int tag, long word0, int senseLength, SCSIUserParallelResponse response) {
		if (tag < 1 || tag > taskCount || !inFlight.compareAndSet(tag, 1, 0)) {
			return; // not ours (a reset dropped it, or a spurious entry)
		}
		response.clear().setVersion(SCSIUserParallelResponse.CURRENT_VERSION).setTargetID(targets[tag])
				.setControllerTaskIdentifier(tag).setBytesTransferred(CompletionEntry.transferred(word0));
		switch (CompletionEntry.serviceResponse(word0)) {
			case CompletionEntry.SR_COMPLETED -> response.setServiceResponse(SCSIServiceResponse.TASK_COMPLETE)
					.setCompletionStatus(CompletionEntry.status(word0));
			case CompletionEntry.SR_ABORTED -> response
					.setServiceResponse(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE)
					.setCompletionStatus(SCSITaskStatus.TASK_TIMEOUT_OCCURRED);
			default -> response.setServiceResponse(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE)
					.setCompletionStatus(CompletionEntry.status(word0));
		}
		if (senseLength > 0) {
			byte[] bytes = cq.senseScratch();
			int n = Math.min(senseLength, SENSE_SIZE);
			sense.get((tag - 1) * SENSE_SIZE, bytes, 0, n);
			response.setSense(bytes, n);
		}
		completions[tag].parallelTaskCompletion(response);
	}

	@Override
	public void userProcessBundledParallelTasks(int[] slots, int count, BundledParallelTaskCompletion completion) {
		throw new UnsupportedOperationException("parallel path only");
	}

	// ---- task management (controller's queue) -----------------------------------------------------------------

	@Override
	public int userAbortTaskRequest(long theT, long theL, long theQ, int[] response) {
		for (int tag = 1; tag <= taskCount; tag++) {
			if (inFlight.get(tag) == 1 && taskTags[tag] == theQ && targets[tag] == theT) {
				provider.memoryWrite32(BAR, ABORT, tag);
				return management(response);
			}
		}
		response[0] = SCSIServiceResponse.FUNCTION_COMPLETE; // nothing held: it already completed
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userAbortTaskSetRequest(long theT, long theL, int[] response) {
		return taskManagement(TMF_ABORT_TASK_SET, theT, theL, response);
	}

	@Override
	public int userClearACARequest(long theT, long theL, int[] response) {
		return taskManagement(TMF_CLEAR_ACA, theT, theL, response);
	}

	@Override
	public int userClearTaskSetRequest(long theT, long theL, int[] response) {
		return taskManagement(TMF_CLEAR_TASK_SET, theT, theL, response);
	}

	@Override
	public int userLogicalUnitResetRequest(long theT, long theL, int[] response) {
		return taskManagement(TMF_LOGICAL_UNIT_RESET, theT, theL, response);
	}

	@Override
	public int userTargetResetRequest(long theT, int[] response) {
		return taskManagement(TMF_TARGET_RESET, theT, 0, response);
	}

	private int taskManagement(int function, long target, long lun, int[] response) {
		long number = lun > TMF_MAX_LUN ? (lun >>> 48) & 0x3FFF : lun; // SAM bytes or a LUN number
		provider.memoryWrite64(BAR, TMF, tmf(function, (int) target, (int) number));
		return management(response);
	}

	/** Waits, bounded, for the posted ABORT or TMF write to be executed, and reports its result. */
	private int management(int[] response) {
		long deadline = System.nanoTime() + REGISTER_WAIT_NANOS;
		int status;
		while (((status = provider.memoryRead32(BAR, TMF_STATUS)) & TMF_STATUS_BUSY) != 0) {
			if (System.nanoTime() - deadline > 0) {
				response[0] = SCSIServiceResponse.FUNCTION_REJECTED;
				return IOReturn.kIOReturnTimeout;
			}
			Thread.onSpinWait();
		}
		response[0] = (status & TMF_STATUS_RESULT) == TMF_STATUS_COMPLETE ? SCSIServiceResponse.FUNCTION_COMPLETE
				: SCSIServiceResponse.FUNCTION_REJECTED;
		return IOReturn.kIOReturnSuccess;
	}

	// ---- power and stop (controller's queue) -------------------------------------------------------------------

	/**
	 * Off and Low reset the controller (the framework drained it first: nothing is in flight), On enables it again
	 * (the targets then report the reset as a unit attention); Pause keeps the hardware as it is, idle.
	 */
	@Override
	public int setPowerState(int powerFlags, IOSCSIParallelFamily fam) {
		int rc = IOReturn.kIOReturnSuccess;
		if (powerFlags == IOServicePowerCapability.kIOServicePowerCapabilityOn) {
			if (!running) {
				cq.reset();
				sqTail = 0;
				rc = enable();
				if (rc == IOReturn.kIOReturnSuccess) {
					cq.connect();
					running = true;
				}
			}
		} else if (powerFlags != IOServicePowerCapability.kIOServicePowerCapabilityPause && running) {
			running = false;
			cq.disconnect();
			disable();
		}
		fam.setPowerStateComplete(powerFlags);
		return rc;
	}

	/** Quiesces: no interrupt handler runs and nothing completes after this returns. */
	@Override
	public int stop() {
		running = false;
		if (cq != null) {
			cq.disconnect();
			disable();
			cq.release();
		}
		for (IODMACommand dma : new IODMACommand[] { sqDma, senseDma }) {
			if (dma != null) {
				dma.completeDMA();
				dma.release();
			}
		}
		sqDma = senseDma = null;
		if (provider != null) {
			provider.close(this);
		}
		return IOReturn.kIOReturnSuccess;
	}

	/** Programs the queues (the device forgets them at every reset) and enables it, waiting for RDY, bounded. */
	private int enable() {
		provider.memoryWrite32(BAR, QSIZE, qsize(entries, entries));
		provider.memoryWrite64(BAR, SQ_BASE, sqIovm);
		provider.memoryWrite64(BAR, CQ_BASE, cq.iovmAddress());
		provider.memoryWrite32(BAR, CC, CC_EN);
		long deadline = System.nanoTime() + REGISTER_WAIT_NANOS;
		int csts;
		while (((csts = provider.memoryRead32(BAR, CSTS)) & (CSTS_RDY | CSTS_CFS)) == 0) {
			if (System.nanoTime() - deadline > 0) {
				return IOReturn.kIOReturnTimeout;
			}
			Thread.onSpinWait();
		}
		return (csts & CSTS_CFS) == 0 ? IOReturn.kIOReturnSuccess : IOReturn.kIOReturnIOError;
	}

	/** CC.EN=0: the device drops what it holds (the framework has drained or takes the tasks back). */
	private void disable() {
		provider.memoryWrite32(BAR, CC, 0);
		for (int tag = 1; tag <= taskCount; tag++) {
			inFlight.set(tag, 0);
		}
	}
}
