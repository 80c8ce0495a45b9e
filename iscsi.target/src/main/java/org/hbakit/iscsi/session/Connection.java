package org.hbakit.iscsi.session;

import java.util.concurrent.TimeUnit;

import org.hbakit.iscsi.pdu.Bhs;
import org.hbakit.iscsi.pdu.Opcode;
import org.hbakit.iscsi.pdu.PduReader;
import org.hbakit.iscsi.pdu.PduWriter;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * One iSCSI connection (a TCP connection from an initiator): it runs the login, then dispatches the full feature
 * phase PDUs (RFC 7143 §11) to the {@link CommandEngine} (SCSI commands and Data-Out), {@link TaskManagement},
 * {@link TextResponder} and itself (NOP, Logout, Reject, Async Message). It owns StatSN.
 * <p>
 * Everything runs on the channel's event loop; the only other entry is a task completion, which the engine hands
 * back to the loop. A PDU that breaks the protocol gets the RFC's answer (Reject, or the connection closes, as
 * ErrorRecoveryLevel 0 prescribes); an exception inside the handling closes this connection only.
 */
public final class Connection extends ChannelInboundHandlerAdapter implements PduReader.Sink {
	final FrontDoorContext door;
	final PduReader reader;
	ChannelHandlerContext ctx;
	PduWriter writer;
	private LoginNegotiation login;
	Session session;
	private int statSN = 1;
	CommandEngine engine;
	TaskManagement taskManagement;
	private TextResponder text;
	private ScheduledFuture<?> loginTimer;
	private boolean closing;
	private boolean logoutPending;
	private boolean starved;
	private Runnable inventoryListener;

	public Connection(FrontDoorContext door) {
		this.door = door;
		this.reader = new PduReader(this);
	}

	/** The framer to put before this handler in the pipeline. */
	public PduReader reader() {
		return reader;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
		this.writer = new PduWriter(ctx);
		this.login = new LoginNegotiation(this);
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		if (door.connections.incrementAndGet() > door.maxConnections) {
			door.log.warn("refusing a connection from " + ctx.channel().remoteAddress() + ": " + door.maxConnections
					+ " connections are open");
			ctx.close();
			return;
		}
		loginTimer = ctx.executor().schedule(() -> {
			if (session == null && ctx.channel().isActive()) {
				door.log.warn("closing " + ctx.channel().remoteAddress() + ": no login within " + door.loginTimeoutMs
						+ " ms");
				ctx.close();
			}
		}, door.loginTimeoutMs, TimeUnit.MILLISECONDS);
		ctx.fireChannelActive();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		door.connections.decrementAndGet();
		closing = true;
		reader.stop();
		if (loginTimer != null) {
			loginTimer.cancel(false);
		}
		if (session != null) {
			door.sessions.remove(session);
			if (session.target != null && inventoryListener != null) {
				session.target.removeInventoryListener(inventoryListener);
			}
			if (session.target != null) {
				for (int lun : session.target.luns()) {
					session.target.unit(lun).reservations().nexusLost(session.nexus); // I_T nexus loss
				}
			}
			session.window.clearHeld(item -> {
				if (item instanceof CommandTask t) {
					engine.release(t);
				}
			});
		}
		if (engine != null) {
			engine.connectionClosed();
		}
		ctx.fireChannelInactive();
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		writer.flush();
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		updateAutoRead();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (!closing) {
			door.log.warn("closing the connection from " + ctx.channel().remoteAddress() + ": " + cause);
		}
		close();
	}

	// ---- framing ----

	@Override
	public void pdu(ByteBuf in, int h, int data, int dataLength) {
		if (closing) {
			return;
		}
		try {
			if (session == null) {
				login.request(in, h, data, dataLength);
			} else {
				fullFeature(in, h, data, dataLength);
			}
		} catch (Throwable t) {
			door.log.error("closing the connection from " + ctx.channel().remoteAddress() + " after an error handling "
					+ "opcode 0x" + Integer.toHexString(Bhs.opcode(in, h)), t);
			close();
		}
	}

	@Override
	public void oversized(ByteBuf in, int h, int dataLength) {
		door.log.warn("closing the connection from " + ctx.channel().remoteAddress() + ": a PDU of " + dataLength
				+ " data bytes exceeds " + reader.maxDataSegmentLength);
		if (session != null) {
			reject(RejectReason.PROTOCOL_ERROR, in, h);
		}
		closeAfterFlush();
	}

	@Override
	public void headerDigestError(ByteBuf in, int h) {
		door.log.warn("closing the connection from " + ctx.channel().remoteAddress() + ": header digest error");
		close();
	}

