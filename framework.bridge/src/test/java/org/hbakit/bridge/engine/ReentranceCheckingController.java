package org.hbakit.bridge.engine;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.hbakit.controller.api.BundledParallelTaskCompletion;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.ParallelTaskCompletion;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;

/**
 * A controller with one task that completes every task inline, inside the call that submitted it (as the IIG
 * allows), and checks the framework never calls it again from inside that completion and never changes the slot
 * array of a bundled call before the call returns. Answers the scan like {@link SoftwareController}'s disk of one
 * LUN by delegating to one.
 */
final class ReentranceCheckingController extends OneTargetController {
	private final SoftwareController answers;
	private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);
	private final SCSIUserParallelResponse parallelResponse = new SCSIUserParallelResponse();
	/** Calls made while another I/O call of this controller was on the same thread's stack. */
	final AtomicInteger reentered = new AtomicInteger();
	/** Bundled calls whose slot array changed during the call. */
	final AtomicInteger slotsOverwritten = new AtomicInteger();
	final AtomicInteger calls = new AtomicInteger();
	private int nextId;

	ReentranceCheckingController(boolean bundled) {
		super(1, bundled);
		answers = new SoftwareController(1, bundled);
	}

	@Override
	public int start(org.hbakit.controller.api.pci.IOPCIDevice provider,
			org.hbakit.controller.api.IOSCSIParallelFamily family) {
		answers.start(provider, family);
		return super.start(provider, family);
	}

	@Override
	public int userMapHBAData(int[] uniqueTaskID) {
		uniqueTaskID[0] = ++nextId;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userProcessParallelTask(SCSIUserParallelTask task, int[] response, ParallelTaskCompletion completion) {
		enter();
		try {
			answers.answer(task, parallelResponse.clear());
			response[0] = SCSIServiceResponse.REQUEST_IN_PROCESS;
			completion.parallelTaskCompletion(parallelResponse);
			return IOReturn.kIOReturnSuccess;
		} finally {
			exit();
		}
	}

	@Override
	public void userProcessBundledParallelTasks(int[] slots, int count, BundledParallelTaskCompletion completion) {
		enter();
		try {
			int[] before = Arrays.copyOf(slots, count);
			for (int i = 0; i < count; i++) {
				answers.answer(commands.slot(slots[i]), responses.slot(slots[i]));
				// the IIG lets a controller complete a slot inline (the reference controller's failSlot does)
				completion.bundledParallelTaskCompletion(new int[] { slots[i] }, 1);
			}
			if (!Arrays.equals(before, Arrays.copyOf(slots, count))) {
				slotsOverwritten.incrementAndGet();
			}
		} finally {
			exit();
		}
	}

	private void enter() {
		calls.incrementAndGet();
		if (depth.get()[0]++ > 0) {
			reentered.incrementAndGet();
		}
	}

	private void exit() {
		depth.get()[0]--;
	}

	@Override
	public int userMapBundledParallelTaskCommandAndResponseBuffers(
			org.hbakit.controller.api.BundledParallelTaskCommandBuffer c,
			org.hbakit.controller.api.BundledParallelTaskResponseBuffer r) {
		answers.userMapBundledParallelTaskCommandAndResponseBuffers(c, r);
		return super.userMapBundledParallelTaskCommandAndResponseBuffers(c, r);
	}

	static boolean good(SCSIUserParallelResponse r) {
		return r.serviceResponse() == SCSIServiceResponse.TASK_COMPLETE && r.completionStatus() == SCSITaskStatus.GOOD;
	}
}
