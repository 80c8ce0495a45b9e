package org.hbakit.bridge.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.registry.TaskManagementFunction;
import org.hbakit.controller.api.registry.ViolationKind;

/**
 * One controller instance bound to one device: the I/O engine of that binding — its {@link TaskTable}, the
 * {@link Dispatcher}, the {@link CompletionChecker}, framework {@link Autosense} and {@link TimeoutDetector} — and
 * the few lifecycle operations the supervisor runs on the controller's queue ({@link #initializeTargets},
 * {@link #taskManagement}, {@link #setPowerState}, {@link #stop}). Built by {@link StartSequence}; the device's
 * supervisor owns its life.
 * <p>
 * Threads: dispatch on client threads and the controller's queue; completions on the controller's threads; the
 * timeout check on the watchdog; every other call into the controller on {@link #queue()}, one at a time.
 */
public final class ControllerBinding {
	/** Identity of the binding for logs and the registry. */
	public record Identity(String bundleSymbolicName, String bundleVersion, String personality, String ioUserClass) {
		@Override
		public String toString() {
			return bundleSymbolicName + "/" + bundleVersion + "/" + personality;
		}
	}

	final IOPCIDevice device;
	final IOUserSCSIParallelInterfaceController controller;
	final Identity identity;
	final ControllerQueue queue;
	final FamilyImpl family;
	final ControllerReports reports;
	final TaskTable table;
	final Admission admission;
	final IOStatistics statistics;
	final BindingEvents events;
	private final Supplier<EngineSettings> settings;
	private final System.Logger log;
	final TransferLimits limits;
	final ParallelFeatures features = new ParallelFeatures();
	final Dispatcher dispatcher;
	final CompletionChecker completions;
	final Autosense autosense;
	private final TimeoutDetector detector;

	final LongAdder inFlight = new LongAdder();
	final LongAdder completed = new LongAdder();
	final AtomicLong violations = new AtomicLong();
	final AtomicLong timeouts = new AtomicLong();
	final AtomicLong lateCompletions = new AtomicLong();
	/** Tasks held by the controller past their timeout (changed only on timeouts and late completions). */
	final java.util.concurrent.atomic.AtomicInteger quarantined = new java.util.concurrent.atomic.AtomicInteger();
	/** Set once Stop began: completions after it are refused. */
	volatile boolean stopped;
	private final boolean bundledBuffersOffered;

	ControllerBinding(StartSequence.Setup setup, FamilyImpl family, ControllerReports reports, TaskTable table,
			boolean bundledBuffersOffered) {
		this.bundledBuffersOffered = bundledBuffersOffered;
		this.device = setup.device();
		this.controller = setup.controller();
		this.identity = setup.identity();
		this.queue = setup.queue();
		this.admission = setup.admission();
		this.statistics = admission.statistics();
		this.events = setup.events();
		this.settings = setup.settings();
		this.log = setup.log();
		this.family = family;
		this.reports = reports;
		this.table = table;
		this.limits = new TransferLimits(this, reports.maxReadBytes(), reports.maxWriteBytes());
		this.dispatcher = new Dispatcher(this);
		this.completions = new CompletionChecker(this);
		this.autosense = new Autosense(this);
		this.detector = new TimeoutDetector(this);
		queue.pump(this::pump);
		family.attach(this);
	}

	EngineSettings settings() {
		return settings.get();
	}

	/** The controller's queue: waiting requests and autosense go out from here. */
	private void pump() {
		autosense.sendPending();
		admission.pump(this);
	}

	// ---------------------------------------------------------------- the watchdog

	/** Escalates tasks past their deadline (the watchdog thread only). */
	public void checkTimeouts(long now) {
		if (!stopped) {
			detector.check(now, events);
		}
	}

	// ---------------------------------------------------------------- on the controller's queue

