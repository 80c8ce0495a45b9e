package org.hbakit.iscsi.scsi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.scsi.Cdb;

/**
 * The reservation commands of one logical unit, answered by the front door (see {@link ReservationState} for why
 * there): PERSISTENT RESERVE IN (READ KEYS, READ RESERVATION, REPORT CAPABILITIES, READ FULL STATUS), PERSISTENT
 * RESERVE OUT (REGISTER, RESERVE, RELEASE, CLEAR, PREEMPT, PREEMPT AND ABORT, REGISTER AND IGNORE EXISTING KEY),
 * RESERVE and RELEASE (6) and (10), and the check every other command passes (SPC-4 §5.13.1, Table 43: which
 * commands a nexus without the reservation may run). Unit attentions for other nexuses (2A/03 RESERVATIONS
 * PREEMPTED, 2A/04 RESERVATIONS RELEASED, 2A/05 REGISTRATIONS PREEMPTED) go to the {@link Notifier}.
 * <p>
 * Called from the event loops of the target's sessions; thread-safe.
 */
public final class Reservations {
	/** Establishes a unit attention for a nexus (if it has a session). */
	@FunctionalInterface
	public interface Notifier {
		void unitAttention(String nexus, int asc, int ascq);
	}

	private static final int PRIN = 0x5E, PROUT = 0x5F, RESERVE_6 = 0x16, RELEASE_6 = 0x17, RESERVE_10 = 0x56,
			RELEASE_10 = 0x57;
	private final ReservationState s = new ReservationState();

	/** Whether the front door answers {@code opcode} itself. */
	public static boolean handles(int opcode) {
		return opcode == PRIN || opcode == PROUT || opcode == RESERVE_6 || opcode == RELEASE_6 || opcode == RESERVE_10
				|| opcode == RELEASE_10;
	}

	/** Whether any reservation or registration exists (a volatile read: the fast path of {@link #conflicts}). */
	public boolean engaged() {
		return s.engaged();
	}

	/** Whether {@code nexus} may not run the command {@code cdb} because of a reservation. */
	public boolean conflicts(String nexus, byte[] cdb) {
		int opcode = cdb[0] & 0xFF;
		synchronized (s) {
			if (s.reserved != null && !s.reserved.equals(nexus)) {
				return !ReservationRules.allowedUnderReserve(opcode, cdb);
			}
			if (s.type == 0 || s.holds(nexus)) {
				return false;
			}
			boolean registered = s.registrants.containsKey(nexus);
			if (ReservationState.registrantsOnly(s.type) && registered) {
				return false; // registrants act as holders for access
			}
			boolean exclusiveAccess = s.type == ReservationState.EXCLUSIVE_ACCESS
					|| s.type == ReservationState.EXCLUSIVE_ACCESS_REGISTRANTS_ONLY
					|| s.type == ReservationState.EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
			return ReservationRules.conflictsWithPersistent(opcode, cdb, exclusiveAccess);
		}
	}

	/** RESERVE(6)/(10), RELEASE(6)/(10), PERSISTENT RESERVE IN/OUT for {@code nexus}; data in {@code data}. */
	public SCSITaskResult execute(String nexus, String transportName, byte[] cdb, byte[] data, int dataLength,
			Notifier notifier) {
		int opcode = cdb[0] & 0xFF;
		return switch (opcode) {
			case RESERVE_6, RESERVE_10 -> reserve(nexus, cdb);
			case RELEASE_6, RELEASE_10 -> release(nexus, cdb);
			case PRIN -> PersistentReserveIn.execute(s, nexus, cdb, data);
			default -> persistentReserveOut(nexus, transportName, cdb, data, dataLength, notifier);
		};
	}

	/** The I_T nexus ended (logout, connection loss, session reinstatement): its SPC-2 reservation ends. */
	public void nexusLost(String nexus) {
		synchronized (s) {
			if (nexus.equals(s.reserved)) {
				s.reserved = null;
				s.changed();
			}
		}
	}

	/** A logical unit or target reset: the SPC-2 reservation ends; persistent reservations stay (SPC-4 §5.13.3). */
	public void reset() {
		synchronized (s) {
			s.reserved = null;
			s.changed();
		}
	}

	private SCSITaskResult reserve(String nexus, byte[] cdb) {
		if ((cdb[0] & 0xFF) == RESERVE_10 && (cdb[1] & 0x03) != 0) {
			return Outcomes.invalidCdb(1, (cdb[1] & 0x02) != 0 ? 1 : 0); // third-party and long ID unsupported
		}
		synchronized (s) {
			if (s.type != 0 || !s.registrants.isEmpty() || (s.reserved != null && !s.reserved.equals(nexus))) {
				return Outcomes.conflict();
			}
			s.reserved = nexus;
			s.changed();
			return Outcomes.good(0);
		}
	}

	private SCSITaskResult release(String nexus, byte[] cdb) {
		synchronized (s) {
			if (s.type != 0 && !s.holds(nexus) && !s.registrants.containsKey(nexus)) {
				return Outcomes.conflict();
			}
			if (nexus.equals(s.reserved)) {
				s.reserved = null; // releasing someone else's, or nothing, is GOOD and changes nothing
				s.changed();
			}
			return Outcomes.good(0);
		}
	}

	private SCSITaskResult persistentReserveOut(String nexus, String transportName, byte[] cdb, byte[] p, int length,
			Notifier notifier) {
		int action = cdb[1] & 0x1F;
		int scope = (cdb[2] & 0xFF) >> 4;
		int type = cdb[2] & 0x0F;
		long listLength = Cdb.u32(cdb, 5);
		if (action > 6) {
			return Outcomes.invalidCdb(1, 4); // REGISTER AND MOVE, REPLACE LOST RESERVATION: not supported
		}
		if (listLength != 24) {
			return Outcomes.check(0x05, 0x1A, 0x00); // PARAMETER LIST LENGTH ERROR
		}
		if (length < 24) {
			return Outcomes.check(0x05, 0x1A, 0x00);
		}
		long key = Cdb.u64(p, 0);
		long serviceKey = Cdb.u64(p, 8);
		if ((p[20] & 0x0D) != 0) {
			return Outcomes.invalidParameter(20, (p[20] & 0x08) != 0 ? 3 : (p[20] & 0x04) != 0 ? 2 : 0);
		}
		boolean typed = action == 1 || action == 2 || action == 4 || action == 5;
		if (typed && (scope != 0 || !ReservationState.validType(type))) {
			return Outcomes.invalidCdb(2, scope != 0 ? 7 : 3);
		}
		List<ReservationState.Attention> attentions = new ArrayList<>();
		SCSITaskResult r;
		synchronized (s) {
			r = PersistentReserveOut.execute(s, action, type, key, serviceKey, nexus,
					transportId(transportName), attentions);
			s.changed();
		}
		for (ReservationState.Attention a : attentions) {
			notifier.unitAttention(a.nexus(), a.asc(), a.ascq());
		}
		return r;
	}

	/** An iSCSI TransportID with the ISID (SPC-4 §7.6.4.6, format 01b): name,i,0xISID, NUL, padded to 4 bytes. */
	static byte[] transportId(String nexus) {
		byte[] name = nexus.getBytes(StandardCharsets.UTF_8);
		int length = Math.max(20, (name.length + 1 + 3) & ~3);
		byte[] id = new byte[4 + length];
		id[0] = 0x45; // FORMAT CODE 01b, PROTOCOL IDENTIFIER 5h (iSCSI)
		Cdb.put16(id, 2, length);
		System.arraycopy(name, 0, id, 4, name.length);
		return id;
	}
}
