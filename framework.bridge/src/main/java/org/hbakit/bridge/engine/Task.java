package org.hbakit.bridge.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.pci.IODMACommand;

/**
 * One task of a binding's task table: DriverKit's {@code SCSIParallelTask} as the framework keeps it. Made once
 * at start (its controller id from {@code UserMapHBAData}, its DMA command, its task view), reused for every
 * request it carries.
 */
final class Task {
	static final int FREE = 0;
	/** Carrying a request; the controller may complete it. */
	static final int ACTIVE = 1;
	/** Completed to the client by a timeout; waiting for the controller's late completion (dropped). */
	static final int QUARANTINED = 2;
	/** A completion is being processed. */
	static final int COMPLETING = 3;

	private static final VarHandle STATE;
	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(Task.class, "state", int.class);
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
	/** REQUEST SENSE with the allocation length of {@link #SENSE_ALLOCATION}: the framework's own autosense. */
	static final byte[] REQUEST_SENSE_CDB = { 0x03, 0, 0, 0, (byte) 252, 0 };
	static final int SENSE_ALLOCATION = 252;
	/** Where framework autosense (REQUEST SENSE) puts sense data: this task's part of one buffer made at start. */
	final java.nio.ByteBuffer senseBuffer;
	/** {@code UserProcessParallelTask}'s out parameter. */
	final int[] serviceResponse = new int[1];

	@SuppressWarnings("unused")
	private volatile int state;
	IORequest request;
	long tag;
	long dispatchNanos;
	volatile long deadlineNanos;
	/** Timeout escalation reached: 0 none, 1 abort task, 2 LUN reset, 3 target reset. */
	volatile int escalation;
	/** Set when the framework is fetching sense data with REQUEST SENSE for the carried request. */
	boolean autosensing;
	int savedStatus;
	long savedBytes;

	Task(int slot, long controllerTaskId, SCSIUserParallelTask view, IODMACommand dma, java.nio.ByteBuffer senseBuffer) {
		this.senseBuffer = senseBuffer;
		this.slot = slot;
		this.controllerTaskId = controllerTaskId;
		this.view = view;
		this.dma = dma;
	}

	int state() {
		return (int) STATE.getVolatile(this);
	}

	boolean transition(int from, int to) {
		return STATE.compareAndSet(this, from, to);
	}

	void setState(int to) {
		STATE.setVolatile(this, to);
	}
}
