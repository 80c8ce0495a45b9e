package org.hbakit.bridge.engine;

import static org.hbakit.controller.api.IOReturn.kIOReturnSuccess;

import java.nio.ByteBuffer;
import java.util.function.Supplier;

import org.hbakit.controller.api.BundledParallelTaskCommandBuffer;
import org.hbakit.controller.api.BundledParallelTaskResponseBuffer;
import org.hbakit.controller.api.DMASpecification;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.pci.IODMACommand;
import org.hbakit.controller.api.pci.IOPCIDevice;

/**
 * DriverKit's start sequence for one controller instance on one device, in Apple's order: {@code Start},
 * {@code UserInitializeController} (the required HBA constraints must have been reported), the reports,
 * {@code UserGetDMASpecification}, {@code UserMapHBAData} per task, {@code UserMapBundledParallelTaskCommandAndResponseBuffers}
 * (success commits to the bundled path) and {@code UserStartController}. A failure at any step unwinds what was done
 * (ending with {@code Stop}) and names the step. Runs on the controller's queue, as one job the supervisor waits
 * for with a bound.
 */
public final class StartSequence {
	/** Most tasks a binding takes: tags carry the slot in {@value Task#TAG_SLOT_BITS} bits. */
	public static final int MAX_TASKS = 1 << Task.TAG_SLOT_BITS;
	/** Bundled slot indices are uint16. */
	public static final int MAX_BUNDLED_SLOTS = 0xFFFF;
	/** The constraints the transfer limits are made of: each must be positive. */
	private static final java.util.List<String> SEGMENT_KEYS = java.util.List.of(
			org.hbakit.controller.api.HBAConstraints.kIOMaximumSegmentCountReadKey,
			org.hbakit.controller.api.HBAConstraints.kIOMaximumSegmentCountWriteKey,
			org.hbakit.controller.api.HBAConstraints.kIOMaximumSegmentByteCountReadKey,
			org.hbakit.controller.api.HBAConstraints.kIOMaximumSegmentByteCountWriteKey);

	/** Everything a binding is made of besides what the controller reports. */
	public record Setup(IOPCIDevice device, IOUserSCSIParallelInterfaceController controller, ControllerBinding.Identity identity,
			ControllerQueue queue, Admission admission, BindingEvents events, Supplier<EngineSettings> settings,
			System.Logger log) {
	}

	private final Setup setup;
	private final IOUserSCSIParallelInterfaceController controller;
	private boolean started;
	private IODMACommand[] dma = new IODMACommand[0];
	private int dmaMade;

	public StartSequence(Setup setup) {
		this.setup = setup;
		this.controller = setup.controller();
	}

	/**
	 * Runs the sequence; on the controller's queue.
	 *
	 * @throws StartFailure naming the step that failed (everything done was unwound)
	 */
	public ControllerBinding run() throws StartFailure {
		FamilyImpl family = new FamilyImpl(setup.device(), setup.identity().toString(), setup.log());
		try {
			step("Start", controller.start(setup.device(), family));
			started = true;
			step("UserInitializeController", controller.userInitializeController());
			String missing = family.missingConstraint();
			if (missing != null) {
				throw new StartFailure("UserInitializeController returned without reporting the required HBA constraint '"
						+ missing + "' through UserReportHBAConstraints");
			}
			for (String key : SEGMENT_KEYS) {
				long v = ((Number) family.constraints().get(key)).longValue();
				if (v <= 0) {
					throw new StartFailure("UserReportHBAConstraints reported " + key + " " + v + ": it must be positive");
				}
			}
			ControllerReports reports = reports(family);
			int n = reports.maxTaskCount();
			long[] ids = mapHBAData(n);
			SlotOwnership ownership = null;
			BundledParallelTaskCommandBuffer commands = null;
			BundledParallelTaskResponseBuffer responses = null;
			boolean offered = n <= MAX_BUNDLED_SLOTS && setup.events().offerBundledBuffers();
			if (offered) {
				ownership = new SlotOwnership(n);
				commands = new BundledParallelTaskCommandBuffer(ByteBuffer.allocateDirect(n * SCSIUserParallelTask.SIZE),
						n, ownership);
				responses = new BundledParallelTaskResponseBuffer(
						ByteBuffer.allocateDirect(n * SCSIUserParallelResponse.SIZE), n, ownership);
				BundledParallelTaskCommandBuffer c = commands;
				BundledParallelTaskResponseBuffer r = responses;
				int mapped = call(() -> controller.userMapBundledParallelTaskCommandAndResponseBuffers(c, r));
				if (mapped != kIOReturnSuccess) {
					ownership = null;
					commands = null;
					responses = null;
				}
			}
			TaskTable table;
			try {
				table = new TaskTable(ids, dma, ownership, commands, responses);
			} catch (IllegalArgumentException e) {
				throw new StartFailure("UserMapHBAData returned a task id twice: " + e.getMessage());
			}
			step("UserStartController", controller.userStartController());
			return new ControllerBinding(setup, family, reports, table, offered);
		} catch (StartFailure failure) {
			unwind(family);
			throw failure;
		} catch (Throwable e) {
			unwind(family);
			throw new StartFailure("the controller threw during its start sequence: " + e, e);
		}
	}

