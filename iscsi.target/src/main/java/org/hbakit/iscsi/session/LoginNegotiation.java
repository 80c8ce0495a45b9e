package org.hbakit.iscsi.session;

import java.util.LinkedHashMap;
import java.util.Map;

import org.hbakit.iscsi.login.AccessPolicy;
import org.hbakit.iscsi.login.ChapExchange;
import org.hbakit.iscsi.login.LoginStatus;
import org.hbakit.iscsi.pdu.Bhs;
import org.hbakit.iscsi.pdu.Opcode;
import org.hbakit.iscsi.target.ExportedTarget;
import org.hbakit.iscsi.text.KeyNegotiator;
import org.hbakit.iscsi.text.OperationalParameters;
import org.hbakit.iscsi.text.TextParameters;

import io.netty.buffer.ByteBuf;

/**
 * The target's side of one login (RFC 7143 §6.3 and §11.12-13): the security stage (AuthMethod None or CHAP, one-way
 * or mutual), operational negotiation, and the transition to full feature phase, which creates the session (or
 * reinstates one with the same initiator name, ISID and target). Text split over several PDUs (C bit) is gathered
 * up to a bound. Any failure answers a Login Response with the RFC's status and closes the connection.
 * <p>
 * Used on the connection's event loop only.
 */
final class LoginNegotiation {
	private static final int STAGE_SECURITY = 0;
	private static final int STAGE_OPERATIONAL = 1;
	private static final int STAGE_FULL_FEATURE = 3;
	private static final int MAX_TEXT = 64 * 1024;

	private final Connection connection;
	private final AccessPolicy policy;
	private final KeyNegotiator negotiator;
	private final OperationalParameters parameters = new OperationalParameters();
	private ChapExchange chap;
	private boolean first = true;
	private long isid;
	private int tsih;
	private int initialCmdSN;
	private String initiatorName;
	private ExportedTarget target;
	private boolean discovery;
	private boolean authenticated;
	private boolean declaredLimits;
	private boolean sentPortalGroup;
	private byte[] pending;
	private int pendingLength;
	private String failureReason = "";

	LoginNegotiation(Connection connection) {
		this.connection = connection;
		this.policy = connection.door.policy();
		this.negotiator = new KeyNegotiator(connection.door.limits);
	}

	void request(ByteBuf in, int h, int data, int length) {
		if (Bhs.opcode(in, h) != Opcode.LOGIN_REQUEST) {
			// nothing but login before full feature phase: a protocol error ends the connection
			connection.close();
			return;
		}
		int flags = Bhs.flags(in, h);
		boolean transit = (flags & 0x80) != 0;
		boolean more = (flags & 0x40) != 0;
		int csg = flags >> 2 & 3;
		int nsg = flags & 3;
		int itt = Bhs.word(in, h, Bhs.INITIATOR_TASK_TAG);
		if (first) {
			first = false;
			isid = in.getLong(h + 8) >>> 16;
			tsih = in.getUnsignedShort(h + 14);
			initialCmdSN = Bhs.word(in, h, Bhs.WORD_24);
			if ((in.getByte(h + 3) & 0xFF) > 0) {
				fail(in, h, itt, csg, LoginStatus.UNSUPPORTED_VERSION, "version-min above 0");
				return;
			}
		}
		if ((transit && more) || csg == 2 || csg == STAGE_FULL_FEATURE
				|| (transit && (nsg == 2 || nsg <= csg))) {
			fail(in, h, itt, csg, LoginStatus.INITIATOR_ERROR, "invalid stage transition " + csg + "->" + nsg);
			return;
		}
		if (pendingLength + length > MAX_TEXT) {
			fail(in, h, itt, csg, LoginStatus.INITIATOR_ERROR, "more than " + MAX_TEXT + " bytes of login text");
			return;
		}
		if (pending == null) {
			pending = new byte[Math.max(length, 256)];
		} else if (pending.length < pendingLength + length) {
			pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
		}
		in.getBytes(data, pending, pendingLength, length);
		pendingLength += length;
		if (more) {
			respond(in, h, itt, false, csg, 0, new LinkedHashMap<>(), LoginStatus.SUCCESS);
			return;
		}
		Map<String, String> keys;
		try {
			keys = TextParameters.parse(pending, 0, pendingLength);
		} catch (TextParameters.FormatException e) {
			fail(in, h, itt, csg, LoginStatus.INITIATOR_ERROR, e.getMessage());
			return;
		} finally {
			pendingLength = 0;
		}
		Map<String, String> answer = new LinkedHashMap<>();
		int status = negotiate(keys, csg, answer);
		if (status != LoginStatus.SUCCESS) {
			fail(in, h, itt, csg, status, failureReason);
			return;
		}
		boolean accept = transit && mayLeave(csg);
		if (accept && nsg == STAGE_FULL_FEATURE) {
			complete(in, h, itt, csg, answer);
		} else {
			respond(in, h, itt, accept, csg, accept ? nsg : 0, answer, LoginStatus.SUCCESS);
		}
	}

