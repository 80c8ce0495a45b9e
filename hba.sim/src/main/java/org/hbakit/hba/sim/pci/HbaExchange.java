package org.hbakit.hba.sim.pci;

import java.nio.ByteBuffer;

/**
 * One request the device hands to a {@link ScsiPort}: the decoded request frame and the target's answer. The
 * device owns a fixed pool of exchanges (one per CQ entry) and reuses them; a port may keep no reference after
 * {@link ScsiPort#execute} returns, unless the command {@linkplain #continueLater() continues later}, and then only
 * until it finishes or is abandoned. Read and written on the device thread only.
 */
public final class HbaExchange {
	/** Longest sense data a target may return (SPC's limit for fixed and descriptor formats). */
	public static final int SENSE_CAPACITY = 252;

	final byte[] cdb = new byte[16];
	final byte[] sense = new byte[SENSE_CAPACITY];
	int tag;
	int direction;
	int attribute;
	int cdbLength;
	int target;
	long lun;
	ByteBuffer data;
	int dataIndex;
	int dataLength;
	long senseAddress;
	int senseBufferLength;
	// the frame's DATA and LENGTH, before the device resolves them
	long dataAddress;
	int requestLength;

	int status;
	int transferred;
	int senseLength;
	long completionDelayNanos;
	boolean dropped;
	boolean transportFailure;

	boolean continuing;
	Object attachment;

	// device bookkeeping
	static final int IDLE = 0, DELAYED = 1, DROPPED = 2, EXECUTING = 3;
	int state;
	ScsiPort port;
	long due;
	int heapIndex = -1;

	/** The request's tag. */
	public int tag() {
		return tag;
	}

	/** The target id. */
	public int target() {
		return target;
	}

	/** The 8 SAM LUN bytes, byte 0 most significant. */
	public long lun() {
		return lun;
	}

	/** The CDB bytes; valid are the first {@link #cdbLength()}. Do not modify. */
	public byte[] cdb() {
		return cdb;
	}

	/** The CDB length, 1..16. */
	public int cdbLength() {
		return cdbLength;
	}

	/** Data direction: {@code RequestFrame.DIR_NONE}, {@code RequestFrame.DIR_TO_TARGET} or {@code RequestFrame.DIR_FROM_TARGET}. */
	public int direction() {
		return direction;
	}

	/** Task attribute from FLAGS bits 3:2 (0 simple, 1 ordered, 2 head of queue, 3 ACA). */
	public int attribute() {
		return attribute;
	}

	/**
	 * The host memory holding the data: bytes {@link #dataIndex()} .. {@code dataIndex() + dataLength()} of this
	 * buffer (absolute indexes; do not change its position or limit). Null when {@link #dataLength()} is 0.
	 */
	public ByteBuffer data() {
		return data;
	}

	/** Absolute index of the first data byte in {@link #data()}. */
	public int dataIndex() {
		return dataIndex;
	}

	/** The request's LENGTH: bytes the initiator expects to transfer. */
	public int dataLength() {
		return dataLength;
	}

	/** Sets the SAM status (GOOD 0x00, CHECK CONDITION 0x02, BUSY 0x08 …). */
	public void status(int status) {
		this.status = status;
	}

	/** The SAM status set so far. */
	public int status() {
		return status;
	}

	/** Sets the number of data bytes actually transferred. */
	public void transferred(int bytes) {
		this.transferred = bytes;
	}

	/** Bytes transferred as set so far. */
	public int transferred() {
		return transferred;
	}

	/** The buffer the target writes sense data into (autosense); {@link #senseLength(int)} says how much is valid. */
	public byte[] senseBuffer() {
		return sense;
	}

	/** Sets the valid sense bytes in {@link #senseBuffer()}. */
	public void senseLength(int length) {
		this.senseLength = Math.max(0, Math.min(length, SENSE_CAPACITY));
	}

	/** Valid sense bytes. */
	public int senseLength() {
		return senseLength;
	}

	/** Fault injection: hold the completion for this many nanoseconds (without holding up other requests). */
	public void completionDelayNanos(long nanos) {
		this.completionDelayNanos = Math.max(0, nanos);
	}

	/** Fault injection: never complete this request (the driver sees a timeout, and may abort it). */
	public void drop() {
		this.dropped = true;
	}

	/**
	 * The request failed in delivery, not at the target: the completion carries {@code SR}=1 with this protocol
	 * status ({@code CompletionEntry.PS_*}, e.g. DELIVERY FAILURE or DEVICE NOT PRESENT) instead of a SAM status.
	 */
	public void transportFailure(int protocolStatus) {
		this.transportFailure = true;
		this.status = protocolStatus;
	}

	/** Whether {@link #transportFailure(int)} was set. */
	public boolean isTransportFailure() {
		return transportFailure;
	}

	/**
	 * The port executed a bounded step of a long command and has not finished it: instead of completing the request
	 * when {@link ScsiPort#execute} (or {@link ScsiPort#resume}) returns, the HBA calls {@link ScsiPort#resume} again
	 * later, after serving other requests and task management, until a call returns without this; or it
	 * {@linkplain ScsiPort#abandon abandons} the command (ABORT, task management, reset). The response fields count
	 * only when the command finishes.
	 */
	public void continueLater() {
		this.continuing = true;
	}

	/** Whether {@link #continueLater()} was called in the current step. */
	public boolean isContinuing() {
		return continuing;
	}

	/** Keeps the port's own state of a command that continues later (e.g. its target-side exchange). */
	public void attach(Object portState) {
		this.attachment = portState;
	}

	/** What the port {@linkplain #attach attached} to this request, or null; cleared when the HBA fetches it. */
	public Object attachment() {
		return attachment;
	}

	/** Response state reset before each execution. */
	void clearResponse() {
		status = 0;
		transferred = 0;
		senseLength = 0;
		completionDelayNanos = 0;
		dropped = false;
		transportFailure = false;
		continuing = false;
	}
}
