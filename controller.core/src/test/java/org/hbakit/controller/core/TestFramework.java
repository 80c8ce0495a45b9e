package org.hbakit.controller.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.hbakit.controller.api.BundledParallelTaskCommandBuffer;
import org.hbakit.controller.api.BundledParallelTaskCompletion;
import org.hbakit.controller.api.BundledParallelTaskResponseBuffer;
import org.hbakit.controller.api.BundledSlotOwnership;
import org.hbakit.controller.api.DMASpecification;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOSCSIParallelFamily;
import org.hbakit.controller.api.ParallelTaskCompletion;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.pci.IODMACommand;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.core.driver.SimulatedHBADriver;

/**
 * A small stand-in for the framework side, enough to drive a controller against a real simulated HBA: it runs the
 * DriverKit start sequence, owns the tasks (one direct data buffer per task, mapped for DMA once), the bundled
 * buffers and their slot ownership, submits on whichever path the controller chose, and checks every completion
 * (version, task in flight, slot owned, at most 32 slots per call). Results arrive in {@link #results}.
 */
final class TestFramework implements IOSCSIParallelFamily, BundledSlotOwnership {
	static final int DATA_SIZE = 64 * 1024;

	/** One completed task as the framework saw it. */
	record Result(int index, long controllerTaskId, int serviceResponse, int status, long bytes, byte[] sense,
			String thread) {
	}

	final IOPCIDevice hba;
	final SimulatedHBADriver driver;
	volatile Map<String, ?> constraints;
	volatile Map<String, ?> hbaProperties;
	final List<Integer> powerAcks = new CopyOnWriteArrayList<>();
	final LinkedBlockingQueue<Result> results = new LinkedBlockingQueue<>();
	final AtomicInteger violations = new AtomicInteger();
	final AtomicInteger completionsAfterStop = new AtomicInteger();
	final List<Integer> bundleSizes = new CopyOnWriteArrayList<>();
	volatile boolean stopped;
	/** When set, completions go here (index of the task or slot) instead of {@link #results}: no allocation. */
	volatile java.util.function.IntConsumer sink;
	private int[] indexOfSmallId;

	int taskCount;
	long[] ids;
	private final Map<Long, Integer> indexOfId = new HashMap<>();
	boolean bundled;
	SCSIUserParallelTask[] tasks;
	ByteBuffer[] data;
	long[] dataIovm;
	IODMACommand[] dataDma;
	BundledParallelTaskCommandBuffer commands;
	BundledParallelTaskResponseBuffer responses;
	private AtomicIntegerArray owned; // bundled: slot owned by the controller; parallel: task in flight
	final ParallelTaskCompletion parallelCompletion = this::completeParallel;
	final BundledParallelTaskCompletion bundledCompletion = this::completeBundled;

	TestFramework(IOPCIDevice hba, SimulatedHBADriver driver) {
		this.hba = hba;
		this.driver = driver;
	}