	/** Handles the keys of one complete request; returns a login status. */
	private int negotiate(Map<String, String> keys, int csg, Map<String, String> answer) {
		if (initiatorName == null) {
			int s = identify(keys);
			if (s != LoginStatus.SUCCESS) {
				return s;
			}
			if (!discovery && !sentPortalGroup) {
				answer.put("TargetPortalGroupTag", "1");
				sentPortalGroup = true;
			}
		}
		if (csg == STAGE_OPERATIONAL && policy.chap().required() && !authenticated) {
			return failure(LoginStatus.AUTHENTICATION_FAILURE, "operational stage without CHAP authentication");
		}
		for (Map.Entry<String, String> e : keys.entrySet()) {
			String key = e.getKey();
			String value = e.getValue();
			if (key.equals("AuthMethod")) {
				int s = authMethod(value, csg, answer);
				if (s != LoginStatus.SUCCESS) {
					return s;
				}
			} else if (key.startsWith("CHAP_")) {
				if (csg != STAGE_SECURITY || chap == null) {
					return failure(LoginStatus.INITIATOR_ERROR, key + " outside a CHAP security stage");
				}
			} else if (!KeyNegotiator.isLoginKey(key)) {
				negotiator.negotiate(key, value, parameters, discovery, answer);
			}
		}
		if (chap != null && csg == STAGE_SECURITY) {
			try {
				chap.process(keys, answer);
				authenticated = chap.state() == ChapExchange.State.AUTHENTICATED;
			} catch (ChapExchange.Failure f) {
				return failure(statusOf(f), f.getMessage());
			}
		}
		if (csg == STAGE_OPERATIONAL && !declaredLimits) {
			answer.put("MaxRecvDataSegmentLength", negotiator.declaredMaxRecvDataSegmentLength());
			declaredLimits = true;
		}
		return LoginStatus.SUCCESS;
	}

	private static int statusOf(ChapExchange.Failure f) {
		return f.getMessage() != null && f.getMessage().startsWith("CHAP keys after") ? LoginStatus.INITIATOR_ERROR
				: LoginStatus.AUTHENTICATION_FAILURE;
	}

	/** The first request's InitiatorName, SessionType and TargetName. */
	private int identify(Map<String, String> keys) {
		String name = keys.get("InitiatorName");
		if (name == null || name.isEmpty()) {
			return failure(LoginStatus.MISSING_PARAMETER, "no InitiatorName");
		}
		String type = keys.getOrDefault("SessionType", "Normal");
		if (type.equals("Discovery")) {
			discovery = true;
		} else if (!type.equals("Normal")) {
			return failure(LoginStatus.SESSION_TYPE_NOT_SUPPORTED, "SessionType " + type);
		}
		if (!discovery) {
			String targetName = keys.get("TargetName");
			if (targetName == null) {
				return failure(LoginStatus.MISSING_PARAMETER, "no TargetName");
			}
			target = connection.door.catalog.target(targetName);
			if (target == null) {
				return failure(LoginStatus.NOT_FOUND, "no target " + targetName);
			}
			if (!policy.allows(name)) {
				return failure(LoginStatus.AUTHORIZATION_FAILURE, name + " is not an allowed initiator");
			}
		}
		if (tsih != 0) {
			Session existing = connection.door.sessions.get(tsih);
			return existing == null ? failure(LoginStatus.SESSION_DOES_NOT_EXIST, "no session " + tsih)
					: failure(LoginStatus.TOO_MANY_CONNECTIONS, "MaxConnections is 1");
		}
		initiatorName = name;
		if (policy.chap().required()) {
			chap = new ChapExchange(policy.chap());
		}
		return LoginStatus.SUCCESS;
	}

