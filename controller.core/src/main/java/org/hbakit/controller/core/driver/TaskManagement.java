package org.hbakit.controller.core.driver;

import static org.hbakit.controller.api.simhba.HBARegisters.*;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.pci.IOPCIDevice;

/**
 * SAM task management on the simulated HBA: ABORT TASK writes the request's TAG to {@code ABORT}; the other
 * functions write {@code TMF} and read {@code TMF_STATUS}. Calls come on the framework's queue thread one at a
 * time; a lock keeps two writers (should they ever come) from interleaving their register accesses.
 */
final class TaskManagement {
	private final IOPCIDevice provider;
	private final TaskTable table;
	private final Object lock = new Object();

	TaskManagement(IOPCIDevice provider, TaskTable table) {
		this.provider = provider;
		this.table = table;
	}

	/** ABORT TASK of the in-flight request tagged {@code taskTag} on target/LUN; FUNCTION COMPLETE if it is gone. */
	int abortTask(long target, long lun, long taskTag, int[] response) {
		synchronized (lock) {
			int tag = table.findInFlight(target, lun, taskTag);
			if (tag >= 0) {
				provider.memoryWrite32(BAR, ABORT, tag);
			}
		}
		// SAM: aborting a task that no longer exists is still FUNCTION COMPLETE
		response[0] = SCSIServiceResponse.FUNCTION_COMPLETE;
		return IOReturn.kIOReturnSuccess;
	}

	/** One of the {@code TMF_*} functions on target/LUN ({@code lun} a LUN number or the SAM LUN bytes). */
	int function(int function, long target, long lun, int[] response) {
		long lunNumber = LunAddressing.tmfLun(lun);
		if (target < 0 || target > 0xFFFF || lunNumber < 0) {
			response[0] = SCSIServiceResponse.FUNCTION_REJECTED;
			return IOReturn.kIOReturnBadArgument;
		}
		int status;
		synchronized (lock) {
			// synchronous: when the write returns, every affected request has been posted (SR=2) to the CQ
			provider.memoryWrite64(BAR, TMF, tmf(function, target, lunNumber));
			status = provider.memoryRead32(BAR, TMF_STATUS);
		}
		response[0] = status == TMF_STATUS_COMPLETE ? SCSIServiceResponse.FUNCTION_COMPLETE
				: SCSIServiceResponse.FUNCTION_REJECTED;
		return IOReturn.kIOReturnSuccess;
	}
}
