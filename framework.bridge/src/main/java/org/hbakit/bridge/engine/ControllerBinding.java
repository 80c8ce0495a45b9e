package org.hbakit.bridge.engine;

import static org.hbakit.controller.api.IOReturn.kIOReturnSuccess;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.hbakit.controller.api.BundledParallelTaskCommandBuffer;
import org.hbakit.controller.api.BundledParallelTaskCompletion;
import org.hbakit.controller.api.BundledParallelTaskResponseBuffer;
import org.hbakit.controller.api.DMASpecification;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.ParallelTaskCompletion;
import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.pci.IODMACommand;
import org.hbakit.controller.api.pci.IOPCIDevice;

/**
 * One controller instance bound to one device: the DriverKit start sequence with unwinding, the task table, both
 * I/O paths, completion checking, timeouts, and the orderly stop. Created and started by a {@link HostAdapter};
 * requests reach it only through its adapter.
 * <p>
 * Threads: start and stop run on the adapter's lifecycle thread. Dispatch runs on client threads, completions on
 * the controller's threads (its interrupt handler), timeouts on the watchdog thread. The I/O path takes no lock
 * and allocates nothing: tasks move between a lock-free free list and their {@link Task#state()}.
 */
public final class ControllerBinding {
	/** Identity of the binding for logs and the registry. */
	public record Identity(String bundleSymbolicName, String bundleVersion, String personality, String ioUserClass) {
		@Override
		public String toString() {
			return bundleSymbolicName + "/" + bundleVersion + "/" + personality;
		}
	}

	final HostAdapter adapter;
	final IOPCIDevice device;
	final IOUserSCSIParallelInterfaceController controller;
	final Identity identity;
	final EngineSettings settings;
	final EngineLog log;
	final FamilyImpl family;

	// reports
	long initiatorId;
	long highestTargetId;
	int maxTaskCount;
	long highestLun;
	boolean autoSense;
	boolean deviceManagement;
	boolean multiPathing;
	final DMASpecification dmaSpecification = new DMASpecification();
	volatile boolean bundled;

	private Task[] tasks = new Task[0];
	private TaskIndex index;
	private TaskFreeList free;
	private SlotOwnership ownership;
	private BundledParallelTaskCommandBuffer commandBuffer;
	private BundledParallelTaskResponseBuffer responseBuffer;
	private final ParallelCompletion parallelCompletion = new ParallelCompletion();
	private final BundledCompletion bundledCompletion = new BundledCompletion();
	private final ThreadLocal<int[]> bundleScratch = ThreadLocal.withInitial(
			() -> new int[IOUserSCSIParallelInterfaceController.kMaxBundledParallelTasks]);

	private final AtomicInteger inFlight = new AtomicInteger();
	private final AtomicLong tagSequence = new AtomicLong();
	final AtomicLong completed = new AtomicLong();
	final AtomicLong violations = new AtomicLong();
	final AtomicLong timeouts = new AtomicLong();
	final AtomicLong lateCompletions = new AtomicLong();
	/** Set once stop began: completions after it are refused. */
	private volatile boolean stopped;
	/** Undo actions of the start sequence, run in reverse on failure or stop. */
	private final Deque<Runnable> unwind = new ArrayDeque<>();
	final Map<Long, Map<String, Object>> targetProperties = new ConcurrentHashMap<>();
	final Map<String, Object> hbaProperties = new ConcurrentHashMap<>();

	ControllerBinding(HostAdapter adapter, IOUserSCSIParallelInterfaceController controller, Identity identity,
			EngineSettings settings, EngineLog log) {
		this.adapter = adapter;
		this.device = adapter.device;
		this.controller = controller;
		this.identity = identity;
		this.settings = settings;
		this.log = log;
		this.family = new FamilyImpl(this);
	}

	// ---------------------------------------------------------------- start sequence