	private int authMethod(String value, int csg, Map<String, String> answer) {
		if (csg != STAGE_SECURITY) {
			return failure(LoginStatus.INITIATOR_ERROR, "AuthMethod outside the security stage");
		}
		boolean chapOffered = false;
		boolean noneOffered = false;
		for (String m : value.split(",", 16)) {
			chapOffered |= m.equals("CHAP");
			noneOffered |= m.equals("None");
		}
		if (policy.chap().required()) {
			if (!chapOffered) {
				answer.put("AuthMethod", "Reject");
				return failure(LoginStatus.AUTHENTICATION_FAILURE, "CHAP is required; offered " + value);
			}
			answer.put("AuthMethod", "CHAP");
		} else if (noneOffered) {
			answer.put("AuthMethod", "None");
			authenticated = true;
		} else {
			answer.put("AuthMethod", "Reject");
			return failure(LoginStatus.AUTHENTICATION_FAILURE, "no CHAP secrets configured; offered " + value);
		}
		return LoginStatus.SUCCESS;
	}

	private boolean mayLeave(int csg) {
		return csg != STAGE_SECURITY || !policy.chap().required() || authenticated;
	}

	private int failure(int status, String reason) {
		failureReason = reason;
		return status;
	}

	/** The final response: registers the session (reinstating an older one) and enters full feature phase. */
	private void complete(ByteBuf in, int h, int itt, int csg, Map<String, String> answer) {
		if (!declaredLimits) {
			answer.put("MaxRecvDataSegmentLength", negotiator.declaredMaxRecvDataSegmentLength());
			declaredLimits = true;
		}
		if (parameters.firstBurstLength > parameters.maxBurstLength) {
			parameters.firstBurstLength = parameters.maxBurstLength;
		}
		parameters.targetMaxRecvDataSegmentLength = connection.door.limits.maxRecvDataSegmentLength();
		SessionRegistry registry = connection.door.sessions;
		if (!discovery) {
			Session old = registry.find(initiatorName, isid, target);
			if (old != null) {
				connection.door.log.info("reinstating " + old);
				registry.remove(old);
				Connection c = old.connection;
				c.ctx.executor().execute(c::close);
			}
		}
		Session s = registry.register(t -> new Session(t, isid, initiatorName, target, parameters, initialCmdSN,
				connection));
		tsih = s.tsih;
		connection.session = s; // stamp() needs the window
		respond(in, h, itt, true, csg, STAGE_FULL_FEATURE, answer, LoginStatus.SUCCESS);
		connection.writer.flush();
		connection.fullFeaturePhase(s);
	}

	private void respond(ByteBuf in, int h, int itt, boolean transit, int csg, int nsg, Map<String, String> answer,
			int status) {
		ByteBuf r = connection.writer.header(Opcode.LOGIN_RESPONSE,
				(transit ? 0x80 : 0) | csg << 2 | (transit ? nsg : 0));
		r.setByte(2, 0); // version-max
		r.setByte(3, 0); // version-active
		r.setLong(8, isid << 16 | (tsih & 0xFFFF));
		r.setInt(Bhs.INITIATOR_TASK_TAG, itt);
		r.setInt(Bhs.WORD_24, connection.takeStatSN());
		r.setInt(Bhs.WORD_28, initialCmdSN);
		r.setInt(Bhs.WORD_32, initialCmdSN + CommandWindow.SIZE - 1);
		r.setShort(36, status);
		connection.writer.write(r, status == LoginStatus.SUCCESS ? TextParameters.encode(answer) : null);
	}

	private void fail(ByteBuf in, int h, int itt, int csg, int status, String reason) {
		connection.door.log.info("login from " + connection.ctx.channel().remoteAddress() + " refused (status 0x"
				+ Integer.toHexString(status) + "): " + reason);
		respond(in, h, itt, false, csg, 0, Map.of(), status);
		connection.closeAfterFlush();
	}
}
