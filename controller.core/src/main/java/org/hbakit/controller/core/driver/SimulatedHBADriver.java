package org.hbakit.controller.core.driver;

import java.util.concurrent.atomic.LongAdder;

import org.hbakit.controller.api.BundledParallelTaskCommandBuffer;
import org.hbakit.controller.api.BundledParallelTaskCompletion;
import org.hbakit.controller.api.BundledParallelTaskResponseBuffer;
import org.hbakit.controller.api.DMAOutputSegmentType;
import org.hbakit.controller.api.DMASpecification;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOSCSIParallelFamily;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.ParallelTaskCompletion;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.simhba.HBARegisters;

/**
 * The reference controller for the simulated HBA ({@code docs/simulated-hba.md}), written against
 * {@code controller.api} only. One instance drives one device for one binding. This class is the contract's surface:
 * the reports, and the entry points that hand each call to the part that does the work: {@link DriverLifecycle}
 * (the state machine; {@link HBABringUp} programs the registers, {@link HostQueuePair} holds the queues),
 * {@link ParallelSubmitter} and {@link BundledSubmitter} (the two I/O paths), {@link CompletionDispatcher} (the
 * interrupt handler), {@link TaskManagement} and {@link PowerGate}.
 *
 * <h2>Requests and TAGs</h2>
 * {@code UserMapHBAData} hands out controller task ids 1..N (N = the reported maximum task count); on the parallel
 * path a task's request TAG is its id − 1. On the bundled path the TAG is the command slot index (slots and
 * response slots are 1:1). Each TAG owns a preallocated response (parallel) and a 256-byte sense buffer, mapped for
 * DMA once. The queues have N + 1 entries, so N requests may be outstanding.
 *
 * <h2>Threads</h2>
 * The framework calls lifecycle, report, task-management and power methods on the controller's queue (its
 * framework thread, {@code <hba>-controller}), one at a time, each bounded by a framework timeout; every wait in
 * them here is bounded too, below the framework's bound (each method says how long). {@link #userProcessParallelTask}
 * and {@link #userProcessBundledParallelTasks} come on client threads or that queue, possibly concurrently; they
 * never block and take no lock ({@link SubmissionQueue}). Completions are made on the HBA's device thread by the
 * {@link CompletionDispatcher}; the framework's completion callbacks never call back into the controller. Nothing
 * logs per task: the logger is for lifecycle events and task-management timeouts only.
 */
public class SimulatedHBADriver implements IOUserSCSIParallelInterfaceController {
	/** Highest LUN reported (SAM flat space addressing, as Apple's emulator). */
	public static final long HIGHEST_LUN = 0x3FFF;
	/** HBA property values set at initialisation. */
	public static final String VENDOR_NAME = "HBAKit";
	public static final String PRODUCT_NAME = "Simulated SCSI HBA";

	private final DriverSettings settings;
	private final LongAdder rejected = new LongAdder();
	private final DriverLifecycle lifecycle;

	/** A driver with these settings logging to {@code log}; nothing happens until {@link #start}. */
	public SimulatedHBADriver(DriverSettings settings, System.Logger log) {
		this.settings = settings;
		this.lifecycle = new DriverLifecycle(this, settings, log, rejected);
	}

	/** A driver logging to the platform logger of this class (tests and harnesses). */
	public SimulatedHBADriver(DriverSettings settings) {
		this(settings, System.getLogger(SimulatedHBADriver.class.getName()));
	}

	/** The settings. */
	public DriverSettings settings() {
		return settings;
	}

	// ---- lifecycle (the controller's queue) -------------------------------------------------------------

	/**
	 * Accepts a simulated HBA (vendor, class code, BAR0). Called on the controller's queue during matching,
	 * possibly for a device this instance never drives; config reads only, never blocks.
	 */
	@Override
	public int probe(IOPCIDevice device, int[] score) {
		return HBABringUp.isSupported(device) ? IOReturn.kIOReturnSuccess : IOReturn.kIOReturnUnsupported;
	}