	/**
	 * Runs Start, UserInitializeController, the reports, UserGetDMASpecification, UserMapHBAData per task,
	 * UserMapBundledParallelTaskCommandAndResponseBuffers and UserStartController, in that order. On failure the
	 * steps done are unwound in reverse (ending with Stop) and the failure names the step.
	 */
	void start() throws StartFailure {
		try {
			step("Start", controller.start(device, family));
			unwind.push(this::callStop);

			step("UserInitializeController", controller.userInitializeController());
			String missing = family.missingConstraint();
			if (missing != null) {
				throw new StartFailure("UserInitializeController returned without reporting the required HBA constraint '"
						+ missing + "' through UserReportHBAConstraints");
			}
			long[] l = new long[1];
			int[] i = new int[1];
			boolean[] b = new boolean[1];
			l[0] = 0;
			step("UserReportInitiatorIdentifier", controller.userReportInitiatorIdentifier(l));
			initiatorId = l[0];
			l[0] = 0;
			step("UserReportHighestSupportedDeviceID", controller.userReportHighestSupportedDeviceID(l));
			highestTargetId = l[0];
			i[0] = 0;
			step("UserReportMaximumTaskCount", controller.userReportMaximumTaskCount(i));
			maxTaskCount = i[0];
			if (maxTaskCount <= 0 || maxTaskCount > 0xFFFF) {
				throw new StartFailure("UserReportMaximumTaskCount reported " + maxTaskCount
						+ ": it must be greater than zero (and at most 65535 slots)");
			}
			l[0] = 0;
			step("UserReportHBAHighestLogicalUnitNumber", controller.userReportHBAHighestLogicalUnitNumber(l));
			highestLun = l[0];
			b[0] = false; // an out parameter left unset reads as false, not as the last answer
			step("UserDoesHBAPerformAutoSense", controller.userDoesHBAPerformAutoSense(b));
			autoSense = b[0];
			b[0] = false; // an out parameter left unset reads as false, not as the last answer
			step("UserDoesHBAPerformDeviceManagement", controller.userDoesHBAPerformDeviceManagement(b));
			deviceManagement = b[0];
			b[0] = false; // an out parameter left unset reads as false, not as the last answer
			step("UserDoesHBASupportMultiPathing", controller.userDoesHBASupportMultiPathing(b));
			multiPathing = b[0];
			step("UserGetDMASpecification", controller.userGetDMASpecification(dmaSpecification));
			if (!dmaSpecification.isValid()) {
				throw new StartFailure("UserGetDMASpecification reported an invalid specification: " + dmaSpecification);
			}

			createTasks();

			ownership = new SlotOwnership(maxTaskCount);
			commandBuffer = new BundledParallelTaskCommandBuffer(
					ByteBuffer.allocateDirect(maxTaskCount * SCSIUserParallelTask.SIZE), maxTaskCount, ownership);
			responseBuffer = new BundledParallelTaskResponseBuffer(
					ByteBuffer.allocateDirect(maxTaskCount * SCSIUserParallelResponse.SIZE), maxTaskCount, ownership);
			int mapped = call(() -> controller.userMapBundledParallelTaskCommandAndResponseBuffers(commandBuffer,
					responseBuffer));
			bundled = mapped == kIOReturnSuccess;
			if (!bundled) {
				commandBuffer = null;
				responseBuffer = null;
			}
			finishTasks();

			step("UserStartController", controller.userStartController());
		} catch (StartFailure failure) {
			unwindAll();
			throw failure;
		} catch (RuntimeException | Error e) {
			unwindAll();
			throw new StartFailure("the controller threw during its start sequence: " + e, e);
		}
	}

