package org.hbakit.controller.core.driver;

import java.util.concurrent.atomic.LongAdder;

import org.hbakit.controller.api.BundledParallelTaskCommandBuffer;
import org.hbakit.controller.api.BundledParallelTaskResponseBuffer;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOSCSIParallelFamily;
import org.hbakit.controller.api.IOServicePowerCapability;
import org.hbakit.controller.api.pci.IOPCIDevice;

/**
 * The state machine of one controller instance, NEW → STARTED → INITIALIZED → RUNNING ⇄ PAUSED → STOPPED, and the
 * parts each step makes: {@link HBABringUp} at start, the {@link HostQueuePair}, {@link CompletionDispatcher},
 * {@link PowerGate} and {@link TaskManagement} at initialisation, the submitter of the chosen path at controller
 * start. Every method but the getters is called on the controller's queue, one at a time; the getters
 * ({@link #isRunning()}, the submitters) are read by I/O threads through volatile fields.
 */
final class DriverLifecycle {
	/** Segment alignment the controller reports (bytes). */
	static final int SEGMENT_ALIGNMENT = 4;
	private static final int NEW = 0, STARTED = 1, INITIALIZED = 2, RUNNING = 3, PAUSED = 4, STOPPED = 5;

	private final Object owner;
	private final DriverSettings settings;
	private final System.Logger log;
	private final LongAdder rejected;
	private volatile int state = NEW;
	private IOPCIDevice provider;
	private IOSCSIParallelFamily family;
	private HBABringUp hba;
	private volatile HostQueuePair queues;
	private volatile CompletionDispatcher dispatcher;
	private final DrainSignal drained = new DrainSignal();
	private PowerGate power;
	private TaskManagement taskManagement;
	private volatile ParallelSubmitter parallel;
	private volatile BundledSubmitter bundled;
	private BundledParallelTaskCommandBuffer commandBuffer;
	private BundledParallelTaskResponseBuffer responseBuffer;
	private int taskCount;
	private int mappedTasks;
	private boolean handlerRegistered;

	/** @param owner the controller instance, which opens the provider */
	DriverLifecycle(Object owner, DriverSettings settings, System.Logger log, LongAdder rejected) {
		this.owner = owner;
		this.settings = settings;
		this.log = log;
		this.rejected = rejected;
	}

	int start(IOPCIDevice device, IOSCSIParallelFamily framework) {
		if (state != NEW) {
			return IOReturn.kIOReturnNotPermitted;
		}
		if (device == null || framework == null) {
			return IOReturn.kIOReturnBadArgument;
		}
		if (!HBABringUp.isSupported(device)) {
			log.log(System.Logger.Level.WARNING, "not a simulated HBA: " + device.location());
			return IOReturn.kIOReturnUnsupported;
		}
		if (!device.open(owner)) {
			return IOReturn.kIOReturnExclusiveAccess;
		}
		HBABringUp bringUp = new HBABringUp(device, log);
		int rc = bringUp.enableDecoding();
		if (rc != IOReturn.kIOReturnSuccess) {
			device.close(owner);
			return rc;
		}
		this.provider = device;
		this.family = framework;
		this.hba = bringUp;
		state = STARTED;
		return IOReturn.kIOReturnSuccess;
	}

	int initialize() {
		if (state != STARTED) {
			return IOReturn.kIOReturnNotPermitted;
		}
		if (!hba.readCapabilities()) {
			return IOReturn.kIOReturnNoResources;
		}
		taskCount = Math.min(settings.maxTaskCount(), hba.maxQueueEntriesMinusOne());
		if (!hba.disable()) {
			return IOReturn.kIOReturnTimeout;
		}
		try {
			queues = new HostQueuePair(provider, taskCount, log);
		} catch (RuntimeException e) {
			log.log(System.Logger.Level.ERROR, provider.location() + ": cannot map the queues", e);
			return IOReturn.kIOReturnNoResources;
		}
		queues.program();
		dispatcher = new CompletionDispatcher(queues.cq(), queues.entries(), queues.table(), queues.cqHeadDoorbell(),
				settings.autoSense(), drained);
		power = new PowerGate(queues.sq(), dispatcher, drained);
		taskManagement = new TaskManagement(provider, queues.table(), drained, settings.taskManagementTimeoutMillis(),
				log);
		int rc = hba.reportTo(family, settings.maxTransferSize(), SEGMENT_ALIGNMENT);
		if (rc != IOReturn.kIOReturnSuccess) {
			queues.release(log);
			return rc;
		}
		state = INITIALIZED;
		log.log(System.Logger.Level.INFO, provider.location() + ": initialized, " + taskCount + " tasks, queues of "
				+ queues.entries() + " entries, " + hba.targetCount() + " targets");
		return IOReturn.kIOReturnSuccess;
	}

