package org.hbakit.bridge.engine;

import static org.hbakit.controller.api.IOReturn.kIOReturnSuccess;

import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSIParallelFeature;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.registry.ViolationKind;

/**
 * Sends requests to the controller: takes a free task, fills its {@code SCSIUserParallelTask}, maps the data, and
 * calls {@code UserProcessParallelTask} or {@code UserProcessBundledParallelTasks} (at most 32 slots a call; their
 * ownership passes to the controller). Runs on client threads (a request admitted at once) and on the controller's
 * queue (requests that waited, autosense); never inside a completion callback. Allocates nothing and locks nothing
 * for requests within the controller's transfer limits (one comparison); a larger one goes to {@link TransferLimits}
 * (split into parts that wait in the lanes, or refused).
 * <p>
 * The bundled call's slot-index array is the calling thread's and stays untouched until the call returns, as the
 * API promises: a completion made inside the call (the IIG allows it) never dispatches, and a dispatch nested in a
 * controller call on the same thread (a contract violation) waits in the lanes instead of reusing the array.
 */
final class Dispatcher {
	/** One thread's slot-index array and whether it is in use by a bundled call now. */
	private static final class Scratch {
		final int[] slots = new int[IOUserSCSIParallelInterfaceController.kMaxBundledParallelTasks];
		boolean inUse;
	}

	private final ControllerBinding binding;
	private final IOUserSCSIParallelInterfaceController controller;
	private final TaskTable table;
	private final TransferLimits limits;
	/** Requests of at most this many bytes are within the controller's limits in either direction. */
	private final long withinLimits;
	private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

	Dispatcher(ControllerBinding binding) {
		this.binding = binding;
		this.controller = binding.controller;
		this.table = binding.table;
		this.limits = binding.limits;
		this.withinLimits = limits.smallest;
	}

	/**
	 * Whether {@code r} is larger than the controller takes and was taken over (split into parts that wait in the
	 * lanes, or refused). One comparison for a request within the limits.
	 */
	private boolean diverted(IORequest r) {
		return r.dataLength > withinLimits && limits.divert(r);
	}

	/** Whether a task is free now (a hint). */
	boolean hasFreeTask() {
		return table.free.peekAvailable();
	}

	/**
	 * Sends {@code request} if a task is free.
	 *
	 * @return false if no task was free (the request is untouched)
	 */
	boolean tryDispatch(IORequest request) {
		if (diverted(request)) {
			return true;
		}
		if (table.bundled()) {
			Scratch s = scratch.get();
			if (s.inUse) {
				return false; // nested inside this thread's own bundled call: let it wait for the pump
			}
			Task t = table.free.poll();
			if (t == null) {
				return false;
			}
			arm(t, request);
			s.slots[0] = t.slot;
			sendBundle(s, 1);
			return true;
		}
		Task t = table.free.poll();
		if (t == null) {
			return false;
		}
		arm(t, request);
		sendParallel(t);
		return true;
	}

	/**
	 * Sends up to {@code count} requests from {@code requests[from]}, in bundles of at most 32 on the bundled path.
	 *
	 * @return how many were sent (the first ones); the rest found no free task
	 */
	int dispatchBatch(IORequest[] requests, int from, int count) {
		int sent = 0;
		if (!table.bundled()) {
			while (sent < count && tryDispatch(requests[from + sent])) {
				sent++;
			}
			return sent;
		}
		Scratch s = scratch.get();
		if (s.inUse) {
			return 0;
		}
		while (sent < count) {
			int n = 0; // slots of this bundle
			int taken = 0; // requests it consumed: sent in it, or diverted
			while (n < s.slots.length && sent + taken < count) {
				IORequest r = requests[from + sent + taken];
				if (diverted(r)) {
					taken++;
					continue;
				}
				Task t = table.free.poll();
				if (t == null) {
					break;
				}
				arm(t, r);
				s.slots[n++] = t.slot;
				taken++;
			}
			if (n > 0) {
				sendBundle(s, n);
			}
			if (taken == 0) {
				break;
			}
			sent += taken;
		}
		return sent;
	}

	/**
	 * Sends waiting requests of {@code lane} while tasks are free (the pump, on the controller's queue).
	 *
	 * @return true if the lane emptied, false if the tasks ran out first
	 */
	boolean dispatchFrom(WaitingLane lane) {
		if (!table.bundled()) {
			while (true) {
				if (!hasFreeTask()) {
					return lane.isEmpty();
				}
				IORequest r = lane.take();
				if (r == null) {
					return true;
				}
				if (!tryDispatch(r)) {
					lane.giveBack(r);
					return false;
				}
			}
		}
		Scratch s = scratch.get();
		while (true) {
			int n = 0;
			while (n < s.slots.length) {
				Task t = table.free.poll();
				if (t == null) {
					break;
				}
				IORequest r;
				while ((r = lane.take()) != null && diverted(r)) {
					// taken over: the task stays for the next request
				}
				if (r == null) {
					table.free.offer(t);
					break;
				}
				arm(t, r);
				s.slots[n++] = t.slot;
			}
			if (n > 0) {
				sendBundle(s, n);
			}
			if (n < s.slots.length) {
				return lane.isEmpty(); // the lane emptied or the tasks ran out
			}
		}
	}

