package org.hbakit.iscsi.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.scsi.Cdb;
import org.junit.jupiter.api.Test;

/** Reservations as SPC-4 §5.13 and SPC-2 define them, for two nexuses A and B. */
class ReservationsTest {
	private static final String A = "iqn.a,i,0x000000000001", B = "iqn.b,i,0x000000000002";
	private final Reservations r = new Reservations();
	private final List<String> attentions = new ArrayList<>();

	private SCSITaskResult out(String nexus, int action, int type, long key, long serviceKey) {
		byte[] cdb = new byte[10];
		cdb[0] = 0x5F;
		cdb[1] = (byte) action;
		cdb[2] = (byte) type;
		Cdb.put32(cdb, 5, 24);
		byte[] p = new byte[24];
		Cdb.put64(p, 0, key);
		Cdb.put64(p, 8, serviceKey);
		return r.execute(nexus, nexus, cdb, p, 24, (n, asc, ascq) -> attentions.add(n + " " + asc + "/" + ascq));
	}

	private byte[] in(int action) {
		byte[] cdb = { 0x5E, (byte) action, 0, 0, 0, 0, 0, 0x10, 0, 0 };
		byte[] data = new byte[4096];
		SCSITaskResult res = r.execute(A, A, cdb, data, 0, (n, asc, ascq) -> {
		});
		assertThat(res.isGood()).isTrue();
		return java.util.Arrays.copyOf(data, (int) res.bytesTransferred());
	}

	private static byte[] cdb(int... b) {
		byte[] c = new byte[16];
		for (int i = 0; i < b.length; i++) {
			c[i] = (byte) b[i];
		}
		return c;
	}

	@Test
	void registerReserveAndTheAccessOfOthers() {
		assertThat(out(A, 0, 0, 0, 0xAAAA).isGood()).isTrue();
		assertThat(out(B, 6, 0, 0, 0xBBBB).isGood()).isTrue(); // REGISTER AND IGNORE EXISTING KEY
		assertThat(out(B, 0, 0, 0x1234, 0xCCCC).status()).as("wrong key").isEqualTo(SCSITaskStatus.RESERVATION_CONFLICT);
		assertThat(Cdb.u32(in(0), 4)).as("two keys").isEqualTo(16);
		assertThat(out(A, 1, 1, 0xAAAA, 0).isGood()).as("RESERVE Write Exclusive").isTrue();
		byte[] reservation = in(1);
		assertThat(Cdb.u64(reservation, 8)).isEqualTo(0xAAAA);
		assertThat(reservation[21]).isEqualTo((byte) 1);
		assertThat(r.conflicts(B, cdb(0x28))).as("B may read under Write Exclusive").isFalse();
		assertThat(r.conflicts(B, cdb(0x2A))).as("B may not write").isTrue();
		assertThat(r.conflicts(A, cdb(0x2A))).as("the holder may").isFalse();
		assertThat(out(A, 2, 3, 0xAAAA, 0).sense()[12]).as("RELEASE of another type").isEqualTo((byte) 0x26);
		assertThat(out(A, 2, 1, 0xAAAA, 0).isGood()).isTrue();
		assertThat(r.conflicts(B, cdb(0x2A))).isFalse();
	}

	@Test
	void exclusiveAccessRegistrantsOnlyAndPreempt() {
		out(A, 0, 0, 0, 0xA);
		out(B, 0, 0, 0, 0xB);
		assertThat(out(A, 1, 6, 0xA, 0).isGood()).isTrue();
		assertThat(r.conflicts(B, cdb(0x28))).as("a registrant of a registrants-only type").isFalse();
		assertThat(r.conflicts("iqn.c,i,0x3", cdb(0x28))).as("a stranger under Exclusive Access").isTrue();
		assertThat(r.conflicts("iqn.c,i,0x3", cdb(0x12))).as("INQUIRY is always allowed").isFalse();
		int generation = (int) Cdb.u32(in(0), 0);
		assertThat(out(B, 4, 3, 0xB, 0xA).isGood()).as("B preempts A").isTrue();
		assertThat(attentions).containsExactly(A + " 42/5");
		assertThat(Cdb.u32(in(0), 0)).isEqualTo(generation + 1);
		assertThat(Cdb.u32(in(0), 4)).as("only B is left").isEqualTo(8);
		assertThat(in(1)[21]).as("B holds Exclusive Access now").isEqualTo((byte) 3);
		assertThat(out(B, 3, 0, 0xB, 0).isGood()).as("CLEAR").isTrue();
		assertThat(r.engaged()).isFalse();
	}

	@Test
	void spc2ReservationsBelongToOneNexusAndEndWithItOrAReset() {
		byte[] reserve = cdb(0x16);
		byte[] release = cdb(0x17);
		assertThat(r.execute(A, A, reserve, new byte[0], 0, null).isGood()).isTrue();
		assertThat(r.execute(A, A, reserve, new byte[0], 0, null).isGood()).as("again by the holder").isTrue();
		assertThat(r.execute(B, B, reserve, new byte[0], 0, null).status()).isEqualTo(SCSITaskStatus.RESERVATION_CONFLICT);
		assertThat(r.conflicts(B, cdb(0x1A))).as("MODE SENSE by another nexus").isTrue();
		assertThat(r.conflicts(B, cdb(0x12))).isFalse();
		assertThat(r.execute(B, B, release, new byte[0], 0, null).isGood()).as("a release by another changes nothing")
				.isTrue();
		assertThat(r.conflicts(B, cdb(0x28))).isTrue();
		r.nexusLost(A);
		assertThat(r.conflicts(B, cdb(0x28))).isFalse();
		assertThat(r.execute(B, B, reserve, new byte[0], 0, null).isGood()).isTrue();
		r.reset();
		assertThat(r.engaged()).isFalse();
	}

	@Test
	void malformedRequestsGetTheirSense() {
		byte[] cdb = { 0x5F, 0, 0, 0, 0, 0, 0, 0, 16, 0 };
		assertThat(r.execute(A, A, cdb, new byte[16], 16, null).sense()[12]).as("PARAMETER LIST LENGTH ERROR")
				.isEqualTo((byte) 0x1A);
		byte[] prin = { 0x5E, 4, 0, 0, 0, 0, 0, 0x10, 0, 0 };
		assertThat(r.execute(A, A, prin, new byte[64], 0, null).sense()[12]).as("service action 4")
				.isEqualTo((byte) 0x24);
		assertThat(out(A, 1, 1, 0, 0).status()).as("RESERVE unregistered").isEqualTo(SCSITaskStatus.RESERVATION_CONFLICT);
		out(A, 0, 0, 0, 0xA);
		assertThat(out(A, 1, 2, 0xA, 0).sense()[12]).as("type 2 is not a type").isEqualTo((byte) 0x24);
	}
}
