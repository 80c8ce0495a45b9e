package org.hbakit.controller.core.driver;

import static org.hbakit.controller.api.simhba.HBARegisters.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hbakit.controller.api.BundledParallelTaskCommandBuffer;
import org.hbakit.controller.api.BundledParallelTaskCompletion;
import org.hbakit.controller.api.BundledParallelTaskResponseBuffer;
import org.hbakit.controller.api.DMAOutputSegmentType;
import org.hbakit.controller.api.DMASpecification;
import org.hbakit.controller.api.HBAConstraints;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOSCSIParallelFamily;
import org.hbakit.controller.api.IOServicePowerCapability;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.ParallelTaskCompletion;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.pci.IODMACommand;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.pci.PCIConfigSpace;
import org.hbakit.controller.api.simhba.CompletionEntry;
import org.hbakit.controller.api.simhba.RequestFrame;

/**
 * The reference controller for the simulated HBA ({@code docs/simulated-hba.md}), written against
 * {@code controller.api} only. One instance drives one device for one binding.
 *
 * <h2>Requests and TAGs</h2>
 * {@code UserMapHBAData} hands out controller task ids 1..N (N = the reported maximum task count); on the parallel
 * path a task's request TAG is its id − 1. On the bundled path the TAG is the command slot index (slots and
 * response slots are 1:1). Each TAG owns a preallocated response (parallel) and a 256-byte sense buffer, mapped for
 * DMA once. The queues have N + 1 entries, so N requests may be outstanding.
 *
 * <h2>Threads</h2>
 * Lifecycle, report, power and task-management calls come on framework threads one at a time. Submission
 * ({@link #userProcessParallelTask}, {@link #userProcessBundledParallelTasks}) may come from any number of threads
 * at once; it is lock-free (see {@link SubmissionQueue}). Completions are made on the device's interrupt thread by
 * the {@link CompletionDispatcher}.
 */
public class SimulatedHBADriver implements IOUserSCSIParallelInterfaceController {
	/** The register interface major version this driver speaks. */
	public static final int SUPPORTED_MAJOR_VERSION = 1;
	/** Highest LUN reported (SAM flat space addressing, as Apple's emulator). */
	public static final long HIGHEST_LUN = 0x3FFF;
	/** HBA property values set at initialisation. */
	public static final String VENDOR_NAME = "HBAKit";
	public static final String PRODUCT_NAME = "Simulated SCSI HBA";

	private static final long READY_TIMEOUT_NANOS = 1_000_000_000L;
	private static final int SEGMENT_ALIGNMENT = 4;

	// states
	private static final int NEW = 0, STARTED = 1, INITIALIZED = 2, RUNNING = 3, PAUSED = 4, STOPPED = 5;

	private final DriverSettings settings;
	private volatile int state = NEW;
	private IOPCIDevice provider;
	private IOSCSIParallelFamily family;

	private int taskCount;
	private int queueEntries;
	private int initiatorId;
	private int targetCount;
	private final List<IODMACommand> dmaCommands = new ArrayList<>(3);
	private ByteBuffer sqMemory;
	private SubmissionQueue sq;
	private CompletionQueue cq;
	private TaskTable table;
	private CompletionDispatcher dispatcher;
	private boolean handlerRegistered;
	private int mappedTasks;

	private volatile boolean bundled;
	private BundledParallelTaskCommandBuffer commandBuffer;
	private ByteBuffer commandMemory;
	private BundledParallelTaskResponseBuffer responseBuffer;

	private final Object tmfLock = new Object();
	private final Object quiesceMonitor = new Object();
	private volatile boolean quiescing;
	private long rejected;

	/** A driver with these settings; nothing happens until {@link #start}. */
	public SimulatedHBADriver(DriverSettings settings) {
		this.settings = settings;
	}

	/** The settings. */
	public DriverSettings settings() {
		return settings;
	}

	/**
	 * Logs a lifecycle event; never called on the I/O path. Subclasses route it to a real log (the DS component
	 * uses the OSGi Log Service); the default drops it.
	 *
	 * @param level {@code System.Logger.Level} severity
	 */
	protected void log(System.Logger.Level level, String message, Throwable error) {
	}

	// ---- lifecycle ------------------------------------------------------------------------------------------

	@Override
	public int probe(IOPCIDevice device, int[] score) {
		return isSupported(device) ? IOReturn.kIOReturnSuccess : IOReturn.kIOReturnUnsupported;
	}

