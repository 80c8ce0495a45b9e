package org.hbakit.bridge.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.pci.IODMACommand;

/**
 * One task of a binding's task table: DriverKit's {@code SCSIParallelTask} as the framework keeps it. Made once
 * at start (its controller id from {@code UserMapHBAData}, its DMA command, its task view), reused for every
 * request it carries.
 * <p>
 * <b>Invariant:</b> the task's state and its dispatch generation live in one word, the stamp
 * ({@code generation << 2 | state}). Every dispatch increments the generation; every transition is a CAS from
 * the stamp the deciding thread read. A decision about dispatch N (a timeout, a completion) therefore can never
 * touch dispatch N+1 of the same task. The per-dispatch fields below are written by the dispatching thread
 * before the stamp turns {@link #ACTIVE} (a volatile write) and read by others after reading it.
 */
final class Task {
	static final int FREE = 0;
	/** Carrying a request; the controller may complete it. */
	static final int ACTIVE = 1;
	/** Completed to the client by a timeout; waiting for the controller's late completion (dropped). */
	static final int QUARANTINED = 2;
	/** A completion (or the timeout) is being processed by one thread. */
	static final int COMPLETING = 3;
	private static final int STATE_BITS = 2;
	private static final long STATE_MASK = (1 << STATE_BITS) - 1;

	/** REQUEST SENSE with the allocation length of {@link #SENSE_ALLOCATION}: the framework's own autosense. */
	static final byte[] REQUEST_SENSE_CDB = { 0x03, 0, 0, 0, (byte) 252, 0 };
	static final int SENSE_ALLOCATION = 252;
	/** Tags are {@code generation << TAG_SLOT_BITS | slot}: unique per dispatch without a shared counter. */
	static final int TAG_SLOT_BITS = 18;

	private static final VarHandle STAMP;
	static {
		try {
			STAMP = MethodHandles.lookup().findVarHandle(Task.class, "stamp", long.class);
		} catch (ReflectiveOperationException e) {
			throw new ExceptionInInitializerError(e);
		}
	}

	/** Slot index: the task's position in the table and, on the bundled path, its command/response slot. */
	final int slot;
	/** {@code fControllerTaskIdentifier}: the id the controller gave in {@code UserMapHBAData}. */
	final long controllerTaskId;
	/** The task's {@code SCSIUserParallelTask}: its own memory (parallel) or its command slot (bundled). */
	final SCSIUserParallelTask view;
	/** Maps the request's data buffer for the device. */
	final IODMACommand dma;
	/** Where framework autosense (REQUEST SENSE) puts sense data: this task's part of one buffer made at start. */
	final ByteBuffer senseBuffer;
	/** {@code UserProcessParallelTask}'s out parameter. */
	final int[] serviceResponse = new int[1];

	@SuppressWarnings("unused")
	private volatile long stamp;

	// per dispatch: written before the stamp turns ACTIVE
	IORequest request;
	long tag;
	long dispatchNanos;
	long deadlineNanos;
	/** Set while the framework fetches sense data with REQUEST SENSE for the carried request. */
	boolean autosensing;
	/** The SPI features this dispatch asks to negotiate ({@link ParallelFeatures}), one bit per feature. */
	int requestedFeatures;
	int savedStatus;
	long savedBytes;
	/** The generation the watchdog began escalating (ABORT TASK sent), or -1. Written by the watchdog only. */
	volatile long escalatedGeneration = -1;

	Task(int slot, long controllerTaskId, SCSIUserParallelTask view, IODMACommand dma, ByteBuffer senseBuffer) {
		this.slot = slot;
		this.controllerTaskId = controllerTaskId;
		this.view = view;
		this.dma = dma;
		this.senseBuffer = senseBuffer;
	}

	long stamp() {
		return (long) STAMP.getVolatile(this);
	}

	static int state(long stamp) {
		return (int) (stamp & STATE_MASK);
	}

	static long generation(long stamp) {
		return stamp >>> STATE_BITS;
	}

	int state() {
		return state(stamp());
	}

	/** Starts a new dispatch (the caller holds the task: FREE or COMPLETING); returns its generation. */
	long arm() {
		long generation = generation(stamp()) + 1;
		tag = generation << TAG_SLOT_BITS | slot;
		STAMP.setVolatile(this, generation << STATE_BITS | ACTIVE);
		return generation;
	}

	/** Moves from exactly {@code from} (state and generation) to {@code toState} of the same generation. */
	boolean transition(long from, int toState) {
		return STAMP.compareAndSet(this, from, (from & ~STATE_MASK) | toState);
	}

	/** Moves from {@code fromState} of whatever generation is current to {@code toState}. */
	boolean transition(int fromState, int toState) {
		long s = stamp();
		return state(s) == fromState && transition(s, toState);
	}

	/** Sets {@code toState}, keeping the generation (the caller owns the task). */
	void set(int toState) {
		long s = stamp();
		STAMP.setVolatile(this, (s & ~STATE_MASK) | toState);
	}

	/** Whether the current dispatch has been escalated by the watchdog. */
	boolean escalated() {
		return escalatedGeneration == generation(stamp());
	}
}