	/** The full start sequence, asserting every step succeeds. */
	TestFramework startSequence() {
		assertThat(driver.probe(hba, new int[] { 1000 })).isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(driver.start(hba, this)).isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(driver.userInitializeController()).isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(constraints).as("constraints reported before UserInitializeController returned").isNotNull();
		int[] count = new int[1];
		assertThat(driver.userReportMaximumTaskCount(count)).isEqualTo(IOReturn.kIOReturnSuccess);
		taskCount = count[0];
		DMASpecification spec = new DMASpecification();
		assertThat(driver.userGetDMASpecification(spec)).isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(spec.isValid()).isTrue();
		ids = new long[taskCount];
		tasks = new SCSIUserParallelTask[taskCount];
		data = new ByteBuffer[taskCount];
		dataIovm = new long[taskCount];
		dataDma = new IODMACommand[taskCount];
		for (int i = 0; i < taskCount; i++) {
			int[] id = new int[1];
			assertThat(driver.userMapHBAData(id)).isEqualTo(IOReturn.kIOReturnSuccess);
			ids[i] = Integer.toUnsignedLong(id[0]);
			assertThat(indexOfId.put(ids[i], i)).as("unique task id").isNull();
			tasks[i] = new SCSIUserParallelTask();
			data[i] = ByteBuffer.allocateDirect(DATA_SIZE);
			dataDma[i] = hba.createDMACommand();
			dataIovm[i] = dataDma[i].prepareForDMA(data[i], 0, DATA_SIZE);
		}
		owned = new AtomicIntegerArray(taskCount);
		long maxId = java.util.Arrays.stream(ids).max().orElse(0);
		if (maxId < 1 << 20) {
			indexOfSmallId = new int[(int) maxId + 1];
			for (int i = 0; i < taskCount; i++) {
				indexOfSmallId[(int) ids[i]] = i;
			}
		}
		commands = new BundledParallelTaskCommandBuffer(
				ByteBuffer.allocateDirect(taskCount * SCSIUserParallelTask.SIZE).order(ByteOrder.LITTLE_ENDIAN),
				taskCount, this);
		responses = new BundledParallelTaskResponseBuffer(
				ByteBuffer.allocateDirect(taskCount * SCSIUserParallelResponse.SIZE).order(ByteOrder.LITTLE_ENDIAN),
				taskCount, this);
		bundled = driver.userMapBundledParallelTaskCommandAndResponseBuffers(commands,
				responses) == IOReturn.kIOReturnSuccess;
		assertThat(driver.userStartController()).isEqualTo(IOReturn.kIOReturnSuccess);
		return this;
	}

	/** Stops the controller; every completion after this returns is counted as a violation of the contract. */
	int stop() {
		int rc = driver.stop();
		stopped = true;
		for (IODMACommand dma : dataDma) {
			if (dma != null) {
				dma.completeDMA();
				dma.release();
			}
		}
		return rc;
	}

	/** Fills the task of {@code index} (the parallel task, or command slot {@code index} when bundled). */
	SCSIUserParallelTask fill(int index, byte[] cdb, int cdbLength, int direction, int length, long target, long lun) {
		SCSIUserParallelTask task = bundled ? commands.slot(index) : tasks[index];
		task.clear();
		task.setVersion(SCSIUserParallelTask.CURRENT_VERSION).setTargetID(target)
				.setControllerTaskIdentifier(ids[index]).setRequestedTransferCount(length)
				.setBufferIOVMAddr(dataIovm[index]).setTaskTagIdentifier(1000 + index).setLogicalUnitBytes(lun << 48)
				.setCommandDescriptorBlock(cdb, cdbLength).setTransferDirection(direction).setTimeoutInMilliSec(0);
		return task;
	}

	/** Submits one filled task on the controller's path; returns the synchronous service response (parallel). */
	int submit(int index) {
		if (bundled) {
			submitBundle(new int[] { index }, 1);
			return SCSIServiceResponse.REQUEST_IN_PROCESS;
		}
		assertThat(owned.compareAndSet(index, 0, 1)).as("task %d free", index).isTrue();
		int[] response = { -1 };
		driver.userProcessParallelTask(tasks[index], response, parallelCompletion);
		if (response[0] != SCSIServiceResponse.REQUEST_IN_PROCESS) {
			owned.set(index, 0);
		}
		return response[0];
	}

	/** Hands {@code slots[0..count-1]} (filled) to the controller in one bundled call. */
	void submitBundle(int[] slots, int count) {
		for (int i = 0; i < count; i++) {
			assertThat(owned.compareAndSet(slots[i], 0, 1)).as("slot %d free", slots[i]).isTrue();
		}
		driver.userProcessBundledParallelTasks(slots, count, bundledCompletion);
	}

	/** The next result, or fails after 5 s. */
	Result take() throws InterruptedException {
		Result r = results.poll(5, TimeUnit.SECONDS);
		assertThat(r).as("a completion within 5 s").isNotNull();
		return r;
	}