	private static boolean isSupported(IOPCIDevice device) {
		int vendor = device.configRead16(PCIConfigSpace.VENDOR_ID);
		int classCode = device.configRead32(PCIConfigSpace.CLASS_CODE_REVISION) >>> 8;
		return vendor == PCI_VENDOR_ID && classCode == PCIConfigSpace.CLASS_SCSI_STORAGE_CONTROLLER
				&& device.memoryBarCount() > 0 && device.memoryBarSize(BAR) > CQ_HEAD;
	}

	@Override
	public int start(IOPCIDevice device, IOSCSIParallelFamily framework) {
		if (state != NEW) {
			return IOReturn.kIOReturnNotPermitted;
		}
		if (device == null || framework == null) {
			return IOReturn.kIOReturnBadArgument;
		}
		if (!isSupported(device)) {
			log(System.Logger.Level.WARNING, "not a simulated HBA: " + device.location(), null);
			return IOReturn.kIOReturnUnsupported;
		}
		if (!device.open(this)) {
			return IOReturn.kIOReturnExclusiveAccess;
		}
		this.provider = device;
		this.family = framework;
		int command = device.configRead16(PCIConfigSpace.COMMAND);
		device.configWrite16(PCIConfigSpace.COMMAND,
				command | PCIConfigSpace.COMMAND_MEMORY_SPACE | PCIConfigSpace.COMMAND_BUS_MASTER);
		int vs = device.memoryRead32(BAR, VS);
		if (versionMajor(vs) != SUPPORTED_MAJOR_VERSION) {
			log(System.Logger.Level.WARNING, String.format("%s: register interface version 0x%08X unsupported",
					device.location(), vs), null);
			device.close(this);
			this.provider = null;
			return IOReturn.kIOReturnUnsupported;
		}
		state = STARTED;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userInitializeController() {
		if (state != STARTED) {
			return IOReturn.kIOReturnNotPermitted;
		}
		int cap = provider.memoryRead32(BAR, CAP);
		int mqes = capMaxQueueEntriesMinusOne(cap);
		if (capInterruptVectors(cap) < 1 || mqes < 1) {
			log(System.Logger.Level.ERROR, String.format("%s: unusable CAP 0x%08X", provider.location(), cap), null);
			return IOReturn.kIOReturnNoResources;
		}
		taskCount = Math.min(settings.maxTaskCount(), mqes);
		queueEntries = taskCount + 1;
		initiatorId = provider.memoryRead32(BAR, INITIATOR_ID);
		targetCount = provider.memoryRead32(BAR, TARGETS);
		if (!disableController()) {
			return IOReturn.kIOReturnTimeout;
		}
		try {
			sqMemory = ByteBuffer.allocateDirect(queueEntries * RequestFrame.SIZE).order(ByteOrder.LITTLE_ENDIAN);
			ByteBuffer cqMemory = ByteBuffer.allocateDirect(queueEntries * CompletionEntry.SIZE)
					.order(ByteOrder.LITTLE_ENDIAN);
			table = new TaskTable(taskCount);
			long sqBase = map(sqMemory);
			long cqBase = map(cqMemory);
			table.setSenseBase(map(table.senseMemory()));
			provider.memoryWrite32(BAR, QSIZE, qsize(queueEntries, queueEntries));
			provider.memoryWrite64(BAR, SQ_BASE, sqBase);
			provider.memoryWrite64(BAR, CQ_BASE, cqBase);
			sq = new SubmissionQueue(sqMemory, queueEntries, tail -> provider.memoryWrite32(BAR, SQ_TAIL, tail));
			cq = new CompletionQueue(cqMemory, queueEntries);
			dispatcher = new CompletionDispatcher(cq, queueEntries, table,
					head -> provider.memoryWrite32(BAR, CQ_HEAD, head), settings.autoSense(), this::afterDrain);
		} catch (RuntimeException e) {
			log(System.Logger.Level.ERROR, provider.location() + ": cannot map the queues", e);
			releaseDMA();
			return IOReturn.kIOReturnNoResources;
		}
		int rc = family.userReportHBAConstraints(Map.of(
				HBAConstraints.kIOMaximumSegmentCountReadKey, 1L,
				HBAConstraints.kIOMaximumSegmentCountWriteKey, 1L,
				HBAConstraints.kIOMaximumSegmentByteCountReadKey, settings.maxTransferSize(),
				HBAConstraints.kIOMaximumSegmentByteCountWriteKey, settings.maxTransferSize(),
				HBAConstraints.kIOMinimumSegmentAlignmentByteCountKey, (long) SEGMENT_ALIGNMENT,
				HBAConstraints.kIOMaximumSegmentAddressableBitCountKey, 64L,
				HBAConstraints.kIOMinimumHBADataAlignmentMaskKey, ~(long) (SEGMENT_ALIGNMENT - 1),
				HBAConstraints.kIOHierarchicalLogicalUnitSupportKey, Boolean.TRUE));
		if (rc != IOReturn.kIOReturnSuccess) {
			releaseDMA();
			return rc;
		}
		int vs = provider.memoryRead32(BAR, VS);
		family.userSetHBAProperties(Map.of(
				"Vendor Name", VENDOR_NAME,
				"Product Name", PRODUCT_NAME,
				"Product Revision Level", versionMajor(vs) + "." + versionMinor(vs)));
		state = INITIALIZED;
		log(System.Logger.Level.INFO, String.format("%s: initialized, %d tasks, queues of %d entries, %d targets",
				provider.location(), taskCount, queueEntries, targetCount), null);
		return IOReturn.kIOReturnSuccess;
	}

	private long map(ByteBuffer memory) {
		IODMACommand dma = provider.createDMACommand();
		dmaCommands.add(dma);
		return dma.prepareForDMA(memory, 0, memory.capacity());
	}

	private void releaseDMA() {
		for (IODMACommand dma : dmaCommands) {
			try {
				dma.completeDMA();
				dma.release();
			} catch (RuntimeException e) {
				log(System.Logger.Level.WARNING, "releasing a DMA command failed", e);
			}
		}
		dmaCommands.clear();
	}

	/** CC.EN=0 and wait for RDY to drop; false on timeout. */
	private boolean disableController() {
		if ((provider.memoryRead32(BAR, CC) & CC_EN) == 0 && (provider.memoryRead32(BAR, CSTS) & CSTS_RDY) == 0) {
			return true;
		}
		provider.memoryWrite32(BAR, CC, 0);
		long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
		while ((provider.memoryRead32(BAR, CSTS) & CSTS_RDY) != 0) {
			if (System.nanoTime() - deadline > 0) {
				log(System.Logger.Level.ERROR, provider.location() + ": CSTS.RDY did not drop after CC.EN=0", null);
				return false;
			}
			Thread.onSpinWait();
		}
		return true;
	}

	@Override
	public int userStartController() {
		if (state != INITIALIZED) {
			return IOReturn.kIOReturnNotPermitted;
		}
		provider.memoryWrite32(BAR, CC, CC_EN);
		long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
		int csts;
		while (((csts = provider.memoryRead32(BAR, CSTS)) & (CSTS_RDY | CSTS_CFS)) == 0) {
			if (System.nanoTime() - deadline > 0) {
				log(System.Logger.Level.ERROR, provider.location() + ": CSTS.RDY did not rise", null);
				return IOReturn.kIOReturnTimeout;
			}
			Thread.onSpinWait();
		}
		if ((csts & CSTS_CFS) != 0) {
			log(System.Logger.Level.ERROR, provider.location() + ": controller fatal status after enable", null);
			provider.memoryWrite32(BAR, CC, 0);
			return IOReturn.kIOReturnIOError;
		}
		provider.registerInterruptHandler(COMPLETION_VECTOR, dispatcher);
		handlerRegistered = true;
		provider.memoryWrite32(BAR, INTCOAL, intcoal(settings.coalescingThreshold(), settings.coalescingTimeMicros()));
		provider.enableInterrupt(COMPLETION_VECTOR);
		provider.memoryWrite32(BAR, INTMC, 1 << COMPLETION_VECTOR);
		state = RUNNING;
		log(System.Logger.Level.INFO, provider.location() + ": started, " + (bundled ? "bundled" : "parallel")
				+ " path", null);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int stop() {
		int was = state;
		if (was == STOPPED) {
			return IOReturn.kIOReturnSuccess;
		}
		state = STOPPED;
		if (provider == null) {
			return IOReturn.kIOReturnSuccess;
		}
		try {
			if (handlerRegistered) {
				provider.memoryWrite32(BAR, INTMS, 1 << COMPLETION_VECTOR);
				provider.disableInterrupt(COMPLETION_VECTOR);
				// no completion after stop: close first, then wait out a handler that may be running
				dispatcher.close();
				provider.unregisterInterruptHandler(COMPLETION_VECTOR);
				handlerRegistered = false;
			} else if (dispatcher != null) {
				dispatcher.close();
			}
			if (was >= INITIALIZED) {
				disableController(); // drops every request not yet completed
			}
		} catch (RuntimeException e) {
			log(System.Logger.Level.WARNING, provider.location() + ": error while stopping", e);
		}
		if (table != null) {
			table.clearAll();
		}
		releaseDMA();
		wakeQuiesce();
		provider.close(this);
		log(System.Logger.Level.INFO, provider.location() + ": stopped", null);
		return IOReturn.kIOReturnSuccess;
	}

	// ---- reports --------------------------------------------------------------------------------------------

	@Override
	public int userReportInitiatorIdentifier(long[] id) {
		id[0] = Integer.toUnsignedLong(initiatorId);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userReportHighestSupportedDeviceID(long[] id) {
		id[0] = Math.max(targetCount - 1, 0);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userReportMaximumTaskCount(int[] count) {
		count[0] = taskCount;
		return taskCount > 0 ? IOReturn.kIOReturnSuccess : IOReturn.kIOReturnNotReady;
	}

	@Override
	public int userDoesHBAPerformDeviceManagement(boolean[] result) {
		result[0] = false;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userReportHBAHighestLogicalUnitNumber(long[] value) {
		value[0] = HIGHEST_LUN;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userDoesHBAPerformAutoSense(boolean[] result) {
		result[0] = settings.autoSense();
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
		specification.setMaxTransferSize(settings.maxTransferSize()).setAlignment(SEGMENT_ALIGNMENT)
				.setNumAddressBits(64).setSegmentType(DMAOutputSegmentType.LITTLE_64);
		return IOReturn.kIOReturnSuccess;
	}

	// ---- per-task data and the bundled buffers ------------------------------------------------------------

	@Override
	public int userMapHBAData(int[] uniqueTaskID) {
		if (state != INITIALIZED) {
			return IOReturn.kIOReturnNotPermitted;
		}
		if (mappedTasks >= taskCount) {
			return IOReturn.kIOReturnNoResources;
		}
		int tag = mappedTasks++;
		table.map(tag);
		uniqueTaskID[0] = tag + 1;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userMapBundledParallelTaskCommandAndResponseBuffers(BundledParallelTaskCommandBuffer commands,
			BundledParallelTaskResponseBuffer responses) {
		if (settings.path() == DriverSettings.Path.PARALLEL) {
			return IOReturn.kIOReturnUnsupported;
		}
		if (state != INITIALIZED) {
			return IOReturn.kIOReturnNotPermitted;
		}
		if (commands == null || responses == null || commands.slotCount() != responses.slotCount()
				|| commands.slotCount() > taskCount) {
			log(System.Logger.Level.WARNING, "bundled buffers do not fit " + taskCount + " tasks; declining", null);
			return IOReturn.kIOReturnBadArgument;
		}
		this.commandBuffer = commands;
		this.commandMemory = commands.memory();
		this.responseBuffer = responses;
		dispatcher.useBundledResponses(responses);
		bundled = true;
		return IOReturn.kIOReturnSuccess;
	}

	// ---- I/O: parallel path -----------------------------------------------------------------------------

	@Override
	public int userProcessParallelTask(SCSIUserParallelTask task, int[] response, ParallelTaskCompletion completion) {
		int s = state;
		if ((s != RUNNING && s != PAUSED) || bundled) {
			response[0] = SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE;
			return IOReturn.kIOReturnNotReady;
		}
		long id = task.controllerTaskIdentifier();
		int tag = (int) (id - 1);
		long length = task.requestedTransferCount();
		int cdbLength = task.commandSize();
		if (id < 1 || id > mappedTasks || completion == null || cdbLength < 1
				|| cdbLength > SCSIUserParallelTask.MAX_CDB_SIZE || length < 0 || length > settings.maxTransferSize()
				|| !table.claim(tag)) {
			rejected++;
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
				task.bufferIOVMAddr(), (int) length, senseAddress(tag), senseLength());
		sq.markReady(seq);
		response[0] = SCSIServiceResponse.REQUEST_IN_PROCESS;
		sq.publish();
		return IOReturn.kIOReturnSuccess;
	}

	private long senseAddress(int tag) {
		return settings.autoSense() ? table.senseAddress(tag) : 0L;
	}

	private int senseLength() {
		return settings.autoSense() ? TaskTable.SENSE_LENGTH : 0;
	}

	// ---- I/O: bundled path --------------------------------------------------------------------------------

	@Override
	public void userProcessBundledParallelTasks(int[] slots, int count, BundledParallelTaskCompletion completion) {
		int s = state;
		if (s == STOPPED) {
			return; // after stop the framework owns every slot again; nothing may be completed
		}
		if (count < 1 || count > kMaxBundledParallelTasks || slots == null || count > slots.length
				|| completion == null) {
			rejected++;
			return;
		}
		if ((s != RUNNING && s != PAUSED) || !bundled) {
			failAll(slots, count, completion);
			return;
		}
		ByteBuffer commands = commandMemory;
		// pass 1: claim the slots that can go to the HBA (count <= 32, so one bit each), so that exactly as many
		// SQ entries are reserved as frames are written, even with duplicate slots in one call
		int claimed = 0;
		for (int i = 0; i < count; i++) {
			if (isSubmittable(commands, slots[i]) && table.claim(slots[i])) {
				claimed |= 1 << i;
			}
		}
		int valid = Integer.bitCount(claimed);
		long seq = valid > 0 ? sq.reserve(valid) : 0;
		for (int i = 0; i < count; i++) {
			if ((claimed & (1 << i)) != 0) {
				writeBundledFrame(commands, slots[i], seq++, completion);
			} else {
				failSlot(slots[i], completion);
			}
		}
		if (valid > 0) {
			sq.publish();
		}
	}

	/** Whether a slot can be put on the HBA: in range, a sane CDB and length. */
	private boolean isSubmittable(ByteBuffer commands, int slot) {
		if (slot < 0 || slot >= commandBuffer.slotCount()) {
			return false;
		}
		int base = slot * SCSIUserParallelTask.SIZE;
		int cdbLength = commands.get(base + SCSIUserParallelTask.COMMAND_SIZE_OFFSET) & 0xFF;
		long length = commands.getLong(base + SCSIUserParallelTask.REQUESTED_TRANSFER_COUNT_OFFSET);
		return cdbLength >= 1 && cdbLength <= SCSIUserParallelTask.MAX_CDB_SIZE && length >= 0
				&& length <= settings.maxTransferSize();
	}

	private void writeBundledFrame(ByteBuffer commands, int slot, long seq, BundledParallelTaskCompletion completion) {
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
				senseAddress(slot), senseLength());
		sq.markReady(seq);
	}

	/** Completes a slot the HBA cannot take with a delivery failure (error path; may allocate). */
	private void failSlot(int slot, BundledParallelTaskCompletion completion) {
		rejected++;
		if (slot < 0 || responseBuffer == null || slot >= responseBuffer.slotCount() || table.isInFlight(slot)) {
			return; // not a slot we may touch: it is not ours, or it is in flight already
		}
		SCSIUserParallelResponse response = responseBuffer.slot(slot);
		response.clear();
		response.setVersion(SCSIUserParallelResponse.CURRENT_VERSION);
		response.setTargetID(commandBuffer.slot(slot).targetID());
		response.setControllerTaskIdentifier(commandBuffer.slot(slot).controllerTaskIdentifier());
		response.setServiceResponse(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
		response.setCompletionStatus(org.hbakit.controller.api.SCSITaskStatus.DELIVERY_FAILURE);
		completion.bundledParallelTaskCompletion(new int[] { slot }, 1);
	}

	private void failAll(int[] slots, int count, BundledParallelTaskCompletion completion) {
		for (int i = 0; i < count; i++) {
			failSlot(slots[i], completion);
		}
	}

	// ---- targets --------------------------------------------------------------------------------------------

	@Override
	public int userInitializeTargetForID(long targetID) {
		if (targetID < 0 || targetID >= targetCount || targetID == initiatorId) {
			return IOReturn.kIOReturnBadArgument;
		}
		return IOReturn.kIOReturnSuccess;
	}

	// ---- task management ----------------------------------------------------------------------------------

	@Override
	public int userAbortTaskRequest(long theT, long theL, long theQ, int[] response) {
		if (!isAcceptingTaskManagement()) {
			response[0] = SCSIServiceResponse.FUNCTION_REJECTED;
			return IOReturn.kIOReturnNotReady;
		}
		synchronized (tmfLock) {
			int tag = table.findInFlight(theT, theL, theQ);
			if (tag >= 0) {
				provider.memoryWrite32(BAR, ABORT, tag);
			}
		}
		// SAM: aborting a task that no longer exists is still FUNCTION COMPLETE
		response[0] = SCSIServiceResponse.FUNCTION_COMPLETE;
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

	private boolean isAcceptingTaskManagement() {
		int s = state;
		return s == RUNNING || s == PAUSED;
	}

	private int taskManagement(int function, long target, long lun, int[] response) {
		long lunNumber = LunAddressing.tmfLun(lun);
		if (!isAcceptingTaskManagement() || target < 0 || target > 0xFFFF || lunNumber < 0) {
			response[0] = SCSIServiceResponse.FUNCTION_REJECTED;
			return isAcceptingTaskManagement() ? IOReturn.kIOReturnBadArgument : IOReturn.kIOReturnNotReady;
		}
		int status;
		synchronized (tmfLock) {
			// synchronous: when the write returns, every affected request has been posted (SR=2) to the CQ
			provider.memoryWrite64(BAR, TMF, tmf(function, target, lunNumber));
			status = provider.memoryRead32(BAR, TMF_STATUS);
		}
		response[0] = status == TMF_STATUS_COMPLETE ? SCSIServiceResponse.FUNCTION_COMPLETE
				: SCSIServiceResponse.FUNCTION_REJECTED;
		return IOReturn.kIOReturnSuccess;
	}

	// ---- power ------------------------------------------------------------------------------------------------

	@Override
	public int setPowerState(int powerFlags, IOSCSIParallelFamily framework) {
		int rc = IOReturn.kIOReturnSuccess;
		if (powerFlags == IOServicePowerCapability.kIOServicePowerCapabilityOff
				|| powerFlags == IOServicePowerCapability.kIOServicePowerCapabilityPause) {
			if (state == RUNNING) {
				sq.pause();
				state = PAUSED;
			}
			if (state == PAUSED && !awaitQuiesced(settings.quiesceTimeoutMillis())) {
				log(System.Logger.Level.WARNING, String.format("%s: %d requests still outstanding after %d ms quiesce",
						provider.location(), outstanding(), settings.quiesceTimeoutMillis()), null);
				rc = IOReturn.kIOReturnTimeout;
			}
		} else if (powerFlags == IOServicePowerCapability.kIOServicePowerCapabilityOn && state == PAUSED) {
			state = RUNNING;
			sq.resume();
		}
		framework.setPowerStateComplete(powerFlags);
		return rc;
	}

	/** Requests handed to the device and not yet completed. */
	private long outstanding() {
		return sq == null ? 0 : sq.rungCount() - dispatcher.completedCount();
	}

	private boolean awaitQuiesced(long timeoutMillis) {
		long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
		synchronized (quiesceMonitor) {
			quiescing = true;
			try {
				while (outstanding() > 0 && state == PAUSED) {
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						return false;
					}
					quiesceMonitor.wait(Math.max(1, left / 1_000_000L));
				}
				return true;
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return false;
			} finally {
				quiescing = false;
			}
		}
	}

	private void afterDrain() {
		if (quiescing) { // only while a power transition waits: one volatile read per drain otherwise
			wakeQuiesce();
		}
	}

	private void wakeQuiesce() {
		synchronized (quiesceMonitor) {
			quiesceMonitor.notifyAll();
		}
	}

	// ---- diagnostics ------------------------------------------------------------------------------------------

	/** A snapshot of this instance's counters, for tests, measurements and the shell. */
	public Statistics statistics() {
		return new Statistics(sq == null ? 0 : sq.rungCount(), dispatcher == null ? 0 : dispatcher.completedCount(),
				sq == null ? 0 : sq.doorbellWrites(), dispatcher == null ? 0 : dispatcher.interruptCount(),
				dispatcher == null ? 0 : dispatcher.unexpectedCount(), rejected,
				table == null ? 0 : table.inFlightCount());
	}

	/**
	 * Counters of one controller instance.
	 *
	 * @param submitted    requests handed to the HBA through the doorbell
	 * @param completed    tasks completed to the framework
	 * @param doorbells    {@code SQ_TAIL} writes
	 * @param interrupts   interrupt handler calls
	 * @param unexpected   completion entries whose TAG was not in flight (dropped)
	 * @param rejected     tasks refused at submission
	 * @param inFlight     requests in flight now
	 */
	public record Statistics(long submitted, long completed, long doorbells, long interrupts, long unexpected,
			long rejected, int inFlight) {
	}

	/** Whether the bundled path was accepted. */
	public boolean isBundled() {
		return bundled;
	}
}