	int mapTask(int[] uniqueTaskID) {
		if (state != INITIALIZED) {
			return IOReturn.kIOReturnNotPermitted;
		}
		if (mappedTasks >= taskCount) {
			return IOReturn.kIOReturnNoResources;
		}
		int tag = mappedTasks++;
		queues.table().map(tag);
		uniqueTaskID[0] = tag + 1;
		return IOReturn.kIOReturnSuccess;
	}

	int mapBundledBuffers(BundledParallelTaskCommandBuffer commands, BundledParallelTaskResponseBuffer responses) {
		if (settings.path() == DriverSettings.Path.PARALLEL) {
			return IOReturn.kIOReturnUnsupported;
		}
		if (state != INITIALIZED) {
			return IOReturn.kIOReturnNotPermitted;
		}
		if (commands == null || responses == null || commands.slotCount() != responses.slotCount()
				|| commands.slotCount() > taskCount) {
			log.log(System.Logger.Level.WARNING, "bundled buffers do not fit " + taskCount + " tasks; declining");
			return IOReturn.kIOReturnBadArgument;
		}
		this.commandBuffer = commands;
		this.responseBuffer = responses;
		dispatcher.useBundledResponses(responses);
		return IOReturn.kIOReturnSuccess;
	}

	int startController() {
		if (state != INITIALIZED) {
			return IOReturn.kIOReturnNotPermitted;
		}
		int rc = hba.enable();
		if (rc != IOReturn.kIOReturnSuccess) {
			return rc;
		}
		if (commandBuffer != null) {
			bundled = new BundledSubmitter(queues, commandBuffer, responseBuffer, settings, rejected);
		} else {
			parallel = new ParallelSubmitter(queues, mappedTasks, settings, rejected);
		}
		hba.connectInterrupt(dispatcher, settings.coalescingThreshold(), settings.coalescingTimeMicros());
		handlerRegistered = true;
		state = RUNNING;
		log.log(System.Logger.Level.INFO, provider.location() + ": started, "
				+ (commandBuffer != null ? "bundled" : "parallel") + " path");
		return IOReturn.kIOReturnSuccess;
	}

	int stop() {
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
				hba.maskInterrupt();
				// no completion after stop: close first, then wait out a handler that may be running
				dispatcher.close();
				hba.disconnectInterrupt();
				handlerRegistered = false;
			} else if (dispatcher != null) {
				dispatcher.close();
			}
			if (was >= INITIALIZED) {
				hba.disable(); // drops every request not yet completed
			}
		} catch (RuntimeException e) {
			log.log(System.Logger.Level.WARNING, provider.location() + ": error while stopping", e);
		}
		if (queues != null) {
			queues.table().clearAll();
			queues.release(log);
		}
		drained.close();
		provider.close(owner);
		log.log(System.Logger.Level.INFO, provider.location() + ": stopped");
		return IOReturn.kIOReturnSuccess;
	}

	int setPowerState(int powerFlags, IOSCSIParallelFamily framework) {
		int rc = IOReturn.kIOReturnSuccess;
		if (powerFlags == IOServicePowerCapability.kIOServicePowerCapabilityOff
				|| powerFlags == IOServicePowerCapability.kIOServicePowerCapabilityPause) {
			if (state == RUNNING) {
				power.pause();
				state = PAUSED;
			}
			if (state == PAUSED && !power.awaitQuiesced(settings.quiesceTimeoutMillis())) {
				log.log(System.Logger.Level.WARNING, String.format("%s: %d requests still outstanding after %d ms quiesce",
						provider.location(), power.outstanding(), settings.quiesceTimeoutMillis()));
				rc = IOReturn.kIOReturnTimeout;
			}
		} else if (powerFlags == IOServicePowerCapability.kIOServicePowerCapabilityOn && state == PAUSED) {
			state = RUNNING;
			power.resume();
		}
		framework.setPowerStateComplete(powerFlags);
		return rc;
	}

	/** Running or paused: I/O and task management are accepted. */
	boolean isRunning() {
		int s = state;
		return s == RUNNING || s == PAUSED;
	}

	boolean isStopped() {
		return state == STOPPED;
	}

	/** The bring-up registers (after start). */
	HBABringUp hba() {
		return hba;
	}

	int taskCount() {
		return taskCount;
	}

	ParallelSubmitter parallel() {
		return parallel;
	}

	BundledSubmitter bundled() {
		return bundled;
	}

	TaskManagement taskManagement() {
		return taskManagement;
	}

	HostQueuePair queues() {
		return queues;
	}

	CompletionDispatcher dispatcher() {
		return dispatcher;
	}

	boolean isBundled() {
		return commandBuffer != null;
	}
}