	/**
	 * Sends the task-management function of an escalation step, if dispatch {@code generation} of {@code slot} is
	 * still in flight; posted to the controller's queue, never waited for.
	 */
	public void taskManagement(int level, int slot, long generation, long targetID, long lunBytes, long tag) {
		queue.post(() -> {
			if (stopped || !detector.stillInFlight(slot, generation)) {
				return; // completed meanwhile: the decision was about a dispatch that is over
			}
			int[] out = new int[1];
			String what = switch (level) {
				case 1 -> "UserAbortTaskRequest";
				case 2 -> "UserLogicalUnitResetRequest";
				default -> "UserTargetResetRequest";
			};
			log(System.Logger.Level.WARNING, "task " + table.tasks[slot].controllerTaskId + " (slot " + slot + ") on "
					+ admission.name() + " target " + targetID + " timed out; " + what);
			try {
				switch (level) {
					case 1 -> controller.userAbortTaskRequest(targetID, lunBytes, tag, out);
					case 2 -> controller.userLogicalUnitResetRequest(targetID, lunBytes, out);
					default -> controller.userTargetResetRequest(targetID, out);
				}
			} catch (Throwable e) {
				violation(ViolationKind.THREW, "threw from " + what, table.tasks[slot], e);
			}
		});
	}

	/** Aborts every task in flight (ABORT TASK SET per nexus in use); runs on the controller's queue. */
	public void abortInFlight() {
		int[] out = new int[1];
		Set<List<Long>> done = new HashSet<>();
		for (Task t : table.tasks) {
			IORequest r = t.request;
			if (t.state() == Task.ACTIVE && r != null && done.add(List.of(r.targetID, r.lunBytes))) {
				try {
					controller.userAbortTaskSetRequest(r.targetID, r.lunBytes, out);
				} catch (Throwable e) {
					violation(ViolationKind.THREW, "threw from UserAbortTaskSetRequest", t, e);
				}
			}
		}
	}

	/**
	 * The targets to scan; runs on the controller's queue. Unless the controller manages devices, the framework
	 * creates ids 0…highest but the initiator, each accepted by {@code UserInitializeTargetForID}; targets the
	 * controller created are initialised here too.
	 */
	public List<Long> initializeTargets() {
		List<Long> ids = new ArrayList<>();
		if (!reports.deviceManagement()) {
			for (long id = 0; id <= reports.highestTargetId(); id++) {
				if (id != reports.initiatorId()) {
					ids.add(id);
				}
			}
		} else {
			ids.addAll(family.targets);
		}
		List<Long> present = new ArrayList<>();
		for (long id : ids) {
			if (initializeTarget(id) == IOReturn.kIOReturnSuccess) {
				present.add(id);
			} else {
				family.targets.remove(id);
			}
		}
		return present;
	}

	/** {@code UserInitializeTargetForID}; on the controller's queue. */
	public int initializeTarget(long id) {
		int rc;
		try {
			rc = controller.userInitializeTargetForID(id);
		} catch (Throwable e) {
			violation(ViolationKind.THREW, "threw from UserInitializeTargetForID(" + id + ")", null, e);
			rc = IOReturn.kIOReturnError;
		}
		if (rc == IOReturn.kIOReturnSuccess) {
			family.targets.add(id);
		}
		return rc;
	}

	/** The target's SPI features in this binding (device, supported, negotiated), or null before its INQUIRY. */
	ParallelFeatures.Nexus parallelFeatures(long target) {
		return features.of(target);
	}

	/** Forgets a target the controller created but could not initialise. */
	public void forgetTarget(long id) {
		family.targets.remove(id);
		family.targetProperties.remove(id);
	}

	/**
	 * {@code SetPowerState}; runs on the controller's queue. The acknowledgement may come inside the call or
	 * later: wait for the returned latch.
	 */
	public PowerRequest setPowerState(int powerFlags) {
		java.util.concurrent.CountDownLatch ack = family.expectPowerAck(powerFlags);
		int rc;
		try {
			rc = controller.setPowerState(powerFlags, family);
		} catch (Throwable e) {
			violation(ViolationKind.THREW, "threw from SetPowerState", null, e);
			rc = IOReturn.kIOReturnError;
		}
		return new PowerRequest(rc, ack);
	}

