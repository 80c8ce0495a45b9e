package org.hbakit.controller.core.driver;

import static org.hbakit.controller.api.simhba.HBARegisters.*;

import java.util.concurrent.locks.LockSupport;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.pci.IOPCIDevice;

/**
 * SAM task management on the simulated HBA, never waiting longer than the configured
 * {@code taskManagementTimeoutMillis}. {@code ABORT} and {@code TMF} are posted writes (register interface 1.1): the
 * write returns at once and {@code TMF_STATUS.BUSY} stays set until the device has executed it. ABORT TASK waits for
 * BUSY to clear and for the aborted request's completion (the interrupt handler delivers it and signals the
 * {@link DrainSignal}); the other functions wait for BUSY to clear and read the result. When the device does not
 * answer in time the call returns {@code kIOReturnTimeout} with {@code SERVICE_DELIVERY_OR_TARGET_FAILURE}.
 * <p>
 * Calls come on the controller's queue one at a time; a lock keeps two callers (should they ever come) from
 * interleaving register writes and result reads.
 */
final class TaskManagement {
	/** Spins before a BUSY poll starts parking. */
	private static final int SPINS = 1_000;
	/** Longest park between BUSY polls. */
	private static final long MAX_POLL_NANOS = 100_000L;

	private final IOPCIDevice provider;
	private final TaskTable table;
	private final DrainSignal drained;
	private final long timeoutNanos;
	private final System.Logger log;
	private final Object lock = new Object();

	TaskManagement(IOPCIDevice provider, TaskTable table, DrainSignal drained, long timeoutMillis, System.Logger log) {
		this.provider = provider;
		this.table = table;
		this.drained = drained;
		this.timeoutNanos = timeoutMillis * 1_000_000L;
		this.log = log;
	}

	/**
	 * ABORT TASK of the in-flight request tagged {@code taskTag} on target/LUN: FUNCTION COMPLETE once it has
	 * completed (as aborted, or normally if it got there first), or at once if no such request is in flight (SAM:
	 * aborting a task that is gone completes).
	 */
	int abortTask(long target, long lun, long taskTag, int[] response) {
		synchronized (lock) {
			int tag = table.findInFlight(target, lun, taskTag);
			if (tag >= 0) {
				int generation = table.generation(tag);
				long deadline = System.nanoTime() + timeoutNanos;
				provider.memoryWrite32(BAR, ABORT, tag);
				if (awaitNotBusy(deadline) < 0
						|| !drained.await(() -> table.generation(tag) != generation, deadline)) {
					return timedOut("ABORT TASK of TAG " + tag, response);
				}
			}
		}
		response[0] = SCSIServiceResponse.FUNCTION_COMPLETE;
		return IOReturn.kIOReturnSuccess;
	}

	/**
	 * One of the {@code TMF_*} functions on target/LUN ({@code lun} a LUN number or the SAM LUN bytes): FUNCTION
	 * COMPLETE or FUNCTION REJECTED from {@code TMF_STATUS} once BUSY clears (every affected request is in the CQ then).
	 */
	int function(int function, long target, long lun, int[] response) {
		long lunNumber = LunAddressing.tmfLun(lun);
		if (target < 0 || target > 0xFFFF || lunNumber < 0) {
			response[0] = SCSIServiceResponse.FUNCTION_REJECTED;
			return IOReturn.kIOReturnBadArgument;
		}
		int status;
		synchronized (lock) {
			long deadline = System.nanoTime() + timeoutNanos;
			provider.memoryWrite64(BAR, TMF, tmf(function, target, lunNumber));
			status = awaitNotBusy(deadline);
		}
		if (status < 0) {
			return timedOut("task management function " + function, response);
		}
		response[0] = (status & TMF_STATUS_RESULT) == TMF_STATUS_COMPLETE ? SCSIServiceResponse.FUNCTION_COMPLETE
				: SCSIServiceResponse.FUNCTION_REJECTED;
		return IOReturn.kIOReturnSuccess;
	}

	/** Polls {@code TMF_STATUS} until BUSY clears; its value then, or -1 at the deadline. */
	private int awaitNotBusy(long deadline) {
		long park = 1_000L;
		for (int i = 0;; i++) {
			int status = provider.memoryRead32(BAR, TMF_STATUS);
			if ((status & TMF_STATUS_BUSY) == 0) {
				return status;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return -1;
			}
			if (i < SPINS) {
				Thread.onSpinWait();
			} else {
				LockSupport.parkNanos(this, Math.min(park, left));
				park = Math.min(park * 2, MAX_POLL_NANOS);
			}
		}
	}

	private int timedOut(String what, int[] response) {
		log.log(System.Logger.Level.WARNING, String.format("%s: %s not answered within %d ms", provider.location(),
				what, timeoutNanos / 1_000_000L));
		response[0] = SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE;
		return IOReturn.kIOReturnTimeout;
	}
}