	/**
	 * Opens the device, enables memory space and bus mastering, checks {@code VS}. Called on the framework's queue
	 * thread, first in a binding; register accesses only, never blocks. The provider and family stay referenced
	 * until {@link #stop}.
	 */
	@Override
	public int start(IOPCIDevice device, IOSCSIParallelFamily framework) {
		return lifecycle.start(device, framework);
	}

	/**
	 * Reads the capabilities, resets the controller, maps and programs the queues and sense buffers, and reports the
	 * constraints and HBA properties to the framework (calls into the family on this thread). Called on the
	 * controller's queue; blocks at most 1 s, spinning, for {@code CSTS.RDY} to drop.
	 */
	@Override
	public int userInitializeController() {
		return lifecycle.initialize();
	}

	/**
	 * Hands out task ids 1..N, preparing each TAG's response; the N+1st call gets {@code kIOReturnNoResources}.
	 * Called on the controller's queue before {@link #userStartController}; never blocks.
	 */
	@Override
	public int userMapHBAData(int[] uniqueTaskID) {
		return lifecycle.mapTask(uniqueTaskID);
	}

	/**
	 * Accepts the bundled buffers (path {@code bundled}) when they have at most N slots, one response slot per command
	 * slot; declines with {@code kIOReturnUnsupported} on path {@code parallel}. The buffers stay the framework's; the
	 * controller touches only the slots the framework hands it. Called on the controller's queue before
	 * {@link #userStartController}; never blocks.
	 */
	@Override
	public int userMapBundledParallelTaskCommandAndResponseBuffers(BundledParallelTaskCommandBuffer commands,
			BundledParallelTaskResponseBuffer responses) {
		return lifecycle.mapBundledBuffers(commands, responses);
	}

	/**
	 * Sets {@code CC.EN}, opens the chosen path, connects and unmasks the completion vector; completions may come on
	 * the device thread from then on. Called on the controller's queue; blocks at most 1 s, spinning, for
	 * {@code CSTS.RDY}.
	 */
	@Override
	public int userStartController() {
		return lifecycle.startController();
	}

	/**
	 * Accepts every target id below {@code TARGETS} but the initiator's. Called on the controller's queue for
	 * each target it scans; never blocks.
	 */
	@Override
	public int userInitializeTargetForID(long targetID) {
		HBABringUp hba = lifecycle.hba();
		if (targetID < 0 || targetID >= hba.targetCount() || targetID == hba.initiatorId()) {
			return IOReturn.kIOReturnBadArgument;
		}
		return IOReturn.kIOReturnSuccess;
	}

	/**
	 * Quiesces: masks the completion vector, closes the dispatcher and waits out a running interrupt handler, resets
	 * the controller ({@code CC.EN}=0; the device drops what it holds), releases the DMA commands and closes the
	 * device. Nothing completes after it returns; the tasks the controller held are the framework's again, and a
	 * waiting power or task-management call returns. Called on the controller's queue, last; idempotent. Blocks
	 * for the running handler (it only hands results to the framework, whose callbacks never call back into the
	 * controller) and at most 1 s, spinning, for {@code CSTS.RDY} to drop.
	 */
	@Override
	public int stop() {
		return lifecycle.stop();
	}

	/**
	 * Off and Pause hold the doorbell and wait for the requests already handed to the device
	 * ({@code kIOReturnTimeout} when some are left); On rings for what was held. {@code setPowerStateComplete} is
	 * called on this thread before this returns, whatever the outcome. Called on the controller's queue; blocks
	 * at most {@code quiesceTimeoutMillis} (woken by the interrupt handler).
	 */
	@Override
	public int setPowerState(int powerFlags, IOSCSIParallelFamily framework) {
		return lifecycle.setPowerState(powerFlags, framework);
	}

	// ---- reports: each called on the controller's queue during the start sequence; none blocks ----------