	@Override
	public void dataDigestError(ByteBuf in, int h) {
		// ErrorRecoveryLevel 0 cannot ask for the data again: reject the PDU and end the connection
		reject(RejectReason.DATA_DIGEST_ERROR, in, h);
		closeAfterFlush();
	}

	// ---- full feature phase ----

	private void fullFeature(ByteBuf in, int h, int data, int length) {
		int opcode = Bhs.opcode(in, h);
		if (logoutPending && opcode != Opcode.NOP_OUT) {
			reject(RejectReason.WAITING_FOR_LOGOUT, in, h);
			return;
		}
		if (session.discovery && opcode != Opcode.TEXT_REQUEST && opcode != Opcode.LOGOUT_REQUEST
				&& opcode != Opcode.NOP_OUT) {
			reject(RejectReason.PROTOCOL_ERROR, in, h);
			return;
		}
		switch (opcode) {
			case Opcode.SCSI_COMMAND -> engine.command(in, h, data, length);
			case Opcode.DATA_OUT -> engine.dataOut(in, h, data, length);
			case Opcode.NOP_OUT -> nopOut(in, h, data, length);
			case Opcode.TASK_MANAGEMENT_REQUEST -> {
				if (numbered(in, h)) {
					taskManagement.request(in, h);
				}
			}
			case Opcode.TEXT_REQUEST -> {
				if (numbered(in, h)) {
					text.request(in, h, data, length);
				}
			}
			case Opcode.LOGOUT_REQUEST -> {
				if (numbered(in, h)) {
					logout(in, h);
				}
			}
			case Opcode.SNACK_REQUEST -> reject(RejectReason.COMMAND_NOT_SUPPORTED, in, h);
			case Opcode.LOGIN_REQUEST -> {
				reject(RejectReason.PROTOCOL_ERROR, in, h);
				closeAfterFlush();
			}
			default -> reject(RejectReason.COMMAND_NOT_SUPPORTED, in, h);
		}
	}

	/**
	 * Applies command numbering to a non-SCSI PDU: immediate ones and those inside the window are handled now (a PDU
	 * ahead of ExpCmdSN marks its number as received); those outside are ignored.
	 */
	boolean numbered(ByteBuf in, int h) {
		if (Bhs.immediate(in, h)) {
			return true;
		}
		CommandWindow.Verdict v = session.window.offer(Bhs.word(in, h, Bhs.WORD_24), CommandWindow.HANDLED);
		if (v == CommandWindow.Verdict.IGNORE) {
			return false;
		}
		if (v == CommandWindow.Verdict.DELIVER) {
			releaseHeld();
		}
		return true;
	}

	/** Delivers the held commands whose turn came after ExpCmdSN advanced. */
	void releaseHeld() {
		Object item;
		while ((item = session.window.nextReleased()) != null) {
			if (item instanceof CommandTask t) {
				engine.released(t);
			}
		}
	}

	private void nopOut(ByteBuf in, int h, int data, int length) {
		int itt = Bhs.word(in, h, Bhs.INITIATOR_TASK_TAG);
		if (!Bhs.immediate(in, h) && !numbered(in, h)) {
			return;
		}
		if (itt == Bhs.RESERVED_TAG) {
			return; // a ping answer or a one-way NOP: no reply
		}
		ByteBuf r = writer.header(Opcode.NOP_IN, Bhs.FINAL);
		r.setLong(Bhs.LUN, Bhs.lun(in, h));
		r.setInt(Bhs.INITIATOR_TASK_TAG, itt);
		r.setInt(Bhs.WORD_20, Bhs.RESERVED_TAG);
		stamp(r, true);
		int echo = Math.min(length, session.parameters.initiatorMaxRecvDataSegmentLength);
		writer.write(r, echo == 0 ? null : in.retainedSlice(data, echo), echo);
	}

	private void logout(ByteBuf in, int h) {
		int reason = Bhs.flags(in, h) & 0x7F;
		int itt = Bhs.word(in, h, Bhs.INITIATOR_TASK_TAG);
		if (reason == 2) {
			sendLogoutResponse(itt, 2, false); // connection recovery needs ErrorRecoveryLevel 2
			return;
		}
		if (reason > 2) {
			reject(RejectReason.PROTOCOL_ERROR, in, h);
			return;
		}
		logoutPending = true;
		engine.whenIdle(() -> sendLogoutResponse(itt, 0, true));
	}

	private void sendLogoutResponse(int itt, int response, boolean close) {
		ByteBuf r = writer.header(Opcode.LOGOUT_RESPONSE, Bhs.FINAL);
		r.setByte(2, response);
		r.setInt(Bhs.INITIATOR_TASK_TAG, itt);
		stamp(r, true);
		writer.write(r, null, 0);
		if (close) {
			closeAfterFlush();
		} else {
			writer.flush();
		}
	}

