package org.hbakit.iscsi.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.hbakit.controller.api.scsi.LogicalUnitNumber;
import org.hbakit.iscsi.pdu.Bhs;
import org.hbakit.iscsi.pdu.Opcode;
import org.hbakit.iscsi.target.ExportedTarget;

import io.netty.buffer.ByteBuf;

/**
 * Task Management Function requests (RFC 7143 §11.5-6): ABORT TASK, ABORT TASK SET, CLEAR TASK SET, LOGICAL UNIT
 * RESET, TARGET WARM RESET and TARGET COLD RESET. A task still in the front door (held for its CmdSN, or waiting
 * for Data-Out) is dropped at once; a task already in the logical unit cannot be taken back through the client API,
 * so it is marked aborted, its completion is waited for and discarded (it gets no response, as the RFC requires
 * for aborted tasks), and only then does the function complete. Functions spanning sessions (CLEAR TASK SET, the
 * resets) run on each session's own event loop and answer when all are done. A cold reset then closes every
 * connection to the target. ACA and task reassignment are not supported (ErrorRecoveryLevel 0).
 */
final class TaskManagement {
	static final int ABORT_TASK = 1;
	static final int ABORT_TASK_SET = 2;
	static final int CLEAR_ACA = 3;
	static final int CLEAR_TASK_SET = 4;
	static final int LOGICAL_UNIT_RESET = 5;
	static final int TARGET_WARM_RESET = 6;
	static final int TARGET_COLD_RESET = 7;
	static final int TASK_REASSIGN = 8;

	static final int FUNCTION_COMPLETE = 0;
	static final int TASK_DOES_NOT_EXIST = 1;
	static final int LUN_DOES_NOT_EXIST = 2;
	static final int REASSIGNMENT_NOT_SUPPORTED = 4;
	static final int NOT_SUPPORTED = 5;

	private final Connection connection;

	TaskManagement(Connection connection) {
		this.connection = connection;
	}

	void request(ByteBuf in, int h) {
		int function = Bhs.flags(in, h) & 0x7F;
		int itt = Bhs.word(in, h, Bhs.INITIATOR_TASK_TAG);
		long lunBytes = Bhs.lun(in, h);
		int lun = LogicalUnitNumber.decode(lunBytes);
		ExportedTarget target = connection.session.target;
		boolean lunScoped = function == ABORT_TASK || function == ABORT_TASK_SET || function == CLEAR_TASK_SET
				|| function == LOGICAL_UNIT_RESET;
		if (lunScoped && target.unit(lun) == null) {
			respond(itt, LUN_DOES_NOT_EXIST);
			return;
		}
		switch (function) {
			case ABORT_TASK -> abortTask(itt, lunBytes, Bhs.word(in, h, Bhs.WORD_20), Bhs.word(in, h, Bhs.WORD_32));
			case ABORT_TASK_SET -> abortLocal(t -> t.lunBytes == lunBytes).thenRun(() -> respondOnLoop(itt,
					FUNCTION_COMPLETE));
			case CLEAR_TASK_SET -> acrossSessions(target, lunBytes).thenRun(() -> respondOnLoop(itt, FUNCTION_COMPLETE));
			case LOGICAL_UNIT_RESET -> acrossSessions(target, lunBytes).thenRun(() -> {
				reset(target, lun, 0x29, 0x03); // BUS DEVICE RESET FUNCTION OCCURRED
				respondOnLoop(itt, FUNCTION_COMPLETE);
			});
			case TARGET_WARM_RESET -> acrossSessions(target, null).thenRun(() -> {
				reset(target, -1, 0x29, 0x03);
				respondOnLoop(itt, FUNCTION_COMPLETE);
			});
			case TARGET_COLD_RESET -> acrossSessions(target, null).thenRun(() -> connection.ctx.executor().execute(() -> {
				reset(target, -1, 0x29, 0x01); // POWER ON OCCURRED
				respond(itt, FUNCTION_COMPLETE);
				for (Session s : connection.door.sessions.sessionsOf(target)) {
					s.connection.ctx.executor().execute(s.connection::closeAfterFlush);
				}
			}));
			case TASK_REASSIGN -> respond(itt, REASSIGNMENT_NOT_SUPPORTED);
			default -> respond(itt, NOT_SUPPORTED); // CLEAR ACA (no ACA), QUERY functions and others
		}
	}

