package org.hbakit.controller.core.driver;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.hbakit.controller.api.BundledParallelTaskCompletion;
import org.hbakit.controller.api.ParallelTaskCompletion;
import org.hbakit.controller.api.SCSIUserParallelResponse;

/**
 * The per-request state of one controller instance, indexed by request TAG. On the parallel path the TAG is the
 * task's index (controller task id − 1, see {@code userMapHBAData}); on the bundled path it is the slot index.
 * Every array and object is made before {@code userStartController}; the I/O path only writes fields.
 * <p>
 * A TAG's fields are written by the submitter before the frame is published and read by the completion drain
 * after the device completed it; the publication (release store, doorbell, device, interrupt) orders them. The
 * in-flight flag is the only field two sides race on; it is accessed with release/acquire semantics.
 */
final class TaskTable {
	/** Bytes of sense buffer per TAG. */
	static final int SENSE_SLOT = 256;
	/** SENSE_LEN put in frames: the most a response can record (its length field is a uint8). */
	static final int SENSE_LENGTH = 255;

	private static final VarHandle IN_FLIGHT = MethodHandles.arrayElementVarHandle(byte[].class);
	private static final VarHandle GENERATION = MethodHandles.arrayElementVarHandle(int[].class);
	static final VarHandle CDB_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private final int capacity;
	private final ByteBuffer senseMemory;
	private long senseBase;
	private final ByteBuffer responseMemory;
	private final SCSIUserParallelResponse[] responses;
	private final byte[][] cdbScratch;
	final ParallelTaskCompletion[] parallelCompletions;
	final BundledParallelTaskCompletion[] bundledCompletions;
	final long[] targetIDs;
	final long[] controllerTaskIDs;
	final long[] taskTags;
	/** The LUN bytes as a big-endian number (byte 0 most significant), as {@code logicalUnitBytes()}. */
	final long[] luns;
	private final byte[] inFlight;
	/** Completions delivered per TAG, ever; written by the drain owner only, read by task management. */
	private final int[] generations;

	TaskTable(int capacity) {
		this.capacity = capacity;
		this.senseMemory = ByteBuffer.allocateDirect(capacity * SENSE_SLOT).order(ByteOrder.LITTLE_ENDIAN);
		this.responseMemory = ByteBuffer.allocateDirect(capacity * SCSIUserParallelResponse.SIZE)
				.order(ByteOrder.LITTLE_ENDIAN);
		this.responses = new SCSIUserParallelResponse[capacity];
		this.cdbScratch = new byte[capacity][];
		this.parallelCompletions = new ParallelTaskCompletion[capacity];
		this.bundledCompletions = new BundledParallelTaskCompletion[capacity];
		this.targetIDs = new long[capacity];
		this.controllerTaskIDs = new long[capacity];
		this.taskTags = new long[capacity];
		this.luns = new long[capacity];
		this.inFlight = new byte[capacity];
		this.generations = new int[capacity];
	}

	int capacity() {
		return capacity;
	}

	/** The sense buffers, TAG N at N × {@link #SENSE_SLOT}; mapped once for DMA by the driver. */
	ByteBuffer senseMemory() {
		return senseMemory;
	}

	/** Records the IOVM address of {@link #senseMemory()}. */
	void setSenseBase(long iovm) {
		this.senseBase = iovm;
	}

	/** The IOVM address of TAG's sense buffer; 0 (no autosense) when {@code autoSense} is off. */
	long senseAddress(int tag, boolean autoSense) {
		return autoSense ? senseBase + (long) tag * SENSE_SLOT : 0L;
	}

	/** SENSE_LEN for frames: {@link #SENSE_LENGTH}, or 0 when {@code autoSense} is off. */
	static int senseLength(boolean autoSense) {
		return autoSense ? SENSE_LENGTH : 0;
	}

	/** Prepares the per-task data of a parallel-path TAG (its response and CDB scratch); called from UserMapHBAData. */
	void map(int tag) {
		responses[tag] = new SCSIUserParallelResponse(responseMemory, tag * SCSIUserParallelResponse.SIZE);
		cdbScratch[tag] = new byte[16];
	}

	/** The preallocated response of a parallel-path TAG. */
	SCSIUserParallelResponse response(int tag) {
		return responses[tag];
	}

	/** The CDB scratch of a parallel-path TAG (owned by the TAG's submitter). */
	byte[] cdbScratch(int tag) {
		return cdbScratch[tag];
	}

	boolean isInFlight(int tag) {
		return (byte) IN_FLIGHT.getAcquire(inFlight, tag) != 0;
	}

	/** Marks TAG in flight if it is not; false if it already was (a duplicate submission). */
	boolean claim(int tag) {
		return IN_FLIGHT.compareAndSet(inFlight, tag, (byte) 0, (byte) 1);
	}

	void clearInFlight(int tag) {
		IN_FLIGHT.setRelease(inFlight, tag, (byte) 0);
	}

	/** TAG's completion was handed to the framework (drain owner only): its generation advances. */
	void markDelivered(int tag) {
		GENERATION.setRelease(generations, tag, (int) GENERATION.get(generations, tag) + 1);
	}

	/**
	 * How many times TAG's request has completed: a waiter that read it before acting on the request knows the
	 * request completed once it changes, even if the TAG was reused meanwhile.
	 */
	int generation(int tag) {
		return (int) GENERATION.getAcquire(generations, tag);
	}

	/** Forgets every request (after the controller reset at stop: the framework owns them again). */
	void clearAll() {
		for (int i = 0; i < capacity; i++) {
			clearInFlight(i);
			parallelCompletions[i] = null;
			bundledCompletions[i] = null;
		}
	}

	/** Number of TAGs in flight (a racy snapshot, for diagnostics and quiesce). */
	int inFlightCount() {
		int n = 0;
		for (int i = 0; i < capacity; i++) {
			if (isInFlight(i)) {
				n++;
			}
		}
		return n;
	}

	/**
	 * The TAG of the in-flight request on target {@code target}, LUN {@code lun} (number or SAM bytes) whose
	 * {@code fTaskTagIdentifier} is {@code taskTag}; -1 if none. A linear scan: task management only.
	 */
	int findInFlight(long target, long lun, long taskTag) {
		for (int i = 0; i < capacity; i++) {
			if (isInFlight(i) && targetIDs[i] == target && taskTags[i] == taskTag && LunAddressing.matches(luns[i], lun)) {
				return i;
			}
		}
		return -1;
	}
}