	private void createTasks() throws StartFailure {
		Task[] made = new Task[maxTaskCount];
		int[] id = new int[1];
		// one allocation each for every task's own SCSIUserParallelTask and autosense buffer: a start is on the
		// swap pause's critical path, and direct allocations are slow one by one
		ByteBuffer views = ByteBuffer.allocateDirect(maxTaskCount * SCSIUserParallelTask.SIZE);
		ByteBuffer senses = ByteBuffer.allocateDirect(maxTaskCount * Task.SENSE_ALLOCATION);
		for (int slot = 0; slot < maxTaskCount; slot++) {
			id[0] = -1;
			int rc = call(() -> controller.userMapHBAData(id));
			if (rc != kIOReturnSuccess) {
				throw new StartFailure("UserMapHBAData failed for task " + slot + " of " + maxTaskCount + ": "
						+ IOReturn.name(rc));
			}
			IODMACommand dma = device.createDMACommand();
			made[slot] = new Task(slot, Integer.toUnsignedLong(id[0]),
					new SCSIUserParallelTask(views, slot * SCSIUserParallelTask.SIZE), dma,
					senses.slice(slot * Task.SENSE_ALLOCATION, Task.SENSE_ALLOCATION));
			tasks = java.util.Arrays.copyOf(made, slot + 1);
		}
		try {
			index = new TaskIndex(made);
		} catch (IllegalArgumentException e) {
			throw new StartFailure("UserMapHBAData returned a task id twice: " + e.getMessage());
		}
		tasks = made;
	}

	private void finishTasks() {
		if (bundled) {
			// on the bundled path a task lives in its command slot
			Task[] slotted = new Task[tasks.length];
			for (Task t : tasks) {
				slotted[t.slot] = new Task(t.slot, t.controllerTaskId, commandBuffer.slot(t.slot), t.dma, t.senseBuffer);
			}
			tasks = slotted;
			index = new TaskIndex(slotted);
		}
		free = new TaskFreeList(tasks);
	}

	private void step(String member, int rc) throws StartFailure {
		if (rc != kIOReturnSuccess) {
			throw new StartFailure(member + " returned " + IOReturn.name(rc));
		}
	}

	private static int call(java.util.function.IntSupplier call) {
		try {
			return call.getAsInt();
		} catch (RuntimeException e) {
			return IOReturn.kIOReturnError;
		}
	}

	private void callStop() {
		try {
			controller.stop();
		} catch (RuntimeException e) {
			log.error("controller " + identity + " threw from Stop on " + adapter.name(), e);
		}
	}

	private void unwindAll() {
		stopped = true;
		while (!unwind.isEmpty()) {
			try {
				unwind.pop().run();
			} catch (RuntimeException e) {
				log.error("unwinding " + identity + " on " + adapter.name(), e);
			}
		}
		// only once the controller stopped can the device no longer DMA into task buffers
		for (Task t : tasks) {
			if (t != null) {
				try {
					t.dma.release();
				} catch (RuntimeException e) {
					log.error("releasing a DMA command of " + adapter.name(), e);
				}
			}
		}
	}

	// ---------------------------------------------------------------- dispatch

	/** Requests in the controller's hands. */
	int inFlight() {
		return inFlight.get();
	}

	/** Whether a task is free now (a hint). */
	boolean hasFreeTask() {
		return free.peekAvailable();
	}

	/**
	 * Sends {@code request} to the controller if a task is free.
	 *
	 * @return false if no task was free (the request is untouched)
	 */
	boolean tryDispatch(IORequest request) {
		Task t = free.poll();
		if (t == null) {
			return false;
		}
		arm(t, request);
		if (bundled) {
			int[] slots = bundleScratch.get();
			slots[0] = t.slot;
			sendBundle(slots, 1);
		} else {
			sendParallel(t);
		}
		return true;
	}

