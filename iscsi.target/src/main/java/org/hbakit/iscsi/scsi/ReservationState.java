package org.hbakit.iscsi.scsi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reservations of one logical unit, kept by the front door because it is the SCSI target port in front of
 * many initiators while the unit behind the HBA sees one (the HBA's initiator): the SPC-2 reservation of RESERVE(6)/
 * (10), and SPC-4 persistent reservations (§5.13) — registrations by I_T nexus, the reservation, its type and the
 * generation. Registrations and the persistent reservation survive I_T nexus loss and resets, as SPC-4 requires
 * without APTPL; the SPC-2 reservation ends with its nexus and with any reset. Not persisted through power loss
 * (the platform restarting).
 * <p>
 * Shared by every session of the target: all methods are synchronized; {@link #engaged()} is a volatile read so the
 * command path pays nothing while the unit has no reservation and no registration.
 */
final class ReservationState {
	/** Persistent reservation types (SPC-4 Table 176). */
	static final int WRITE_EXCLUSIVE = 1, EXCLUSIVE_ACCESS = 3, WRITE_EXCLUSIVE_REGISTRANTS_ONLY = 5,
			EXCLUSIVE_ACCESS_REGISTRANTS_ONLY = 6, WRITE_EXCLUSIVE_ALL_REGISTRANTS = 7,
			EXCLUSIVE_ACCESS_ALL_REGISTRANTS = 8;

	/** A unit attention (sense key 6) to establish for another nexus. */
	record Attention(String nexus, int asc, int ascq) {
	}

	/** One registered I_T nexus. */
	record Registrant(String nexus, long key, byte[] transportId) {
	}

	final Map<String, Registrant> registrants = new LinkedHashMap<>();
	/** The nexus holding the SPC-2 reservation, or null. */
	String reserved;
	/** The persistent reservation holder, or null (none, or an all-registrants type). */
	String holder;
	/** The persistent reservation type, 0 when there is none. */
	int type;
	int generation;
	private volatile boolean engaged;

	boolean engaged() {
		return engaged;
	}

	/** Recomputes the fast-path flag; the caller holds the monitor. */
	void changed() {
		engaged = reserved != null || type != 0 || !registrants.isEmpty();
	}

	static boolean allRegistrants(int type) {
		return type == WRITE_EXCLUSIVE_ALL_REGISTRANTS || type == EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
	}

	static boolean registrantsOnly(int type) {
		return type == WRITE_EXCLUSIVE_REGISTRANTS_ONLY || type == EXCLUSIVE_ACCESS_REGISTRANTS_ONLY;
	}

	static boolean validType(int type) {
		return type == WRITE_EXCLUSIVE || type == EXCLUSIVE_ACCESS || (type >= 5 && type <= 8);
	}

	/** Whether {@code nexus} holds the persistent reservation (every registrant does for all-registrants types). */
	boolean holds(String nexus) {
		return type != 0 && (allRegistrants(type) ? registrants.containsKey(nexus) : nexus.equals(holder));
	}

	/** The registrants other than {@code nexus}. */
	List<String> others(String nexus) {
		List<String> l = new ArrayList<>();
		for (String n : registrants.keySet()) {
			if (!n.equals(nexus)) {
				l.add(n);
			}
		}
		return l;
	}

	/** Removes a registration; the reservation goes with it when its holder leaves (or the last all-registrant). */
	void unregister(String nexus, List<String> released) {
		registrants.remove(nexus);
		if (type == 0) {
			return;
		}
		if (allRegistrants(type) ? registrants.isEmpty() : nexus.equals(holder)) {
			if (registrantsOnly(type)) {
				released.addAll(registrants.keySet()); // RESERVATIONS RELEASED for the remaining registrants
			}
			type = 0;
			holder = null;
		}
	}
}