	/** {@code INITIATOR_ID}. */
	@Override
	public int userReportInitiatorIdentifier(long[] id) {
		id[0] = Integer.toUnsignedLong(lifecycle.hba().initiatorId());
		return IOReturn.kIOReturnSuccess;
	}

	/** {@code TARGETS} − 1. */
	@Override
	public int userReportHighestSupportedDeviceID(long[] id) {
		id[0] = Math.max(lifecycle.hba().targetCount() - 1, 0);
		return IOReturn.kIOReturnSuccess;
	}

	/** The configured task count, capped by {@code CAP.MQES}. */
	@Override
	public int userReportMaximumTaskCount(int[] count) {
		count[0] = lifecycle.taskCount();
		return count[0] > 0 ? IOReturn.kIOReturnSuccess : IOReturn.kIOReturnNotReady;
	}

	/** False: the framework scans the targets. */
	@Override
	public int userDoesHBAPerformDeviceManagement(boolean[] result) {
		result[0] = false;
		return IOReturn.kIOReturnSuccess;
	}

	/** {@link #HIGHEST_LUN}. */
	@Override
	public int userReportHBAHighestLogicalUnitNumber(long[] value) {
		value[0] = HIGHEST_LUN;
		return IOReturn.kIOReturnSuccess;
	}

	/** The {@code autoSense} setting. */
	@Override
	public int userDoesHBAPerformAutoSense(boolean[] result) {
		result[0] = settings.autoSense();
		return IOReturn.kIOReturnSuccess;
	}

	/** False. */
	@Override
	public int userDoesHBASupportMultiPathing(boolean[] result) {
		result[0] = false;
		return IOReturn.kIOReturnSuccess;
	}

	/** False for every feature. */
	@Override
	public int userDoesHBASupportSCSIParallelFeature(int feature, boolean[] result) {
		result[0] = false;
		return IOReturn.kIOReturnSuccess;
	}

	/** 64 address bits, 4-byte alignment, {@code LITTLE_64}, the configured maximum transfer. */
	@Override
	public int userGetDMASpecification(DMASpecification specification) {
		specification.setMaxTransferSize(settings.maxTransferSize()).setAlignment(DriverLifecycle.SEGMENT_ALIGNMENT)
				.setNumAddressBits(64).setSegmentType(DMAOutputSegmentType.LITTLE_64);
		return IOReturn.kIOReturnSuccess;
	}

	// ---- I/O (client threads or the controller's queue, concurrently; never blocks) --------------------------

	/**
	 * Puts one task on the SQ ({@link ParallelSubmitter}): {@code REQUEST_IN_PROCESS} and the completion later on the
	 * device thread; or {@code SERVICE_DELIVERY_OR_TARGET_FAILURE} with an error code and never a completion (not
	 * running, bundled path chosen, bad task). Called on client threads or the controller's queue, possibly
	 * concurrently; never blocks, lock-free. The task's memory stays the framework's; the completion object is kept
	 * until the task completes.
	 */
	@Override
	public int userProcessParallelTask(SCSIUserParallelTask task, int[] response, ParallelTaskCompletion completion) {
		ParallelSubmitter p = lifecycle.parallel();
		if (p == null || !lifecycle.isRunning()) {
			response[0] = SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE;
			return IOReturn.kIOReturnNotReady;
		}
		return p.submit(task, response, completion);
	}