	/** Sends a Reject for the PDU at {@code in[h]} (its header goes back as the data segment). */
	void reject(int reason, ByteBuf in, int h) {
		ByteBuf r = writer.header(Opcode.REJECT, Bhs.FINAL);
		r.setByte(2, reason);
		r.setInt(Bhs.INITIATOR_TASK_TAG, Bhs.RESERVED_TAG);
		if (session != null) {
			stamp(r, true);
		} else {
			r.setInt(Bhs.WORD_24, statSN++);
		}
		writer.write(r, in.retainedSlice(h, Bhs.LENGTH), Bhs.LENGTH);
	}

	/**
	 * Sends an Asynchronous Message with a SCSI asynchronous event (AsyncEvent 0) for {@code lun}: sense 06/3F/0E
	 * REPORTED LUNS DATA HAS CHANGED, so the initiator rescans (RFC 7143 §11.9, SAM-5 §5.13).
	 */
	void sendLunsChanged(int lun) {
		if (closing || session == null) {
			return;
		}
		byte[] fixed = new byte[org.hbakit.controller.api.scsi.SenseData.FIXED_LENGTH];
		int n = org.hbakit.controller.api.scsi.SenseData.fixed(fixed, 0x06, 0x3F, 0x0E);
		byte[] sense = new byte[2 + n];
		sense[1] = (byte) n; // SenseLength, then the sense data
		System.arraycopy(fixed, 0, sense, 2, n);
		ByteBuf r = writer.header(Opcode.ASYNC_MESSAGE, Bhs.FINAL);
		r.setLong(Bhs.LUN, org.hbakit.controller.api.scsi.LogicalUnitNumber.encode(lun));
		r.setInt(Bhs.INITIATOR_TASK_TAG, Bhs.RESERVED_TAG);
		stamp(r, true);
		r.setByte(36, 0); // AsyncEvent 0: SCSI asynchronous event, sense data follows
		writer.write(r, sense);
		writer.flush();
	}

	// ---- shared helpers ----

	/** Sets StatSN (advancing it when the PDU carries status), ExpCmdSN and MaxCmdSN. */
	void stamp(ByteBuf r, boolean advanceStatSN) {
		r.setInt(Bhs.WORD_24, advanceStatSN ? statSN++ : statSN);
		r.setInt(Bhs.WORD_28, session.window.expCmdSN());
		r.setInt(Bhs.WORD_32, session.window.maxCmdSN());
	}

	int statSN() {
		return statSN;
	}

	int takeStatSN() {
		return statSN++;
	}

	void statSN(int value) {
		statSN = value;
	}

	/** Called by the login when it reaches full feature phase. */
	void fullFeaturePhase(Session s) {
		this.session = s;
		door.logins.incrementAndGet();
		if (loginTimer != null) {
			loginTimer.cancel(false);
		}
		reader.maxDataSegmentLength = door.limits.maxRecvDataSegmentLength();
		reader.headerDigest = s.parameters.headerDigest;
		reader.dataDigest = s.parameters.dataDigest;
		writer.headerDigest = s.parameters.headerDigest;
		writer.dataDigest = s.parameters.dataDigest;
		engine = new CommandEngine(this);
		taskManagement = new TaskManagement(this);
		text = new TextResponder(this);
		if (s.target != null) {
			inventoryListener = () -> ctx.executor().execute(() -> sendLunsChanged(0));
			s.target.addInventoryListener(inventoryListener);
		}
	}

	/** Pauses reading while the connection holds too much buffer memory; see {@link CommandEngine}. */
	void starved(boolean on) {
		starved = on;
		updateAutoRead();
	}

	private void updateAutoRead() {
		boolean read = !closing && !starved && ctx.channel().isWritable();
		if (ctx.channel().config().isAutoRead() != read) {
			ctx.channel().config().setAutoRead(read);
		}
	}

	/** Closes the connection now. */
	void close() {
		closing = true;
		reader.stop();
		ctx.close();
	}

	/** Closes the connection once what was written is on the wire. */
	void closeAfterFlush() {
		closing = true;
		reader.stop();
		writer.flush();
		ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
	}

	boolean isClosing() {
		return closing;
	}

	/** The address initiators reach this connection on, as SendTargets reports it. */
	java.net.InetSocketAddress localAddress() {
		return (java.net.InetSocketAddress) ctx.channel().localAddress();
	}

	/** The initiator's address. */
	public java.net.SocketAddress remoteAddress() {
		return ctx.channel().remoteAddress();
	}

	@Override
	public String toString() {
		return "connection " + ctx.channel().remoteAddress() + (session != null ? " " + session : "");
	}
}