	private ControllerReports reports(FamilyImpl family) throws StartFailure {
		long[] l = new long[1];
		int[] i = new int[1];
		boolean[] b = new boolean[1];
		step("UserReportInitiatorIdentifier", controller.userReportInitiatorIdentifier(l));
		long initiatorId = l[0];
		l[0] = 0;
		step("UserReportHighestSupportedDeviceID", controller.userReportHighestSupportedDeviceID(l));
		long highestTargetId = l[0];
		i[0] = 0;
		step("UserReportMaximumTaskCount", controller.userReportMaximumTaskCount(i));
		int maxTaskCount = i[0];
		if (maxTaskCount <= 0 || maxTaskCount > MAX_TASKS) {
			throw new StartFailure("UserReportMaximumTaskCount reported " + Integer.toUnsignedString(maxTaskCount)
					+ ": it must be 1.." + MAX_TASKS);
		}
		l[0] = 0;
		step("UserReportHBAHighestLogicalUnitNumber", controller.userReportHBAHighestLogicalUnitNumber(l));
		long highestLun = l[0];
		// an out parameter left unset reads as false, not as the last answer
		b[0] = false;
		step("UserDoesHBAPerformAutoSense", controller.userDoesHBAPerformAutoSense(b));
		boolean autoSense = b[0];
		b[0] = false;
		step("UserDoesHBAPerformDeviceManagement", controller.userDoesHBAPerformDeviceManagement(b));
		boolean deviceManagement = b[0];
		b[0] = false;
		step("UserDoesHBASupportMultiPathing", controller.userDoesHBASupportMultiPathing(b));
		boolean multiPathing = b[0];
		DMASpecification dmaSpecification = new DMASpecification();
		step("UserGetDMASpecification", controller.userGetDMASpecification(dmaSpecification));
		if (!dmaSpecification.isValid()) {
			throw new StartFailure("UserGetDMASpecification reported an invalid specification: " + dmaSpecification);
		}
		return new ControllerReports(initiatorId, highestTargetId, maxTaskCount, highestLun, autoSense,
				deviceManagement, multiPathing, dmaSpecification, family.constraints());
	}

	/** {@code UserMapHBAData} once per task, each with its DMA command; the ids into one array (no regrowth). */
	private long[] mapHBAData(int n) throws StartFailure {
		long[] ids = new long[n];
		dma = new IODMACommand[n];
		int[] id = new int[1];
		for (int slot = 0; slot < n; slot++) {
			id[0] = -1;
			int rc = call(() -> controller.userMapHBAData(id));
			if (rc != kIOReturnSuccess) {
				throw new StartFailure("UserMapHBAData failed for task " + slot + " of " + n + ": " + IOReturn.name(rc));
			}
			ids[slot] = Integer.toUnsignedLong(id[0]);
			dma[slot] = setup.device().createDMACommand();
			dmaMade = slot + 1;
		}
		return ids;
	}

	private void unwind(FamilyImpl family) {
		if (started) {
			try {
				controller.stop();
			} catch (Throwable e) {
				setup.log().log(System.Logger.Level.ERROR, "controller " + setup.identity() + " threw from Stop on "
						+ setup.admission().name() + ": " + e);
			}
		}
		family.goOffline();
		// only once the controller stopped can the device no longer DMA into task buffers
		for (int i = 0; i < dmaMade; i++) {
			try {
				dma[i].release();
			} catch (RuntimeException e) {
				setup.log().log(System.Logger.Level.ERROR, "releasing a DMA command of " + setup.admission().name(), e);
			}
		}
	}

	private static void step(String member, int rc) throws StartFailure {
		if (rc != kIOReturnSuccess) {
			throw new StartFailure(member + " returned " + IOReturn.name(rc));
		}
	}

	private static int call(java.util.function.IntSupplier call) {
		try {
			return call.getAsInt();
		} catch (Throwable e) {
			return IOReturn.kIOReturnError;
		}
	}
}