	/**
	 * Puts up to 32 slots on the SQ with one doorbell ({@link BundledSubmitter}); the slots' ownership passes to the
	 * controller until their completion on the device thread. A slot it cannot take is completed at once, inside the
	 * call, with a delivery failure; an out-of-range slot, or one already in flight, is ignored. After {@code stop}
	 * nothing is touched. Called on client threads or the controller's queue, possibly concurrently; never
	 * blocks, lock-free; {@code slots} is read during the call only.
	 */
	@Override
	public void userProcessBundledParallelTasks(int[] slots, int count, BundledParallelTaskCompletion completion) {
		if (lifecycle.isStopped()) {
			return; // after stop the framework owns every slot again; nothing may be completed
		}
		if (!BundledSubmitter.isValidCall(slots, count, completion)) {
			rejected.increment();
			return;
		}
		BundledSubmitter b = lifecycle.bundled();
		if (b == null) {
			rejected.add(count);
		} else if (!lifecycle.isRunning()) {
			for (int i = 0; i < count; i++) {
				b.fail(slots[i], completion);
			}
		} else {
			b.submit(slots, count, completion);
		}
	}

	// ---- task management: each called on the controller's queue, one at a time; each blocks at most -----
	// ---- taskManagementTimeoutMillis, then returns kIOReturnTimeout with SERVICE_DELIVERY_OR_TARGET_FAILURE ----

	/**
	 * ABORT TASK ({@link TaskManagement#abortTask}): returns once the aborted task's completion has been delivered (on
	 * the device thread), or at once when no such task is in flight.
	 */
	@Override
	public int userAbortTaskRequest(long theT, long theL, long theQ, int[] response) {
		if (!acceptsTaskManagement(response)) {
			return IOReturn.kIOReturnNotReady;
		}
		return lifecycle.taskManagement().abortTask(theT, theL, theQ, response);
	}

	/** ABORT TASK SET ({@link TaskManagement#function}). */
	@Override
	public int userAbortTaskSetRequest(long theT, long theL, int[] response) {
		return taskManagement(HBARegisters.TMF_ABORT_TASK_SET, theT, theL, response);
	}

	/** CLEAR ACA ({@link TaskManagement#function}). */
	@Override
	public int userClearACARequest(long theT, long theL, int[] response) {
		return taskManagement(HBARegisters.TMF_CLEAR_ACA, theT, theL, response);
	}

	/** CLEAR TASK SET ({@link TaskManagement#function}). */
	@Override
	public int userClearTaskSetRequest(long theT, long theL, int[] response) {
		return taskManagement(HBARegisters.TMF_CLEAR_TASK_SET, theT, theL, response);
	}

	/** LOGICAL UNIT RESET ({@link TaskManagement#function}). */
	@Override
	public int userLogicalUnitResetRequest(long theT, long theL, int[] response) {
		return taskManagement(HBARegisters.TMF_LOGICAL_UNIT_RESET, theT, theL, response);
	}

	/** TARGET RESET ({@link TaskManagement#function}). */
	@Override
	public int userTargetResetRequest(long theT, int[] response) {
		return taskManagement(HBARegisters.TMF_TARGET_RESET, theT, 0, response);
	}

	private int taskManagement(int function, long target, long lun, int[] response) {
		if (!acceptsTaskManagement(response)) {
			return IOReturn.kIOReturnNotReady;
		}
		return lifecycle.taskManagement().function(function, target, lun, response);
	}

	private boolean acceptsTaskManagement(int[] response) {
		if (lifecycle.isRunning()) {
			return true;
		}
		response[0] = SCSIServiceResponse.FUNCTION_REJECTED;
		return false;
	}

	// ---- diagnostics -------------------------------------------------------------------------------------------

	/** A snapshot of this instance's counters, for tests, measurements and the shell; any thread. */
	public DriverStatistics statistics() {
		HostQueuePair q = lifecycle.queues();
		CompletionDispatcher d = lifecycle.dispatcher();
		return new DriverStatistics(q == null ? 0 : q.sq().rungCount(), d == null ? 0 : d.completedCount(),
				q == null ? 0 : q.sq().doorbellWrites(), d == null ? 0 : d.interruptCount(),
				d == null ? 0 : d.unexpectedCount(), rejected.sum(), q == null ? 0 : q.table().inFlightCount());
	}

	/** Whether the bundled path was accepted. */
	public boolean isBundled() {
		return lifecycle.isBundled();
	}
}
