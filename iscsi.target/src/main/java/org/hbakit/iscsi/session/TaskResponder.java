package org.hbakit.iscsi.session;

import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.iscsi.pdu.Bhs;
import org.hbakit.iscsi.pdu.Opcode;
import org.hbakit.iscsi.scsi.AbsentUnit;
import org.hbakit.iscsi.scsi.Outcomes;

import io.netty.buffer.ByteBuf;

/**
 * Answers the commands of one connection (RFC 7143 §11.4, §11.7, §11.8): Data-In PDUs of at most the initiator's
 * MaxRecvDataSegmentLength, sequences of at most MaxBurstLength (F bit), status in the last Data-In when the command
 * ended GOOD without sense (S bit), otherwise a SCSI Response with the sense data; residual underflow and overflow;
 * R2Ts. The data segments are retained slices of the task buffer, so data is never copied here. Used on the
 * connection's event loop only.
 */
final class TaskResponder {
	private static final byte[] NO_SENSE = new byte[0];
	private static final int RESIDUAL_OVERFLOW = 0x04;
	private static final int RESIDUAL_UNDERFLOW = 0x02;
	private static final int STATUS_BIT = 0x01;

	private final Connection connection;
	private final CommandEngine engine;

	TaskResponder(Connection connection, CommandEngine engine) {
		this.connection = connection;
		this.engine = engine;
	}

	/** Sends the task's data and status, then frees it. */
	void respond(CommandTask t) {
		SCSITaskResult r = t.result;
		if (t.failure != null || r == null) {
			connection.door.log.warn(t.unit + ": command 0x" + Integer.toHexString(t.cdb[0] & 0xFF)
					+ " failed in the framework: " + t.failure);
			response(t, 0x01, 0, 0, 0, NO_SENSE);
		} else if (r.serviceResponse() != SCSIServiceResponse.TASK_COMPLETE) {
			if (r.status() == SCSITaskStatus.DEVICE_NOT_PRESENT) {
				// the unit went away under the command: tell the initiator as a target whose LUN is gone does
				response(t, 0, SCSITaskStatus.CHECK_CONDITION, RESIDUAL_UNDERFLOW, t.edtl,
						Outcomes.check(0x05, 0x25, 0x00).sense());
			} else {
				response(t, 0x01, 0, 0, 0, NO_SENSE); // Target Failure: the initiator retries
			}
		} else {
			complete(t, r);
		}
		engine.release(t);
	}

	private void complete(CommandTask t, SCSITaskResult r) {
		long moved = Math.max(0, r.bytesTransferred());
		int sent = 0;
		boolean in = t.direction == SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR;
		if (in) {
			sent = (int) Math.min(Math.min(moved, t.edtl), t.deviceLength);
		} else if (t.direction == SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET) {
			sent = (int) Math.min(moved, t.edtl);
		}
		int residualFlag = 0;
		int residual = 0;
		if (t.overflow > 0) {
			residualFlag = RESIDUAL_OVERFLOW;
			residual = t.overflow;
		} else if (sent < t.edtl) {
			residualFlag = RESIDUAL_UNDERFLOW;
			residual = t.edtl - sent;
		}
		byte[] sense = r.sense();
		boolean statusInData = in && sent > 0 && r.status() == SCSITaskStatus.GOOD && sense.length == 0;
		if (in && sent > 0) {
			dataIn(t, sent, statusInData, r.status(), residualFlag, residual);
		}
		if (!statusInData) {
			response(t, 0, r.status(), residualFlag, residual, sense);
		}
	}

	private void dataIn(CommandTask t, int length, boolean withStatus, int status, int residualFlag, int residual) {
		Session s = connection.session;
		int max = s.parameters.initiatorMaxRecvDataSegmentLength;
		int burst = s.parameters.maxBurstLength;
		int dataSN = 0;
		int offset = 0;
		while (offset < length) {
			int n = Math.min(max, length - offset);
			int burstLeft = burst - offset % burst;
			n = Math.min(n, burstLeft);
			boolean last = offset + n == length;
			boolean endOfSequence = last || n == burstLeft;
			int flags = (endOfSequence ? Bhs.FINAL : 0) | (last && withStatus ? STATUS_BIT | residualFlag : 0);
			ByteBuf h = connection.writer.header(Opcode.DATA_IN, flags);
			if (last && withStatus) {
				h.setByte(3, status);
			}
			h.setLong(Bhs.LUN, t.lunBytes);
			h.setInt(Bhs.INITIATOR_TASK_TAG, t.itt);
			h.setInt(Bhs.WORD_20, Bhs.RESERVED_TAG);
			connection.stamp(h, last && withStatus);
			h.setInt(Bhs.WORD_36, dataSN++);
			h.setInt(Bhs.WORD_40, offset);
			if (last && withStatus) {
				h.setInt(Bhs.WORD_44, residual);
			}
			connection.writer.write(h, t.buffer.retainedSlice(offset, n), n);
			offset += n;
		}
		t.expectedDataSN = dataSN; // ExpDataSN of a SCSI Response that follows
	}

	private void response(CommandTask t, int response, int status, int residualFlag, int residual, byte[] sense) {
		ByteBuf h = connection.writer.header(Opcode.SCSI_RESPONSE, Bhs.FINAL | residualFlag);
		h.setByte(2, response);
		h.setByte(3, status);
		h.setInt(Bhs.INITIATOR_TASK_TAG, t.itt);
		connection.stamp(h, true);
		h.setInt(Bhs.WORD_36, t.direction == SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR ? t.expectedDataSN : 0);
		h.setInt(Bhs.WORD_44, residual);
		if (sense.length == 0) {
			connection.writer.write(h, null, 0);
		} else {
			byte[] d = new byte[2 + sense.length];
			d[0] = (byte) (sense.length >> 8);
			d[1] = (byte) sense.length;
			System.arraycopy(sense, 0, d, 2, sense.length);
			connection.writer.write(h, d);
		}
	}

	/** Sends an R2T asking for {@code length} bytes at {@code offset}. */
	void r2t(CommandTask t, int offset, int length) {
		ByteBuf h = connection.writer.header(Opcode.R2T, Bhs.FINAL);
		h.setLong(Bhs.LUN, t.lunBytes);
		h.setInt(Bhs.INITIATOR_TASK_TAG, t.itt);
		h.setInt(Bhs.WORD_20, t.ttt());
		connection.stamp(h, false);
		h.setInt(Bhs.WORD_36, t.r2tSN++);
		h.setInt(Bhs.WORD_40, offset);
		h.setInt(Bhs.WORD_44, length);
		connection.writer.write(h, null, 0);
	}

	/** Answers a task without the logical unit: CHECK CONDITION with fixed-format sense. */
	void localCheckCondition(CommandTask t, int key, int asc, int ascq) {
		t.result = Outcomes.check(key, asc, ascq);
	}

	/** Answers a task without the logical unit with a status and no sense (e.g. TASK SET FULL). */
	void localStatus(CommandTask t, int status) {
		t.result = Outcomes.status(status);
	}

	/** Answers a command to a LUN the target does not have (SPC-4 §4.6.4, as the simulated target does). */
	void absentUnit(CommandTask t) {
		int length = t.buffer == null ? 0 : Math.min(t.deviceLength, t.buffer.capacity());
		t.result = AbsentUnit.answer(t.cdb, t.buffer, length, connection.session.target);
	}
}