	/**
	 * Sends up to {@code count} requests from {@code requests[from]}, in bundles of at most 32 on the bundled path.
	 *
	 * @return how many were sent (the first ones); the rest found no free task
	 */
	int dispatchBatch(IORequest[] requests, int from, int count) {
		int sent = 0;
		if (!bundled) {
			while (sent < count && tryDispatch(requests[from + sent])) {
				sent++;
			}
			return sent;
		}
		int[] slots = bundleScratch.get();
		while (sent < count) {
			int n = 0;
			while (n < IOUserSCSIParallelInterfaceController.kMaxBundledParallelTasks && sent + n < count) {
				Task t = free.poll();
				if (t == null) {
					break;
				}
				arm(t, requests[from + sent + n]);
				slots[n++] = t.slot;
			}
			if (n == 0) {
				break;
			}
			sendBundle(slots, n);
			sent += n;
		}
		return sent;
	}

	private void arm(Task t, IORequest r) {
		t.request = r;
		t.autosensing = false;
		t.escalation = 0;
		fill(t, r, r.cdb, r.cdbLength, r.dataLength, r.direction);
		long now = System.nanoTime();
		t.dispatchNanos = now;
		long timeout = r.timeoutMs > 0 ? r.timeoutMs : settings.defaultTaskTimeoutMs();
		t.deadlineNanos = now + timeout * 1_000_000L;
		inFlight.incrementAndGet();
		t.setState(Task.ACTIVE);
	}

	private void fill(Task t, IORequest r, byte[] cdb, int cdbLength, int length, int direction) {
		SCSIUserParallelTask v = t.view;
		v.setVersion(SCSIUserParallelTask.CURRENT_VERSION)
				.setTargetID(r.targetID)
				.setFeatureRequestCount(0)
				.setControllerTaskIdentifier(t.controllerTaskId)
				.setRequestedTransferCount(length)
				.setTaskAttribute(r.taskAttribute)
				.setTaskTagIdentifier(t.tag = tagSequence.incrementAndGet())
				.setLogicalUnitBytes(r.lunBytes)
				.setCommandDescriptorBlock(cdb, cdbLength)
				.setTransferDirection(length == 0 ? SCSIDataTransferDirection.NO_DATA_TRANSFER : direction)
				.setTimeoutInMilliSec(r.timeoutMs > 0 ? r.timeoutMs : settings.defaultTaskTimeoutMs());
		for (int f = 0; f < org.hbakit.controller.api.SCSIParallelFeature.TOTAL_FEATURE_COUNT; f++) {
			v.setFeatureRequest(f, 0);
		}
		v.setBufferIOVMAddr(length == 0 ? 0 : t.dma.prepareForDMA(t.autosensing ? t.senseBuffer : r.data,
				t.autosensing ? 0 : r.dataOffset, length));
	}

	private void sendParallel(Task t) {
		int rc;
		int[] response = t.serviceResponse;
		response[0] = SCSIServiceResponse.REQUEST_IN_PROCESS;
		try {
			rc = controller.userProcessParallelTask(t.view, response, parallelCompletion);
		} catch (RuntimeException e) {
			violation("threw from UserProcessParallelTask", t, e);
			rc = IOReturn.kIOReturnError;
		}
		if (rc != kIOReturnSuccess) {
			finishFailed(t, SCSITaskStatus.DELIVERY_FAILURE);
		} else if (response[0] != SCSIServiceResponse.REQUEST_IN_PROCESS) {
			// a synchronous service response completes the task at once
			if (t.transition(Task.ACTIVE, Task.COMPLETING)) {
				int status = response[0] == SCSIServiceResponse.TASK_COMPLETE ? SCSITaskStatus.GOOD
						: SCSITaskStatus.DELIVERY_FAILURE;
				deliver(t, response[0], status, 0, null);
			}
		}
	}

	private void sendBundle(int[] slots, int n) {
		for (int i = 0; i < n; i++) {
			ownership.giveToController(slots[i]);
		}
		try {
			controller.userProcessBundledParallelTasks(slots, n, bundledCompletion);
		} catch (RuntimeException e) {
			// the controller may have taken some of the slots: only those it still owns fail here
			violation("threw from UserProcessBundledParallelTasks", tasks[slots[0]], e);
			for (int i = 0; i < n; i++) {
				Task t = tasks[slots[i]];
				if (ownership.takeFromController(t.slot)) {
					finishFailed(t, SCSITaskStatus.DELIVERY_FAILURE);
				}
			}
		}
	}

