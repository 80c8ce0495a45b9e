package org.hbakit.iscsi.session;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.scsi.LogicalUnitNumber;
import org.hbakit.iscsi.pdu.Bhs;
import org.hbakit.iscsi.pdu.Opcode;
import org.hbakit.iscsi.scsi.BlockLimits;
import org.hbakit.iscsi.scsi.NexusAttentions;
import org.hbakit.iscsi.scsi.Outcomes;
import org.hbakit.iscsi.scsi.Reservations;
import org.hbakit.iscsi.scsi.TransferClamp;
import org.hbakit.iscsi.text.OperationalParameters;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;

/**
 * The SCSI commands of one connection, from SCSI Command PDU to submission (RFC 7143 §11.3, §11.7-8, §10.7-8):
 * command numbering, immediate data, unsolicited Data-Out, R2T bursts (up to MaxOutstandingR2T at once), DataSN and
 * offset checks, then {@link org.hbakit.controller.api.client.SCSILogicalUnit#submit} with the task buffer. The
 * completion comes back to the event loop and {@link TaskResponder} answers it.
 * <p>
 * Memory is bounded per connection: at most {@link CommandWindow#SIZE} plus {@link TaskPool#IMMEDIATE_LIMIT} tasks,
 * each at most {@link FrontDoorContext#MAX_TRANSFER} bytes, and at most {@link FrontDoorContext#BUFFER_BUDGET}
 * bytes of buffers in all: a command beyond it ends with TASK SET FULL, as a real target out of resources answers.
 * A Data-Out that breaks the sequence rules is a protocol error: Reject, then the connection closes
 * (ErrorRecoveryLevel 0). Used on the connection's event loop, except {@link #completedOffLoop}.
 */
final class CommandEngine {
	private final Connection connection;
	private final Session session;
	private final OperationalParameters p;
	private final EventExecutor loop;
	final TaskPool pool;
	final TaskResponder responder;
	private final int[] cdbLength = new int[1];
	private int bufferBytes;
	private int immediateRunning;
	private Runnable idleWaiter;
	private boolean closed;
	private boolean flushScheduled;
	/** Flushes once after the completions queued on the loop before it: they leave in one write. */
	private final Runnable flush = this::flushNow;

	CommandEngine(Connection connection) {
		this.connection = connection;
		this.session = connection.session;
		this.p = session.parameters;
		this.loop = connection.ctx.executor();
		this.pool = new TaskPool(this);
		this.responder = new TaskResponder(connection, this);
	}

	// ---- SCSI Command ----

	void command(ByteBuf in, int h, int data, int length) {
		int flags = Bhs.flags(in, h);
		boolean read = (flags & 0x40) != 0;
		boolean write = (flags & 0x20) != 0;
		boolean fin = (flags & 0x80) != 0;
		boolean immediate = Bhs.immediate(in, h);
		int itt = Bhs.word(in, h, Bhs.INITIATOR_TASK_TAG);
		int edtl = Bhs.word(in, h, Bhs.WORD_20);
		int cmdSN = Bhs.word(in, h, Bhs.WORD_24);
		if (pool.find(itt) != null || itt == Bhs.RESERVED_TAG) {
			connection.reject(RejectReason.INVALID_PDU_FIELD, in, h);
			return;
		}
		if (length > 0 && (!write || !p.immediateData || length > Math.min(p.firstBurstLength, edtl < 0 ? 0 : edtl))) {
			connection.reject(RejectReason.PROTOCOL_ERROR, in, h);
			return;
		}
		if (immediate && immediateRunning >= TaskPool.IMMEDIATE_LIMIT) {
			connection.reject(RejectReason.IMMEDIATE_COMMAND_REJECT, in, h);
			return;
		}
		CommandTask t = pool.take(itt);
		if (t == null) {
			connection.reject(RejectReason.LONG_OPERATION_REJECT, in, h);
			return;
		}
		t.immediate = immediate;
		t.cmdSN = cmdSN;
		t.lunBytes = Bhs.lun(in, h);
		t.edtl = edtl;
		in.getBytes(h + Bhs.CDB, t.cdb, 0, 16);
		t.cdbLength = 16;
		int lun = LogicalUnitNumber.decode(t.lunBytes);
		t.unit = session.target.unit(lun);
		boolean delivered;
		if (immediate) {
			immediateRunning++;
			delivered = true;
		} else {
			CommandWindow.Verdict v = session.window.offer(cmdSN, t);
			if (v == CommandWindow.Verdict.IGNORE) {
				pool.give(t);
				return;
			}
			delivered = v == CommandWindow.Verdict.DELIVER;
			if (delivered) {
				session.window.taskStarted();
			}
		}
		t.state = delivered ? CommandTask.State.RECEIVING : CommandTask.State.HELD;
		if (!prepare(t, read, write, edtl)) {
			if (delivered) {
				finishPrepared(t);
				connection.releaseHeld();
			}
			return;
		}
		if (write) {
			if (length > 0) {
				in.getBytes(data, t.buffer, 0, length);
			}
			t.received = length;
			t.expectedOffset = length;
			int unsolicitedLimit = Math.min(p.firstBurstLength, t.dataOutLength);
			t.unsolicitedOpen = !fin && !p.initialR2T && length < unsolicitedLimit;
			if (!fin && p.initialR2T) {
				connection.reject(RejectReason.PROTOCOL_ERROR, in, h);
				connection.closeAfterFlush();
				return;
			}
			t.burstEnd = unsolicitedLimit;
			t.nextR2TOffset = t.unsolicitedOpen ? -1 : length;
			requestData(t);
		}
		if (delivered) {
			finishPrepared(t);
			connection.releaseHeld();
		}
	}