	/**
	 * An operator's (or a test kit's) task-management function; runs on the controller's queue.
	 *
	 * @return the service response the controller set
	 * @throws IllegalStateException if the controller returned an error code
	 */
	public int taskManagementFunction(TaskManagementFunction function, long targetID, long lunBytes) {
		int[] out = { -1 };
		String what = switch (function) {
			case ABORT_TASK_SET -> "UserAbortTaskSetRequest";
			case CLEAR_TASK_SET -> "UserClearTaskSetRequest";
			case LOGICAL_UNIT_RESET -> "UserLogicalUnitResetRequest";
			case TARGET_RESET -> "UserTargetResetRequest";
			case CLEAR_ACA -> "UserClearACARequest";
		};
		int rc;
		try {
			rc = switch (function) {
				case ABORT_TASK_SET -> controller.userAbortTaskSetRequest(targetID, lunBytes, out);
				case CLEAR_TASK_SET -> controller.userClearTaskSetRequest(targetID, lunBytes, out);
				case LOGICAL_UNIT_RESET -> controller.userLogicalUnitResetRequest(targetID, lunBytes, out);
				case TARGET_RESET -> controller.userTargetResetRequest(targetID, out);
				case CLEAR_ACA -> controller.userClearACARequest(targetID, lunBytes, out);
			};
		} catch (Throwable e) {
			violation(ViolationKind.THREW, "threw from " + what, null, e);
			throw new IllegalStateException(what + " threw: " + e);
		}
		if (rc != IOReturn.kIOReturnSuccess) {
			throw new IllegalStateException(what + " returned " + IOReturn.name(rc));
		}
		return out[0];
	}

	/** What {@link #setPowerState} started. */
	public record PowerRequest(int returnCode, java.util.concurrent.CountDownLatch acknowledgement) {
	}

	/**
	 * Stops the controller, on its queue: {@code Stop} (after which it completes nothing), then the DMA commands are
	 * released and every task still in flight is taken back. Requests of tasks the framework was autosensing
	 * complete with their saved outcome; the others are returned in dispatch order, for the supervisor to re-queue.
	 */
	public List<IORequest> stop() {
		stopped = true;
		try {
			controller.stop();
		} catch (Throwable e) {
			violation(ViolationKind.THREW, "threw from Stop", null, e);
		}
		family.goOffline();
		return reclaim();
	}

	/**
	 * Takes back every task without calling the controller: after {@link #stop}, or for a controller whose queue
	 * never returned (abandoned). A task being completed by another thread right now is left to it.
	 */
	public List<IORequest> reclaim() {
		stopped = true;
		family.goOffline();
		autosense.failPending();
		List<Task> orphans = new ArrayList<>();
		for (Task t : table.tasks) {
			long s = t.stamp();
			if (Task.state(s) == Task.ACTIVE && t.transition(s, Task.COMPLETING)) {
				orphans.add(t);
			} else if (Task.state(s) == Task.QUARANTINED) {
				t.transition(s, Task.FREE);
			}
		}
		orphans.sort((a, b) -> Long.compare(a.dispatchNanos, b.dispatchNanos));
		List<IORequest> requests = new ArrayList<>(orphans.size());
		for (Task t : orphans) {
			IORequest r = t.request;
			t.request = null;
			t.set(Task.FREE);
			inFlight.decrement();
			if (!t.autosensing) {
				requests.add(r);
			} else {
				t.autosensing = false;
				r.outcome(SCSIServiceResponse.TASK_COMPLETE, t.savedStatus, t.savedBytes);
				r.complete();
			}
		}
		if (table.ownership != null) {
			table.ownership.reclaimAll();
		}
		for (Task t : table.tasks) {
			try {
				t.dma.release();
			} catch (RuntimeException e) {
				log(System.Logger.Level.ERROR, "releasing a DMA command of " + admission.name() + ": " + e);
			}
		}
		return requests;
	}

