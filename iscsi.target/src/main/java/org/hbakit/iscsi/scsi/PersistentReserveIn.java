package org.hbakit.iscsi.scsi;

import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.scsi.Cdb;

/**
 * PERSISTENT RESERVE IN (SPC-4 §6.15): READ KEYS, READ RESERVATION, REPORT CAPABILITIES and READ FULL STATUS. The
 * parameter data is built whole and cut to the ALLOCATION LENGTH; its length fields keep the full length, so an
 * initiator can ask again with room enough.
 */
final class PersistentReserveIn {
	/** REPORT CAPABILITIES' type mask: all six types (SPC-4 Table 200). */
	private static final int TYPE_MASK = 0xEA01;

	private PersistentReserveIn() {
	}

	static SCSITaskResult execute(ReservationState s, String nexus, byte[] cdb, byte[] out) {
		int action = cdb[1] & 0x1F;
		int allocation = Cdb.u16(cdb, 7);
		byte[] d;
		synchronized (s) {
			d = switch (action) {
				case 0 -> readKeys(s);
				case 1 -> readReservation(s);
				case 2 -> reportCapabilities();
				case 3 -> readFullStatus(s);
				default -> null;
			};
		}
		if (d == null) {
			return Outcomes.invalidCdb(1, 4);
		}
		int n = Math.min(Math.min(d.length, allocation), out.length);
		System.arraycopy(d, 0, out, 0, n);
		return Outcomes.good(n);
	}

	private static byte[] readKeys(ReservationState s) {
		byte[] d = new byte[8 + 8 * s.registrants.size()];
		Cdb.put32(d, 0, s.generation & 0xFFFF_FFFFL);
		Cdb.put32(d, 4, 8L * s.registrants.size());
		int at = 8;
		for (ReservationState.Registrant r : s.registrants.values()) {
			Cdb.put64(d, at, r.key());
			at += 8;
		}
		return d;
	}

	private static byte[] readReservation(ReservationState s) {
		boolean reserved = s.type != 0;
		byte[] d = new byte[reserved ? 24 : 8];
		Cdb.put32(d, 0, s.generation & 0xFFFF_FFFFL);
		if (reserved) {
			Cdb.put32(d, 4, 16);
			long key = ReservationState.allRegistrants(s.type) ? 0 : s.registrants.get(s.holder).key();
			Cdb.put64(d, 8, key);
			d[21] = (byte) s.type; // SCOPE 0h (logical unit)
		}
		return d;
	}

	private static byte[] reportCapabilities() {
		byte[] d = new byte[8];
		Cdb.put16(d, 0, 8);
		d[2] = 0x10; // CRH: RESERVE/RELEASE(6/10) succeed for registrants without a reservation... (SPC-4 §5.13.3)
		d[3] = (byte) 0x80; // TMV: the type mask is valid; ALLOW COMMANDS 000b
		Cdb.put16(d, 4, TYPE_MASK);
		return d;
	}

	private static byte[] readFullStatus(ReservationState s) {
		int length = 0;
		for (ReservationState.Registrant r : s.registrants.values()) {
			length += 24 + r.transportId().length;
		}
		byte[] d = new byte[8 + length];
		Cdb.put32(d, 0, s.generation & 0xFFFF_FFFFL);
		Cdb.put32(d, 4, length);
		int at = 8;
		for (ReservationState.Registrant r : s.registrants.values()) {
			Cdb.put64(d, at, r.key());
			boolean holder = s.holds(r.nexus());
			d[at + 12] = (byte) (holder ? 0x01 : 0x00); // R_HOLDER; ALL_TG_PT 0
			d[at + 13] = (byte) (holder ? s.type : 0);
			Cdb.put16(d, at + 18, 1); // RELATIVE TARGET PORT IDENTIFIER
			Cdb.put32(d, at + 20, r.transportId().length);
			System.arraycopy(r.transportId(), 0, d, at + 24, r.transportId().length);
			at += 24 + r.transportId().length;
		}
		return d;
	}
}