	/**
	 * Decides lengths, clamps the CDB, and gets the buffer. Returns false when the task was answered locally
	 * instead (its result is set; {@link #finishPrepared} sends it once it is delivered).
	 */
	private boolean prepare(CommandTask t, boolean read, boolean write, int edtl) {
		if (edtl < 0 || edtl > FrontDoorContext.MAX_TRANSFER || (read && write)) {
			responder.localCheckCondition(t, 0x05, 0x24, 0x00); // INVALID FIELD IN CDB
			return false;
		}
		t.direction = write ? SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET
				: read ? SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR : SCSIDataTransferDirection.NO_DATA_TRANSFER;
		t.unitDirection = t.direction;
		int device = read || write ? edtl : 0;
		int opcode = t.cdb[0] & 0xFF;
		if (t.unit != null && TransferClamp.applies(opcode)) {
			boolean unitReads = TransferClamp.readsFromMedium(opcode);
			if (write && unitReads) {
				// a read flagged as a write: take the initiator's data, read into the buffer, send nothing back
				t.unitDirection = SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR;
			} else if (read && !unitReads) {
				responder.localCheckCondition(t, 0x05, 0x24, 0x00); // a write without data to write
				return false;
			}
			cdbLength[0] = t.cdbLength;
			int bs = t.unit.unit().blockSize();
			long overflow = TransferClamp.clamp(t.cdb, cdbLength, edtl, bs, !unitReads);
			t.cdbLength = cdbLength[0];
			t.overflow = (int) Math.min(overflow, Integer.MAX_VALUE);
			long blocks = TransferClamp.blocks(t.cdb);
			device = (int) Math.min(blocks * bs, Integer.MAX_VALUE);
			if (!read && !write) {
				t.unitDirection = blocks == 0 ? SCSIDataTransferDirection.NO_DATA_TRANSFER
						: unitReads ? SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR
								: SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET;
			}
		}
		t.deviceLength = device;
		t.dataOutLength = write ? edtl : 0;
		int size = Math.max(device, t.dataOutLength);
		if (size > 0) {
			if (bufferBytes + size > FrontDoorContext.BUFFER_BUDGET && bufferBytes > 0) {
				responder.localStatus(t, org.hbakit.controller.api.SCSITaskStatus.TASK_SET_FULL);
				return false;
			}
			t.buffer = connection.ctx.alloc().directBuffer(size, size);
			t.buffer.writerIndex(size);
			bufferBytes += size;
		}
		return true;
	}

	/** A delivered task: submit it if its data is all there, or send its local answer. */
	private void finishPrepared(CommandTask t) {
		if (t.result != null) {
			responder.respond(t); // answered locally
		} else if (t.received == t.dataOutLength && !t.unsolicitedOpen && t.outstandingR2T == 0) {
			submit(t);
		}
	}

	/** Called when ExpCmdSN reached a held task. */
	void released(CommandTask t) {
		if (t.state != CommandTask.State.HELD || t.cmdSN != session.window.expCmdSN() - 1) {
			return;
		}
		session.window.taskStarted();
		t.state = CommandTask.State.RECEIVING;
		finishPrepared(t);
	}

	// ---- Data-Out ----