	/** Completes a task the controller could not take, with a delivery failure. */
	private void finishFailed(Task t, int status) {
		if (t.transition(Task.ACTIVE, Task.COMPLETING)) {
			deliver(t, SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE, status, 0, null);
		}
	}

	// ---------------------------------------------------------------- completion

	private final class ParallelCompletion implements ParallelTaskCompletion {
		@Override
		public void parallelTaskCompletion(SCSIUserParallelResponse response) {
			if (response == null) {
				violations.incrementAndGet();
				return;
			}
			Task t = index.find(response.controllerTaskIdentifier());
			if (t == null) {
				violation("completed unknown task id " + response.controllerTaskIdentifier(), null, null);
				return;
			}
			completeFromController(t, response);
		}
	}

	private final class BundledCompletion implements BundledParallelTaskCompletion {
		@Override
		public void bundledParallelTaskCompletion(int[] slots, int count) {
			if (slots == null || count < 0 || count > IOUserSCSIParallelInterfaceController.kMaxBundledParallelTasks
					|| count > slots.length) {
				violation("returned a malformed slot list (count " + count + ")", null, null);
				return;
			}
			for (int i = 0; i < count; i++) {
				int slot = slots[i];
				if (!ownership.takeFromController(slot)) {
					violation("completed slot " + slot + " it does not own", null, null);
					continue;
				}
				completeFromController(tasks[slot], responseBuffer.slot(slot));
			}
		}
	}

	private void completeFromController(Task t, SCSIUserParallelResponse response) {
		if (stopped) {
			violation("completed after Stop", t, null);
			return;
		}
		if (response.version() != SCSIUserParallelResponse.CURRENT_VERSION) {
			// DriverKit returns without completing the I/O; the task stays in flight (and will time out)
			violation("completed with response version " + response.version(), t, null);
			if (bundled) {
				ownership.giveToController(t.slot);
			}
			return;
		}
		if (t.transition(Task.QUARANTINED, Task.COMPLETING)) {
			// the late completion of a task that already timed out: drop it, the task is usable again
			lateCompletions.incrementAndGet();
			t.request = null;
			t.setState(Task.FREE);
			free.offer(t);
			adapter.pump();
			return;
		}
		if (!t.transition(Task.ACTIVE, Task.COMPLETING)) {
			violation("completed task " + t.controllerTaskId + " that is not in flight (twice?)", t, null);
			return;
		}
		int sr = response.serviceResponse();
		int status = response.completionStatus();
		if (t.escalation > 0 && sr != SCSIServiceResponse.TASK_COMPLETE) {
			status = SCSITaskStatus.TASK_TIMEOUT_OCCURRED;
		}
		if (t.autosensing) {
			finishAutosense(t, response);
			return;
		}
		if (sr == SCSIServiceResponse.TASK_COMPLETE && status == SCSITaskStatus.CHECK_CONDITION
				&& response.senseLength() == 0 && !autoSense) {
			startAutosense(t, response);
			return;
		}
		deliver(t, sr, status, response.bytesTransferred(), response);
	}

	/** The HBA did not do autosense: fetch sense with REQUEST SENSE on the same task before completing. */
	private void startAutosense(Task t, SCSIUserParallelResponse response) {
		t.savedStatus = response.completionStatus();
		t.savedBytes = response.bytesTransferred();
		t.autosensing = true;
		fill(t, t.request, Task.REQUEST_SENSE_CDB, 6, Task.SENSE_ALLOCATION,
				SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR);
		t.deadlineNanos = System.nanoTime() + settings.abortGraceMs() * 1_000_000L;
		t.setState(Task.ACTIVE);
		if (bundled) {
			int[] slots = bundleScratch.get();
			slots[0] = t.slot;
			sendBundle(slots, 1);
		} else {
			sendParallel(t);
		}
	}