	private void completeParallel(SCSIUserParallelResponse response) {
		if (stopped) {
			completionsAfterStop.incrementAndGet();
		}
		java.util.function.IntConsumer fast = sink;
		if (fast != null && indexOfSmallId != null) {
			long id = response.controllerTaskIdentifier();
			int i = id > 0 && id < indexOfSmallId.length ? indexOfSmallId[(int) id] : -1;
			if (i < 0 || response.version() != SCSIUserParallelResponse.CURRENT_VERSION
					|| !owned.compareAndSet(i, 1, 0)) {
				violations.incrementAndGet();
				return;
			}
			fast.accept(i);
			return;
		}
		Integer index = indexOfId.get(response.controllerTaskIdentifier());
		if (response.version() != SCSIUserParallelResponse.CURRENT_VERSION || index == null
				|| !owned.compareAndSet(index, 1, 0)) {
			violations.incrementAndGet();
			return;
		}
		results.add(result(index, response));
	}

	private void completeBundled(int[] slots, int count) {
		if (stopped) {
			completionsAfterStop.incrementAndGet();
		}
		if (count < 1 || count > 32) {
			violations.incrementAndGet();
			return;
		}
		java.util.function.IntConsumer fast = sink;
		if (fast != null) {
			for (int i = 0; i < count; i++) {
				int slot = slots[i];
				if (slot < 0 || slot >= taskCount || !owned.compareAndSet(slot, 1, 0)
						|| responses.slot(slot).version() != SCSIUserParallelResponse.CURRENT_VERSION) {
					violations.incrementAndGet();
					continue;
				}
				fast.accept(slot);
			}
			return;
		}
		bundleSizes.add(count);
		for (int i = 0; i < count; i++) {
			int slot = slots[i];
			SCSIUserParallelResponse response = responses.slot(slot);
			if (slot < 0 || slot >= taskCount || owned.get(slot) != 1
					|| response.version() != SCSIUserParallelResponse.CURRENT_VERSION
					|| response.controllerTaskIdentifier() != ids[slot]) {
				violations.incrementAndGet();
				continue;
			}
			Result r = result(slot, response); // read before giving the slot back
			owned.set(slot, 0);
			results.add(r);
		}
	}

	private static Result result(int index, SCSIUserParallelResponse response) {
		byte[] sense = new byte[response.senseLength()];
		response.senseBuffer(sense);
		return new Result(index, response.controllerTaskIdentifier(), response.serviceResponse(),
				response.completionStatus(), response.bytesTransferred(), sense, Thread.currentThread().getName());
	}

	/** Marks task or slot {@code index} handed to the controller (for callers that submit directly). */
	void markOwned(int index) {
		owned.set(index, 1);
	}

	/** Whether the controller holds task or slot {@code index}. */
	boolean isOwnedByControllerNow(int index) {
		return owned.get(index) == 1;
	}

	// ---- IOSCSIParallelFamily -------------------------------------------------------------------------------

	@Override
	public IOPCIDevice provider() {
		return hba;
	}

	@Override
	public int userReportHBAConstraints(Map<String, ?> c) {
		for (String key : org.hbakit.controller.api.HBAConstraints.REQUIRED_KEYS) {
			if (!(c.get(key) instanceof Number)) {
				return IOReturn.kIOReturnBadArgument;
			}
		}
		constraints = Map.copyOf(c);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userCreateTargetForID(long targetID, Map<String, ?> targetDict) {
		return IOReturn.kIOReturnUnsupported;
	}

	@Override
	public int userDestroyTargetForID(long targetID) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userTargetPresentForID(long targetID, boolean[] result) {
		result[0] = false;
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userGetDataBuffer(long targetID, long controllerTaskID, ByteBuffer[] buffer) {
		return IOReturn.kIOReturnUnsupported;
	}

	@Override
	public int userSetHBAProperties(Map<String, ?> properties) {
		hbaProperties = Map.copyOf(properties);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userRemoveHBAProperties(List<String> properties) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userSetTargetProperties(long targetID, Map<String, ?> properties) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userRemoveTargetProperties(long targetID, List<String> properties) {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userCallMediaParametersHaveChanged() {
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int setPowerStateComplete(int powerFlags) {
		powerAcks.add(powerFlags);
		return IOReturn.kIOReturnSuccess;
	}

	// ---- BundledSlotOwnership -------------------------------------------------------------------------------

	@Override
	public boolean isOwnedByController(int slot) {
		return owned.get(slot) == 1;
	}

	@Override
	public int slotCount() {
		return taskCount;
	}
}
