package org.hbakit.iscsi.session;

import java.nio.ByteBuffer;
import java.util.function.BiConsumer;

import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.iscsi.target.ExportedUnit;

import io.netty.buffer.ByteBuf;

/**
 * One SCSI command of a connection, from its SCSI Command PDU to its status: the CDB as it goes to the logical unit,
 * the task buffer, the Data-Out bookkeeping of a write (unsolicited data, R2T bursts, DataSN) and the outcome.
 * <p>
 * Instances are pooled per connection and reused; everything but the completion callback runs on the connection's
 * event loop. {@link #accept} is called once per submission by whatever thread completes the logical unit's stage;
 * it records the outcome and hands the task back to the event loop ({@link #run}).
 */
final class CommandTask implements BiConsumer<SCSITaskResult, Throwable>, Runnable {
	enum State {
		FREE, HELD, RECEIVING, WAITING_BUFFER, SUBMITTED
	}

	final CommandEngine engine;
	/** Index in the pool; with {@link #generation} it forms the Target Transfer Tag. */
	final int index;
	int generation;
	State state = State.FREE;
	boolean aborted;
	boolean immediate;

	int itt;
	int cmdSN;
	long lunBytes;
	ExportedUnit unit;
	final byte[] cdb = new byte[16];
	int cdbLength;
	/** The data direction the initiator flagged (R/W bits). */
	int direction;
	/** The data direction the logical unit sees (differs for a read flagged as a write). */
	int unitDirection;
	/** Expected Data Transfer Length from the command PDU. */
	int edtl;
	/** Bytes of the buffer given to the logical unit. */
	int deviceLength;
	/** Residual overflow decided when the CDB was clamped to the expected length. */
	int overflow;
	/** Bytes of a write the initiator sends (min of edtl and the buffer). */
	int dataOutLength;

	ByteBuf buffer;
	ByteBuffer view;

	// write bookkeeping
	int received;
	boolean unsolicitedOpen;
	int nextR2TOffset;
	int r2tSN;
	int outstandingR2T;
	int burstEnd;
	int expectedDataSN;
	int expectedOffset;

	// outcome, written by accept() and read by run() on the event loop
	volatile SCSITaskResult result;
	volatile Throwable failure;
	/** Run when an aborted task that was in the logical unit completes (task management waits for it). */
	Runnable abortWaiter;

	CommandTask(CommandEngine engine, int index) {
		this.engine = engine;
		this.index = index;
	}

	/** The Target Transfer Tag naming this use of the task (never 0xFFFFFFFF). */
	int ttt() {
		return (generation & 0x7FFF) << 16 | index;
	}

	@Override
	public void accept(SCSITaskResult r, Throwable t) {
		result = r;
		failure = t;
		engine.completedOffLoop(this);
	}

	@Override
	public void run() {
		engine.completed(this);
	}

	void reset() {
		state = State.FREE;
		aborted = false;
		immediate = false;
		unit = null;
		buffer = null;
		view = null;
		received = 0;
		unsolicitedOpen = false;
		nextR2TOffset = 0;
		r2tSN = 0;
		outstandingR2T = 0;
		burstEnd = 0;
		expectedDataSN = 0;
		expectedOffset = 0;
		overflow = 0;
		dataOutLength = 0;
		deviceLength = 0;
		result = null;
		failure = null;
		abortWaiter = null;
		generation++;
	}
}