	private void finishAutosense(Task t, SCSIUserParallelResponse response) {
		IORequest r = t.request;
		t.autosensing = false;
		r.outcome(SCSIServiceResponse.TASK_COMPLETE, t.savedStatus, t.savedBytes);
		if (response.serviceResponse() == SCSIServiceResponse.TASK_COMPLETE
				&& response.completionStatus() == SCSITaskStatus.GOOD) {
			ByteBuffer sense = t.senseBuffer;
			int n = (int) Math.min(response.bytesTransferred(), r.sense.length);
			sense.get(0, r.sense, 0, n);
			r.senseLength = n;
		}
		release(t, r);
	}

	/** Delivers the outcome to the client and frees the task (state COMPLETING on entry). */
	private void deliver(Task t, int serviceResponse, int status, long bytes, SCSIUserParallelResponse response) {
		IORequest r = t.request;
		r.outcome(serviceResponse, status, bytes);
		if (response != null) {
			int n = response.senseBuffer(r.sense);
			r.senseLength = n;
			if (status == SCSITaskStatus.CHECK_CONDITION && n > 0) {
				noticeUnitAttention(r.sense, n);
			}
		}
		release(t, r);
	}

	/**
	 * REPORTED LUNS DATA HAS CHANGED (06/3F/0E) and CAPACITY DATA HAS CHANGED (06/2A/09) make the framework rescan
	 * the HBA, so logical unit services follow hot-plug and resizing. Off the I/O path: only CHECK CONDITION gets here.
	 */
	private void noticeUnitAttention(byte[] sense, int length) {
		if (org.hbakit.controller.api.scsi.SenseData.senseKey(sense, length) != org.hbakit.controller.api.scsi.SenseKey.UNIT_ATTENTION) {
			return;
		}
		int asc = org.hbakit.controller.api.scsi.SenseData.asc(sense, length);
		int ascq = org.hbakit.controller.api.scsi.SenseData.ascq(sense, length);
		if (asc == 0x3F && ascq == 0x0E || asc == 0x2A && ascq == 0x09) {
			adapter.requestRescan();
		}
	}

	private void release(Task t, IORequest r) {
		t.dma.completeDMA();
		t.request = null;
		t.setState(Task.FREE);
		completed.incrementAndGet();
		free.offer(t);
		inFlight.decrementAndGet();
		r.complete();
		adapter.pump();
	}

	private void violation(String what, Task t, Throwable cause) {
		violations.incrementAndGet();
		// violations are misbehaviour, not I/O: logged each time, with the controller, task and slot
		log.warn("controller " + identity + " on " + adapter.name() + " " + what
				+ (t == null ? "" : " (task " + t.controllerTaskId + ", slot " + t.slot + ")")
				+ (cause == null ? "" : ": " + cause));
	}

	// ---------------------------------------------------------------- timeouts (watchdog thread)

	/** Escalates tasks past their deadline: abort task, LUN reset, target reset, then complete as timed out. */
	public void checkTimeouts(long now) {
		for (Task t : tasks) {
			if (t.state() != Task.ACTIVE || now - t.deadlineNanos < 0) {
				continue;
			}
			IORequest r = t.request;
			if (r == null) {
				continue;
			}
			int level = t.escalation + 1;
			t.escalation = level;
			t.deadlineNanos = now + settings.abortGraceMs() * 1_000_000L;
			int[] out = new int[1];
			switch (level) {
				case 1 -> {
					timeouts.incrementAndGet();
					log.warn("task " + t.controllerTaskId + " (slot " + t.slot + ") on " + adapter.name() + " target "
							+ r.targetID + " timed out; aborting it");
					call(() -> controller.userAbortTaskRequest(r.targetID, r.lunBytes, t.tag, out));
				}
				case 2 -> {
					log.warn("abort of task " + t.controllerTaskId + " on " + adapter.name()
							+ " did not complete it; resetting the logical unit");
					call(() -> controller.userLogicalUnitResetRequest(r.targetID, r.lunBytes, out));
				}
				case 3 -> {
					log.warn("logical unit reset did not complete task " + t.controllerTaskId + " on " + adapter.name()
							+ "; resetting target " + r.targetID);
					call(() -> controller.userTargetResetRequest(r.targetID, out));
				}
				default -> {
					// the controller never answered: the client gets the timeout, the task waits for a late completion
					if (t.transition(Task.ACTIVE, Task.COMPLETING)) {
						log.warn("task " + t.controllerTaskId + " on " + adapter.name()
								+ " completed as timed out; its slot is held until the controller returns it");
						t.request = null;
						r.outcome(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE,
								SCSITaskStatus.TASK_TIMEOUT_OCCURRED, 0);
						inFlight.decrementAndGet();
						t.setState(Task.QUARANTINED);
						r.complete();
					}
				}
			}
		}
	}