	/** Sends a task the framework re-armed itself (autosense's REQUEST SENSE), on the controller's queue. */
	void resend(Task t) {
		if (table.bundled()) {
			Scratch s = scratch.get();
			s.slots[0] = t.slot;
			sendBundle(s, 1);
		} else {
			sendParallel(t);
		}
	}

	private void arm(Task t, IORequest r) {
		t.request = r;
		t.autosensing = false;
		long timeout = r.timeoutMs > 0 ? r.timeoutMs : binding.settings().defaultTaskTimeoutMs();
		long now = System.nanoTime();
		t.dispatchNanos = now;
		t.deadlineNanos = now + timeout * 1_000_000L;
		binding.inFlight.increment();
		t.arm();
		fill(t, r.cdb, r.cdbLength, r.dataLength, r.direction, timeout);
		t.view.setBufferIOVMAddr(r.dataLength == 0 ? 0 : t.dma.prepareForDMA(r.data, r.dataOffset, r.dataLength));
	}

	/** Re-arms {@code t} (state COMPLETING, owned by the caller) for REQUEST SENSE into its own sense buffer. */
	void armAutosense(Task t) {
		t.autosensing = true;
		long grace = binding.settings().abortGraceMs();
		long now = System.nanoTime();
		t.dispatchNanos = now;
		t.deadlineNanos = now + grace * 1_000_000L;
		t.arm();
		fill(t, Task.REQUEST_SENSE_CDB, 6, Task.SENSE_ALLOCATION, SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR,
				grace);
		t.view.setBufferIOVMAddr(t.dma.prepareForDMA(t.senseBuffer, 0, Task.SENSE_ALLOCATION));
	}

	private void fill(Task t, byte[] cdb, int cdbLength, int length, int direction, long timeoutMs) {
		IORequest r = t.request;
		SCSIUserParallelTask v = t.view;
		int features = binding.features.requestMask(r.targetID);
		t.requestedFeatures = features;
		v.setVersion(SCSIUserParallelTask.CURRENT_VERSION)
				.setTargetID(r.targetID)
				.setFeatureRequestCount(Integer.bitCount(features))
				.setControllerTaskIdentifier(t.controllerTaskId)
				.setRequestedTransferCount(length)
				.setTaskAttribute(r.taskAttribute)
				.setTaskTagIdentifier(t.tag)
				.setLogicalUnitBytes(r.lunBytes)
				.setCommandDescriptorBlock(cdb, cdbLength)
				.setTransferDirection(length == 0 ? SCSIDataTransferDirection.NO_DATA_TRANSFER : direction)
				.setTimeoutInMilliSec(timeoutMs);
		for (int f = 0; f < SCSIParallelFeature.TOTAL_FEATURE_COUNT; f++) {
			v.setFeatureRequest(f, (features >>> f & 1) != 0 ? SCSIParallelFeature.REQUEST_ATTEMPT_NEGOTIATION
					: SCSIParallelFeature.REQUEST_NO_NEGOTIATION);
		}
	}

	private void sendParallel(Task t) {
		int rc;
		int[] response = t.serviceResponse;
		response[0] = SCSIServiceResponse.REQUEST_IN_PROCESS;
		long stamp = t.stamp();
		try {
			rc = controller.userProcessParallelTask(t.view, response, binding.completions.parallel);
		} catch (Throwable e) {
			binding.violation(ViolationKind.THREW, "threw from UserProcessParallelTask", t, e);
			rc = org.hbakit.controller.api.IOReturn.kIOReturnError;
		}
		if (rc != kIOReturnSuccess) {
			binding.completions.finishFailed(t, stamp, SCSITaskStatus.DELIVERY_FAILURE);
		} else if (response[0] != SCSIServiceResponse.REQUEST_IN_PROCESS) {
			// a synchronous service response completes the task at once
			binding.completions.finishSynchronously(t, stamp, response[0]);
		}
	}

	private void sendBundle(Scratch s, int n) {
		int[] slots = s.slots;
		SlotOwnership ownership = table.ownership;
		for (int i = 0; i < n; i++) {
			ownership.giveToController(slots[i]);
		}
		s.inUse = true;
		try {
			controller.userProcessBundledParallelTasks(slots, n, binding.completions.bundled);
		} catch (Throwable e) {
			// the controller may have taken some of the slots: only those it still owns fail here
			binding.violation(ViolationKind.THREW, "threw from UserProcessBundledParallelTasks", table.tasks[slots[0]], e);
			for (int i = 0; i < n; i++) {
				Task t = table.tasks[slots[i]];
				if (ownership.takeFromController(t.slot)) {
					binding.completions.finishFailed(t, t.stamp(), SCSITaskStatus.DELIVERY_FAILURE);
				}
			}
		} finally {
			s.inUse = false;
		}
	}
}
