package org.hbakit.iscsi.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hbakit.iscsi.target.ExportedTarget;

/**
 * The live sessions of the front door, by TSIH: allocates TSIHs, finds the session a new login reinstates (same
 * initiator name, ISID and target: RFC 7143 §6.3.5, session reinstatement), and lists the sessions of a target for
 * task management that spans sessions. Thread-safe.
 */
public final class SessionRegistry {
	private final Map<Integer, Session> sessions = new ConcurrentHashMap<>();
	private int nextTsih = 1;

	/** Registers a session under a fresh TSIH built by {@code factory}. */
	synchronized Session register(java.util.function.IntFunction<Session> factory) {
		int tsih;
		do {
			tsih = nextTsih;
			nextTsih = nextTsih == 0xFFFF ? 1 : nextTsih + 1;
		} while (sessions.containsKey(tsih));
		Session s = factory.apply(tsih);
		sessions.put(tsih, s);
		return s;
	}

	void remove(Session s) {
		sessions.remove(s.tsih, s);
	}

	/** The session a login of ({@code initiatorName}, {@code isid}) to {@code target} replaces, or null. */
	Session find(String initiatorName, long isid, ExportedTarget target) {
		for (Session s : sessions.values()) {
			if (s.isid == isid && s.target == target && s.initiatorName.equals(initiatorName)) {
				return s;
			}
		}
		return null;
	}

	/** The session with {@code tsih}, or null. */
	Session get(int tsih) {
		return sessions.get(tsih);
	}

	/** The normal sessions of {@code target}. */
	public List<Session> sessionsOf(ExportedTarget target) {
		List<Session> l = new ArrayList<>();
		for (Session s : sessions.values()) {
			if (s.target == target) {
				l.add(s);
			}
		}
		return l;
	}

	/** Every live session. */
	public List<Session> all() {
		return new ArrayList<>(sessions.values());
	}

	/** Number of live sessions. */
	public int size() {
		return sessions.size();
	}
}