	void dataOut(ByteBuf in, int h, int data, int length) {
		int itt = Bhs.word(in, h, Bhs.INITIATOR_TASK_TAG);
		int ttt = Bhs.word(in, h, Bhs.WORD_20);
		CommandTask t = pool.find(itt);
		if (t == null || t.aborted || t.result != null) {
			return; // data of a task that ended, failed or was aborted is discarded (RFC 7143 §11.7)
		}
		if (t.state != CommandTask.State.RECEIVING && t.state != CommandTask.State.HELD) {
			dataOutError(t, in, h, "Data-Out for a task that is not receiving data");
			return;
		}
		boolean fin = (Bhs.flags(in, h) & 0x80) != 0;
		int dataSN = Bhs.word(in, h, Bhs.WORD_36);
		int offset = Bhs.word(in, h, Bhs.WORD_40);
		boolean unsolicited = ttt == Bhs.RESERVED_TAG;
		if (unsolicited ? !t.unsolicitedOpen : ttt != t.ttt() || t.outstandingR2T == 0) {
			dataOutError(t, in, h, "Data-Out with an unexpected Target Transfer Tag");
			return;
		}
		if (dataSN != t.expectedDataSN || offset != t.expectedOffset || length == 0
				|| (long) offset + length > t.burstEnd) {
			dataOutError(t, in, h, "Data-Out out of sequence (DataSN " + dataSN + ", offset " + offset + ", length "
					+ length + ")");
			return;
		}
		in.getBytes(data, t.buffer, offset, length);
		t.received += length;
		t.expectedOffset += length;
		t.expectedDataSN++;
		boolean burstDone = fin || t.expectedOffset == t.burstEnd;
		if (burstDone) {
			t.expectedDataSN = 0;
			if (unsolicited) {
				t.unsolicitedOpen = false;
				t.nextR2TOffset = t.received;
			} else {
				t.outstandingR2T--;
			}
			t.burstEnd = Math.min(t.expectedOffset + p.maxBurstLength, t.dataOutLength);
			requestData(t);
		}
		if (t.state == CommandTask.State.RECEIVING && t.received == t.dataOutLength && !t.unsolicitedOpen
				&& t.outstandingR2T == 0) {
			submit(t);
		}
	}

	/** Sends R2Ts for what the initiator has not been asked for yet, up to MaxOutstandingR2T. */
	private void requestData(CommandTask t) {
		if (t.unsolicitedOpen) {
			return;
		}
		if (t.outstandingR2T == 0) {
			t.burstEnd = Math.min(t.expectedOffset + p.maxBurstLength, t.dataOutLength);
		}
		while (t.outstandingR2T < p.maxOutstandingR2T && t.nextR2TOffset < t.dataOutLength) {
			int len = Math.min(p.maxBurstLength, t.dataOutLength - t.nextR2TOffset);
			responder.r2t(t, t.nextR2TOffset, len);
			t.nextR2TOffset += len;
			t.outstandingR2T++;
		}
	}

	/**
	 * A Data-Out that breaks the sequence rules: the PDU is rejected and its command ends with ABORTED COMMAND, DATA
	 * PHASE ERROR (4Bh/00h); the connection and the session go on (later Data-Out of that command are discarded).
	 */
	private void dataOutError(CommandTask t, ByteBuf in, int h, String reason) {
		connection.door.log.info(connection + ": " + reason + "; the command fails");
		connection.reject(RejectReason.PROTOCOL_ERROR, in, h);
		t.unsolicitedOpen = false;
		t.outstandingR2T = 0;
		responder.localCheckCondition(t, 0x0B, 0x4B, 0x00);
		if (t.state == CommandTask.State.RECEIVING) {
			responder.respond(t);
		}
	}

	// ---- submission and completion ----