	// ---------------------------------------------------------------- stop

	/**
	 * Stops the controller: calls Stop (after which it completes nothing), then takes back every task still in
	 * flight and returns its request, in dispatch order, for the adapter to re-queue or fail.
	 */
	List<IORequest> stop() {
		stopped = true;
		unwindAll();
		List<Task> orphans = new ArrayList<>();
		for (Task t : tasks) {
			int s = t.state();
			if ((s == Task.ACTIVE || s == Task.COMPLETING) && t.request != null) {
				orphans.add(t);
			}
		}
		orphans.sort((a, b) -> Long.compare(a.dispatchNanos, b.dispatchNanos));
		List<IORequest> requests = new ArrayList<>(orphans.size());
		for (Task t : orphans) {
			IORequest r = t.request;
			t.request = null;
			t.setState(Task.FREE);
			inFlight.decrementAndGet();
			if (!t.autosensing) {
				requests.add(r);
			} else {
				r.outcome(SCSIServiceResponse.TASK_COMPLETE, t.savedStatus, t.savedBytes);
				r.complete();
			}
		}
		if (ownership != null) {
			ownership.reclaimAll();
		}
		return requests;
	}

	/** Aborts every task in flight through task management (abort task set per logical unit in use). */
	void abortInFlight() {
		int[] out = new int[1];
		java.util.Set<Long> done = new java.util.HashSet<>();
		for (Task t : tasks) {
			IORequest r = t.request;
			if (t.state() == Task.ACTIVE && r != null && done.add(r.targetID * 31 + r.lunBytes)) {
				call(() -> controller.userAbortTaskSetRequest(r.targetID, r.lunBytes, out));
			}
		}
	}

	// ---------------------------------------------------------------- family support

	/** The data buffer of the task with controller id {@code controllerTaskId}, if in flight. */
	ByteBuffer dataBufferOf(long targetID, long controllerTaskId) {
		Task t = index == null ? null : index.find(controllerTaskId);
		if (t == null || t.state() != Task.ACTIVE) {
			return null;
		}
		IORequest r = t.request;
		if (r == null || r.targetID != targetID || r.data == null) {
			return null;
		}
		return r.data.duplicate().position(r.dataOffset).limit(r.dataOffset + r.dataLength).slice();
	}

	public String path() {
		return bundled ? "bundled" : "parallel";
	}

	public Identity identity() {
		return identity;
	}

	public int maxTaskCount() {
		return maxTaskCount;
	}

	public long completed() {
		return completed.get();
	}

	public long violations() {
		return violations.get();
	}

	public long timeouts() {
		return timeouts.get();
	}

	/** Targets present. */
	public int targetCount() {
		return family.targetCount();
	}

	/** Asks the controller to change power state and waits for its acknowledgement (bounded). */
	public int setPowerState(int powerFlags) throws InterruptedException {
		return family.setPowerState(powerFlags, settings.powerAckTimeoutMs());
	}
}
