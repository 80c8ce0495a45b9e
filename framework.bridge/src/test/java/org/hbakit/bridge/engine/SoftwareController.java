package org.hbakit.bridge.engine;

import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import org.hbakit.controller.api.BundledParallelTaskCompletion;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.ParallelTaskCompletion;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SCSIOperationCode;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.controller.api.scsi.SenseData;

/**
 * A controller that needs no hardware: one target with one small disk, answered in software through
 * UserGetDataBuffer on an executor thread; with switchable misbehaviour for the engine's tests.
 */
class SoftwareController extends OneTargetController {
	static final int BLOCKS = 1024;
	static final int BLOCK = 512;

	enum Misbehaviour {
		NONE, NEVER_COMPLETES, COMPLETES_TWICE, WRONG_VERSION, THROWS, WRONG_SLOT, MISSING_CONSTRAINT,
		/** Throws an Error (not an exception) from the I/O calls. */
		THROWS_ERROR
	}

	/** Set: task management and SetPowerState block until it is counted down (a hung controller). */
	volatile java.util.concurrent.CountDownLatch hang;
	/** Set: the controller's calls on the framework's threads, by thread name. */
	final java.util.Set<String> callerThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();

	volatile Misbehaviour misbehaviour = Misbehaviour.NONE;
	/** Which tasks (by the order they arrive) misbehave. */
	volatile IntPredicate affects = n -> true;
	final boolean bundledPath;
	final int blocks;
	final int blockSize;
	final ByteBuffer disk;
	/** The largest fRequestedTransferCount received, and how many tasks exceeded {@link #maxTransferBytes}. */
	final java.util.concurrent.atomic.AtomicLong largestTransfer = new java.util.concurrent.atomic.AtomicLong();
	final AtomicInteger oversized = new AtomicInteger();
	private final ExecutorService bus = Executors.newSingleThreadExecutor();
	private final AtomicInteger arrivals = new AtomicInteger();
	private final AtomicInteger nextId = new AtomicInteger(100);
	volatile boolean stopped;
	/** Set: completions wait until it is counted down. */
	volatile java.util.concurrent.CountDownLatch holdCompletions;
	/** I/O calls received (either path). */
	final AtomicInteger ioCalls = new AtomicInteger();
	/** Set: Stop blocks until it is counted down. */
	volatile java.util.concurrent.CountDownLatch hangInStop;

	SoftwareController(boolean bundledPath) {
		this(16, bundledPath);
	}

	SoftwareController(int maxTaskCount, boolean bundledPath) {
		this(maxTaskCount, bundledPath, BLOCKS, BLOCK);
	}

	/** A disk of {@code blocks} blocks of {@code blockSize} bytes. */
	SoftwareController(int maxTaskCount, boolean bundledPath, int blocks, int blockSize) {
		this(maxTaskCount, bundledPath, ByteBuffer.allocate(blocks * blockSize), blockSize);
	}

	/** A controller for {@code disk} (which another controller may share: a swap keeps the data). */
	SoftwareController(int maxTaskCount, boolean bundledPath, ByteBuffer disk, int blockSize) {
		super(maxTaskCount, bundledPath);
		this.bundledPath = bundledPath;
		this.blocks = disk.capacity() / blockSize;
		this.blockSize = blockSize;
		this.disk = disk;
	}

	/** Reports (before its start) {@code bytes} as the largest transfer of one task, and fails larger tasks. */
	SoftwareController maxTransfer(long bytes) {
		maxTransferBytes = bytes;
		return this;
	}