	private void submit(CommandTask t) {
		if (t.unit == null) {
			responder.absentUnit(t);
			responder.respond(t);
			return;
		}
		if (!session.attentions.isEmpty() && !NexusAttentions.passes(t.cdb[0] & 0xFF)) {
			int code = session.attentions.take(t.unit.lun());
			if (code >= 0) {
				responder.localCheckCondition(t, 0x06, code >> 8, code & 0xFF);
				responder.respond(t);
				return;
			}
		}
		Reservations reservations = t.unit.reservations();
		if (Reservations.handles(t.cdb[0] & 0xFF)) {
			reservationCommand(t, reservations);
			return;
		}
		if (reservations.engaged() && reservations.conflicts(session.nexus, t.cdb)) {
			t.result = Outcomes.conflict();
			responder.respond(t);
			return;
		}
		t.state = CommandTask.State.SUBMITTED;
		java.nio.ByteBuffer view = t.deviceLength == 0 ? null : t.buffer.nioBuffer(0, t.deviceLength);
		int direction = view == null ? SCSIDataTransferDirection.NO_DATA_TRANSFER : t.unitDirection;
		CompletionStage<SCSITaskResult> stage;
		try {
			stage = t.unit.unit().submit(t.cdb, t.cdbLength, view, direction, 0);
		} catch (RuntimeException e) {
			t.state = CommandTask.State.RECEIVING;
			responder.localCheckCondition(t, 0x05, 0x24, 0x00);
			responder.respond(t);
			return;
		}
		stage.whenComplete(t);
	}

	/** RESERVE, RELEASE and PERSISTENT RESERVE IN/OUT, answered by the front door for every nexus of the unit. */
	private void reservationCommand(CommandTask t, Reservations reservations) {
		int size = Math.max(t.deviceLength, t.dataOutLength);
		byte[] data = new byte[size];
		if (t.dataOutLength > 0) {
			t.buffer.getBytes(0, data, 0, t.received);
		}
		int lun = t.unit.lun();
		t.result = reservations.execute(session.nexus, session.nexus, t.cdb, data, t.received,
				(nexus, asc, ascq) -> {
					for (Session s : connection.door.sessions.sessionsOf(session.target)) {
						if (s.nexus.equals(nexus)) {
							s.attentions.raise(lun, asc, ascq);
						}
					}
				});
		if (t.direction == SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR && t.result.bytesTransferred() > 0) {
			t.buffer.setBytes(0, data, 0, (int) t.result.bytesTransferred());
		}
		responder.respond(t);
	}

	/** From the thread that completed the logical unit's stage: back to the event loop. */
	void completedOffLoop(CommandTask t) {
		try {
			loop.execute(t);
		} catch (RejectedExecutionException e) {
			// the event loop is gone (the front door stopped): nobody is left to answer
			if (t.buffer != null) {
				t.buffer.release();
				t.buffer = null;
			}
		}
	}

	private void flushNow() {
		flushScheduled = false;
		connection.writer.flush();
	}

	/** On the event loop: the logical unit completed {@code t}. */
	void completed(CommandTask t) {
		if (closed || t.aborted) {
			Runnable waiter = t.abortWaiter;
			release(t);
			if (waiter != null) {
				waiter.run();
			}
			return;
		}
		SCSITaskResult r = t.result;
		if (r != null && t.buffer != null && (t.cdb[0] & 0xFF) == 0x12) {
			BlockLimits.apply(t.cdb, t.buffer, (int) Math.min(r.bytesTransferred(), t.deviceLength),
					t.unit.unit().blockSize(), FrontDoorContext.MAX_TRANSFER);
		}
		responder.respond(t);
		if (!flushScheduled) {
			flushScheduled = true;
			loop.execute(flush);
		}
	}

	/** Frees a task after its response was written (or it was dropped). */
	void release(CommandTask t) {
		if (t.state == CommandTask.State.FREE) {
			return;
		}
		if (t.buffer != null) {
			bufferBytes -= t.buffer.capacity();
			t.buffer.release();
			t.buffer = null;
		}
		boolean counted = t.state != CommandTask.State.HELD;
		if (counted) {
			if (t.immediate) {
				immediateRunning--;
			} else {
				session.window.taskDone();
			}
		}
		pool.give(t);
		if (idleWaiter != null && pool.used() == 0) {
			Runnable r = idleWaiter;
			idleWaiter = null;
			r.run();
		}
	}

	/** Runs {@code r} once no task is left (at once if none is). Tasks still receiving data are dropped. */
	void whenIdle(Runnable r) {
		for (CommandTask t : pool.inUse()) {
			if (t.state == CommandTask.State.RECEIVING || t.state == CommandTask.State.HELD) {
				release(t);
			}
		}
		if (pool.used() == 0) {
			r.run();
		} else {
			idleWaiter = r;
		}
	}

	/** The connection closed: tasks not in a logical unit are freed now, the others when they complete. */
	void connectionClosed() {
		closed = true;
		for (CommandTask t : pool.inUse()) {
			if (t.state != CommandTask.State.SUBMITTED) {
				release(t);
			}
		}
	}

	boolean isClosed() {
		return closed;
	}
}