	private void abortTask(int itt, long lunBytes, int referencedItt, int referencedCmdSN) {
		CommandEngine engine = connection.engine;
		CommandTask t = engine.pool.find(referencedItt);
		if (t == null || t.lunBytes != lunBytes) {
			CommandWindow w = connection.session.window;
			// a command not received yet, inside the window, counts as aborted (RFC 7143 §11.5.1)
			boolean future = SerialNumbers.inWindow(referencedCmdSN, w.expCmdSN(), w.maxCmdSN());
			respond(itt, future ? FUNCTION_COMPLETE : TASK_DOES_NOT_EXIST);
			return;
		}
		abort(t).thenRun(() -> respondOnLoop(itt, FUNCTION_COMPLETE));
	}

	/** Aborts this connection's tasks that {@code filter} selects; completes when none of them runs any more. */
	CompletableFuture<Void> abortLocal(java.util.function.Predicate<CommandTask> filter) {
		List<CompletableFuture<Void>> waits = new ArrayList<>();
		for (CommandTask t : connection.engine.pool.inUse()) {
			if (!t.aborted && filter.test(t)) {
				waits.add(abort(t));
			}
		}
		return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
	}

	private CompletableFuture<Void> abort(CommandTask t) {
		CommandEngine engine = connection.engine;
		if (t.state != CommandTask.State.SUBMITTED) {
			engine.release(t);
			return CompletableFuture.completedFuture(null);
		}
		CompletableFuture<Void> done = new CompletableFuture<>();
		t.aborted = true;
		t.abortWaiter = () -> done.complete(null);
		engine.pool.forget(t);
		return done;
	}

	/** Aborts the tasks of {@code lunBytes} (every LUN when null) in every session of {@code target}. */
	private CompletableFuture<Void> acrossSessions(ExportedTarget target, Long lunBytes) {
		List<CompletableFuture<Void>> waits = new ArrayList<>();
		for (Session s : connection.door.sessions.sessionsOf(target)) {
			Connection c = s.connection;
			CompletableFuture<Void> f = new CompletableFuture<>();
			waits.add(f);
			c.ctx.executor().execute(() -> {
				if (c.engine == null || c.isClosing()) {
					f.complete(null);
					return;
				}
				c.taskManagement.abortLocal(t -> lunBytes == null || t.lunBytes == lunBytes)
						.whenComplete((v, e) -> f.complete(null));
			});
		}
		return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
	}

	/**
	 * After a reset of {@code lun} (every LUN when -1): every nexus of the target gets the unit attention, the
	 * requester's included (SAM-5 §5.14).
	 */
	private void reset(ExportedTarget target, int lun, int asc, int ascq) {
		for (int l : lun >= 0 ? new int[] { lun } : target.luns()) {
			org.hbakit.iscsi.target.ExportedUnit u = target.unit(l);
			if (u != null) {
				u.reservations().reset();
			}
		}
		for (Session s : connection.door.sessions.sessionsOf(target)) {
			if (lun >= 0) {
				s.attentions.raise(lun, asc, ascq);
			} else {
				for (int l : target.luns()) {
					s.attentions.raise(l, asc, ascq);
				}
			}
		}
	}

	private void respondOnLoop(int itt, int response) {
		if (connection.ctx.executor().inEventLoop()) {
			respond(itt, response);
		} else {
			connection.ctx.executor().execute(() -> respond(itt, response));
		}
	}

	private void respond(int itt, int response) {
		if (connection.isClosing()) {
			return;
		}
		ByteBuf r = connection.writer.header(Opcode.TASK_MANAGEMENT_RESPONSE, Bhs.FINAL);
		r.setByte(2, response);
		r.setInt(Bhs.INITIATOR_TASK_TAG, itt);
		connection.stamp(r, true);
		connection.writer.write(r, null, 0);
		connection.writer.flush();
	}
}