	@Override
	public int stop() {
		java.util.concurrent.CountDownLatch h = hangInStop;
		if (h != null) {
			try {
				h.await();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		stopped = true;
		bus.shutdownNow();
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userInitializeController() {
		return misbehaviour == Misbehaviour.MISSING_CONSTRAINT ? IOReturn.kIOReturnSuccess
				: super.userInitializeController();
	}











	@Override
	public int userMapHBAData(int[] uniqueTaskID) {
		uniqueTaskID[0] = nextId.getAndIncrement();
		return IOReturn.kIOReturnSuccess;
	}


	@Override
	public int userProcessParallelTask(SCSIUserParallelTask task, int[] response, ParallelTaskCompletion completion) {
		ioCalls.incrementAndGet();
		// decided when the task arrives, so a test changing the mode never affects tasks already accepted
		Misbehaviour m = affects.test(arrivals.getAndIncrement()) ? misbehaviour : Misbehaviour.NONE;
		if (m == Misbehaviour.THROWS) {
			throw new IllegalStateException("misbehaving on purpose");
		}
		if (m == Misbehaviour.THROWS_ERROR) {
			throw new StackOverflowError("misbehaving on purpose");
		}
		SCSIUserParallelTask copy = new SCSIUserParallelTask().copyFrom(task);
		response[0] = SCSIServiceResponse.REQUEST_IN_PROCESS;
		bus.execute(() -> {
			SCSIUserParallelResponse r = new SCSIUserParallelResponse();
			execute(copy, r);
			if (m == Misbehaviour.NEVER_COMPLETES) {
				return;
			}
			hold();
			if (m == Misbehaviour.WRONG_VERSION) {
				r.setVersion(2);
			}
			completion.parallelTaskCompletion(r);
			if (m == Misbehaviour.COMPLETES_TWICE) {
				completion.parallelTaskCompletion(r);
			}
		});
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public void userProcessBundledParallelTasks(int[] slots, int count, BundledParallelTaskCompletion completion) {
		ioCalls.incrementAndGet();
		int[] mine = java.util.Arrays.copyOf(slots, count);
		Misbehaviour m = affects.test(arrivals.getAndIncrement()) ? misbehaviour : Misbehaviour.NONE;
		if (m == Misbehaviour.THROWS) {
			throw new IllegalStateException("misbehaving on purpose");
		}
		if (m == Misbehaviour.THROWS_ERROR) {
			throw new NoClassDefFoundError("misbehaving/on/Purpose");
		}
		bus.execute(() -> {
			for (int slot : mine) {
				execute(commands.slot(slot), responses.slot(slot));
				if (m == Misbehaviour.WRONG_VERSION) {
					responses.slot(slot).setVersion(2);
				}
			}
			if (m == Misbehaviour.NEVER_COMPLETES) {
				return;
			}
			hold();
			if (m == Misbehaviour.WRONG_SLOT) {
				int[] wrong = { (mine[0] + 1) % commands.slotCount() };
				completion.bundledParallelTaskCompletion(wrong, 1);
			}
			completion.bundledParallelTaskCompletion(mine, mine.length);
			if (m == Misbehaviour.COMPLETES_TWICE) {
				completion.bundledParallelTaskCompletion(mine, mine.length);
			}
		});
	}

	@Override
	public int userAbortTaskRequest(long theT, long theL, long theQ, int[] response) {
		int rc = super.userAbortTaskRequest(theT, theL, theQ, response);
		hangIfAsked();
		return rc;
	}

	@Override
	public int userLogicalUnitResetRequest(long theT, long theL, int[] response) {
		int rc = super.userLogicalUnitResetRequest(theT, theL, response);
		hangIfAsked();
		return rc;
	}

	@Override
	public int setPowerState(int powerFlags, org.hbakit.controller.api.IOSCSIParallelFamily f) {
		callerThreads.add(Thread.currentThread().getName());
		hangIfAsked();
		return super.setPowerState(powerFlags, f);
	}

	private void hold() {
		java.util.concurrent.CountDownLatch h = holdCompletions;
		if (h != null) {
			try {
				h.await();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void hangIfAsked() {
		java.util.concurrent.CountDownLatch h = hang;
		if (h != null) {
			try {
				h.await();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Answers {@code task} into {@code r} at once (for controllers that complete inline). */
	void answer(SCSIUserParallelTask task, SCSIUserParallelResponse r) {
		execute(task, r);
	}

	/** Answers the few commands the engine's scan and the tests use (on the bus thread; tests override it). */
	void execute(SCSIUserParallelTask task, SCSIUserParallelResponse r) {
		r.clear().setVersion(SCSIUserParallelResponse.CURRENT_VERSION)
				.setControllerTaskIdentifier(task.controllerTaskIdentifier()).setTargetID(task.targetID())
				.setServiceResponse(SCSIServiceResponse.TASK_COMPLETE).setCompletionStatus(SCSITaskStatus.GOOD);
		byte[] cdb = new byte[16];
		task.commandDescriptorBlock(cdb);
		ByteBuffer[] data = new ByteBuffer[1];
		if (task.requestedTransferCount() > 0) {
			family.userGetDataBuffer(task.targetID(), task.controllerTaskIdentifier(), data);
		}
		ByteBuffer b = data[0];
		long moved = 0;
		switch (Cdb.opcode(cdb)) {
			case SCSIOperationCode.TEST_UNIT_READY -> {
				// GOOD, no data
			}
			case SCSIOperationCode.REPORT_LUNS -> {
				b.putInt(0, 8).putLong(8, 0L);
				moved = 16;
			}
			case SCSIOperationCode.INQUIRY -> {
				for (int i = 0; i < 36; i++) {
					b.put(i, (byte) ' ');
				}
				b.put(0, (byte) 0).put(4, (byte) 31);
				b.put(8, "SOFTWARE".getBytes()).put(16, "ENGINE TEST DISK".getBytes()).put(32, "1.0 ".getBytes());
				moved = 36;
			}
			case SCSIOperationCode.SERVICE_ACTION_IN_16 -> {
				b.putLong(0, blocks - 1).putInt(8, blockSize);
				moved = 32;
			}
			case SCSIOperationCode.READ_6, SCSIOperationCode.READ_10, SCSIOperationCode.READ_12,
					SCSIOperationCode.READ_16, SCSIOperationCode.WRITE_6, SCSIOperationCode.WRITE_10,
					SCSIOperationCode.WRITE_12, SCSIOperationCode.WRITE_16 -> {
				long lba = Cdb.lba(cdb);
				int n = (int) Cdb.transferLength(cdb);
				boolean read = (Cdb.opcode(cdb) & 0x1F) == (SCSIOperationCode.READ_10 & 0x1F);
				largestTransfer.accumulateAndGet(task.requestedTransferCount(), Math::max);
				if (task.requestedTransferCount() > maxTransferBytes) {
					// as a real HBA would: it cannot describe the transfer
					oversized.incrementAndGet();
					r.setServiceResponse(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE)
							.setCompletionStatus(SCSITaskStatus.DELIVERY_FAILURE);
					break;
				}
				if (lba + n > blocks) {
					byte[] sense = new byte[32];
					int len = SenseData.fixedWithInformation(sense, SenseCode.LBA_OUT_OF_RANGE.key(),
							SenseCode.LBA_OUT_OF_RANGE.asc(), SenseCode.LBA_OUT_OF_RANGE.ascq(), Math.max(lba, blocks));
					r.setCompletionStatus(SCSITaskStatus.CHECK_CONDITION).setSense(sense, len);
					break;
				}
				synchronized (disk) {
					for (int i = 0; i < n * blockSize; i++) {
						if (read) {
							b.put(i, disk.get((int) lba * blockSize + i));
						} else {
							disk.put((int) lba * blockSize + i, b.get(i));
						}
					}
				}
				moved = (long) n * blockSize;
			}
			default -> {
				byte[] sense = new byte[32];
				int n = SenseData.fixed(sense, SenseCode.INVALID_COMMAND_OPERATION_CODE);
				r.setCompletionStatus(SCSITaskStatus.CHECK_CONDITION).setSense(sense, n);
			}
		}
		r.setBytesTransferred(moved);
	}







}
