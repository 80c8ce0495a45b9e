package org.hbakit.iscsi.scsi;

import java.util.ArrayList;
import java.util.List;

import org.hbakit.controller.api.client.SCSITaskResult;

/**
 * The service actions of PERSISTENT RESERVE OUT (SPC-4 §5.13.5-11, §6.16) on a {@link ReservationState} whose
 * monitor the caller holds. Unit attentions to establish for other nexuses are added to {@code attentions}, to be
 * raised once the monitor is released.
 */
final class PersistentReserveOut {
	private static final int REGISTER = 0, RESERVE = 1, RELEASE = 2, CLEAR = 3, PREEMPT = 4, PREEMPT_AND_ABORT = 5,
			REGISTER_AND_IGNORE = 6;

	private PersistentReserveOut() {
	}

	static SCSITaskResult execute(ReservationState s, int action, int type, long key, long serviceKey, String nexus,
			byte[] transportId, List<ReservationState.Attention> attentions) {
		ReservationState.Registrant mine = s.registrants.get(nexus);
		if (s.reserved != null && !s.reserved.equals(nexus)) {
			return Outcomes.conflict(); // an SPC-2 reservation of another nexus (SPC-4 §5.13.3)
		}
		if (action == REGISTER || action == REGISTER_AND_IGNORE) {
			return register(s, action, key, serviceKey, nexus, transportId, mine, attentions);
		}
		if (mine == null || mine.key() != key) {
			return Outcomes.conflict();
		}
		switch (action) {
			case RESERVE -> {
				if (s.type != 0) {
					return s.holds(nexus) && s.type == type ? Outcomes.good(0) : Outcomes.conflict();
				}
				s.type = type;
				s.holder = ReservationState.allRegistrants(type) ? null : nexus;
				return Outcomes.good(0);
			}
			case RELEASE -> {
				if (s.type == 0 || !s.holds(nexus)) {
					return Outcomes.good(0);
				}
				if (s.type != type) {
					return Outcomes.check(0x05, 0x26, 0x04); // INVALID RELEASE OF PERSISTENT RESERVATION
				}
				if (ReservationState.registrantsOnly(s.type) || ReservationState.allRegistrants(s.type)) {
					for (String other : s.others(nexus)) {
						attentions.add(new ReservationState.Attention(other, 0x2A, 0x04)); // 2A/04 RESERVATIONS RELEASED
					}
				}
				s.type = 0;
				s.holder = null;
				return Outcomes.good(0);
			}
			case CLEAR -> {
				for (String other : s.others(nexus)) {
					attentions.add(new ReservationState.Attention(other, 0x2A, 0x03)); // 2A/03 RESERVATIONS PREEMPTED
				}
				s.registrants.clear();
				s.type = 0;
				s.holder = null;
				s.generation++;
				return Outcomes.good(0);
			}
			default -> {
				return preempt(s, type, serviceKey, nexus, attentions);
			}
		}
	}

	private static SCSITaskResult register(ReservationState s, int action, long key, long serviceKey, String nexus,
			byte[] transportId, ReservationState.Registrant mine, List<ReservationState.Attention> attentions) {
		if (action == REGISTER && (mine == null ? key != 0 : mine.key() != key)) {
			return Outcomes.conflict();
		}
		if (serviceKey == 0) {
			if (mine != null) {
				List<String> released = new ArrayList<>();
				s.unregister(nexus, released);
				for (String other : released) {
					attentions.add(new ReservationState.Attention(other, 0x2A, 0x04));
				}
				s.generation++;
			}
			return Outcomes.good(0);
		}
		s.registrants.put(nexus, new ReservationState.Registrant(nexus, serviceKey, transportId));
		s.generation++;
		return Outcomes.good(0);
	}

	private static SCSITaskResult preempt(ReservationState s, int type, long serviceKey, String nexus,
			List<ReservationState.Attention> attentions) {
		boolean all = s.type != 0 && ReservationState.allRegistrants(s.type);
		if (serviceKey == 0 && !all) {
			return Outcomes.invalidParameter(8, -1); // SERVICE ACTION RESERVATION KEY 0 outside all-registrants
		}
		List<String> removed = new ArrayList<>();
		for (ReservationState.Registrant r : s.registrants.values()) {
			if (!r.nexus().equals(nexus) && (serviceKey == 0 || r.key() == serviceKey)) {
				removed.add(r.nexus());
			}
		}
		boolean holderPreempted = s.type != 0 && (all ? serviceKey == 0
				: s.holder != null && s.registrants.get(s.holder).key() == serviceKey);
		if (removed.isEmpty() && !holderPreempted) {
			return Outcomes.conflict();
		}
		for (String n : removed) {
			s.registrants.remove(n);
			attentions.add(new ReservationState.Attention(n, 0x2A, 0x05)); // 2A/05 REGISTRATIONS PREEMPTED
		}
		if (holderPreempted) {
			s.type = type;
			s.holder = ReservationState.allRegistrants(type) ? null : nexus;
		} else if (s.holder != null && !s.registrants.containsKey(s.holder)) {
			s.type = 0;
			s.holder = null;
		}
		s.generation++;
		return Outcomes.good(0);
	}
}