	// ---------------------------------------------------------------- family support

	/**
	 * The host memory of the transfer in progress on the task with controller id {@code controllerTaskId}: the
	 * client's data, or the task's sense buffer while the framework's REQUEST SENSE runs on it.
	 */
	ByteBuffer dataBufferOf(long targetID, long controllerTaskId) {
		Task t = table.index.find(controllerTaskId);
		if (t == null || t.state() != Task.ACTIVE) {
			return null;
		}
		IORequest r = t.request;
		if (r == null || r.targetID != targetID) {
			return null;
		}
		if (t.autosensing) {
			return t.senseBuffer.duplicate().clear().slice();
		}
		if (r.data == null) {
			return null;
		}
		return r.data.duplicate().position(r.dataOffset).limit(r.dataOffset + r.dataLength).slice();
	}

	void violation(ViolationKind kind, String what, Task t, Throwable cause) {
		violations.incrementAndGet();
		// violations are misbehaviour, not I/O: logged each time, with the controller, task and slot
		String message = "controller " + identity + " on " + admission.name() + " " + what
				+ (t == null ? "" : " (task " + t.controllerTaskId + ", slot " + t.slot + ")")
				+ (cause == null ? "" : ": " + cause);
		log(System.Logger.Level.WARNING, message);
		events.violation(identity, kind, message);
	}

	void log(System.Logger.Level level, String message) {
		log.log(level, message);
	}

	// ---------------------------------------------------------------- what the registry shows

	public Identity identity() {
		return identity;
	}

	public ControllerQueue queue() {
		return queue;
	}

	public ControllerReports reports() {
		return reports;
	}

	public IOUserSCSIParallelInterfaceController controller() {
		return controller;
	}

	public String path() {
		return table.bundled() ? "bundled" : "parallel";
	}

	public int maxTaskCount() {
		return table.size();
	}

	/** The largest read and write of one task (bytes): larger block requests are split, other commands refused. */
	public long maxReadBytes() {
		return limits.maxRead;
	}

	public long maxWriteBytes() {
		return limits.maxWrite;
	}

	/** Requests split to the transfer limits, and requests refused as too large, so far. */
	public long splitRequests() {
		return limits.splitCount();
	}

	public long refusedRequests() {
		return limits.refusedCount();
	}

	/** The ids {@code UserMapHBAData} returned, in the order returned. */
	public long[] taskIds() {
		long[] ids = new long[table.tasks.length];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = table.tasks[i].controllerTaskId;
		}
		return ids;
	}

	/** Whether the start sequence offered the controller the bundled buffers. */
	public boolean bundledBuffersOffered() {
		return bundledBuffersOffered;
	}

	/** Tasks in the controller's hands now (exact once no dispatch can start: gate closed). */
	public long inFlight() {
		return inFlight.sum();
	}

	public long completed() {
		return completed.sum();
	}

	public long violations() {
		return violations.get();
	}

	public long timeouts() {
		return timeouts.get();
	}

	public long lateCompletions() {
		return lateCompletions.get();
	}

	/** Tasks held by the controller past their timeout. */
	public int quarantined() {
		return quarantined.get();
	}

	public int targetCount() {
		return family.targets.size();
	}

	/** The targets present now. */
	public List<Long> targets() {
		return List.copyOf(family.targets);
	}

	/** Keeps the dictionary a controller passed to {@code UserCreateTargetForID}. */
	public void targetProperties(long targetID, Map<String, ?> properties) {
		if (properties != null) {
			family.targetProperties.put(targetID, new java.util.HashMap<>(properties));
		}
	}

	public boolean isStopped() {
		return stopped;
	}

	public Map<String, Object> hbaProperties() {
		return Map.copyOf(family.hbaProperties);
	}
}
