package org.hbakit.itest.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Discovery with SendTargets lists one target per SCSI target of each HBA; logins with and without CHAP (one-way
 * and mutual) succeed, a wrong CHAP secret, an unknown target and an initiator that is not allowed are refused with
 * the RFC's login status.
 */
class DiscoveryAndLoginTest extends FrontDoorTest {

	@Test
	void sendTargetsListsEveryTargetWithItsPortal() throws Exception {
		try (TestInitiator i = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:discovery")) {
			i.login(null);
			List<String> keys = i.sendTargets("All");
			assertThat(keys).contains("TargetName=" + FrontDoorFixture.HBA0_0, "TargetName=iqn.2026-12.org.hbakit:hba0.1",
					"TargetName=iqn.2026-12.org.hbakit:hba1.0", "TargetName=" + FrontDoorFixture.HBA1_1,
					"TargetName=iqn.2026-12.org.hbakit:hba2.0");
			assertThat(keys).contains("TargetAddress=127.0.0.1:" + portal.getPort() + ",1");
			assertThat(i.logout()).isZero();
		}
	}

	@Test
	void aNormalSessionLogsInAndPings() throws Exception {
		try (TestInitiator i = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:login")) {
			Map<String, String> keys = i.login(FrontDoorFixture.HBA0_0);
			assertThat(keys).containsKey("MaxRecvDataSegmentLength");
			assertThat(i.ping("hello".getBytes())).isEqualTo("hello".getBytes());
			assertThat(i.logout()).isZero();
		}
	}

	@Test
	void anUnknownTargetIsRefusedWithNotFound() throws Exception {
		try (TestInitiator i = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:unknown")) {
			assertThatThrownBy(() -> i.login("iqn.2026-12.org.hbakit:hba9.9"))
					.isInstanceOfSatisfying(TestInitiator.LoginFailed.class, e -> assertThat(e.status).isEqualTo(0x0203));
			assertThat(i.closedByTarget()).isTrue();
		}
	}

	@Test
	void chapOneWayAndMutualWorkAndAWrongSecretIsRefused() throws Exception {
		door.update(Map.of("chap.user", "alice", "chap.secret", "secret-of-alice", "chap.target.user", "door",
				"chap.target.secret", "secret-of-the-door"));
		try {
			// the change applies to the next logins: wait until a login without CHAP is refused
			awaitRefusal("iqn.2026-12.org.hbakit.test:nochap", 0x0201);
			try (TestInitiator i = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:chap")) {
				i.login(FrontDoorFixture.HBA0_0, "alice", "secret-of-alice", null, null, Map.of());
				assertThat(i.ping(new byte[] { 1 })).containsExactly(1);
			}
			try (TestInitiator i = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:mutual")) {
				i.login(FrontDoorFixture.HBA0_0, "alice", "secret-of-alice", "door", "secret-of-the-door", Map.of());
				assertThat(i.ping(new byte[] { 2 })).containsExactly(2);
			}
			try (TestInitiator i = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:wrong")) {
				assertThatThrownBy(() -> i.login(FrontDoorFixture.HBA0_0, "alice", "not-the-secret", null, null, Map.of()))
						.isInstanceOfSatisfying(TestInitiator.LoginFailed.class,
								e -> assertThat(e.status).isEqualTo(0x0201));
				assertThat(i.closedByTarget()).isTrue();
			}
		} finally {
			door.update(Map.of());
		}
	}

	@Test
	void anInitiatorNotInTheListIsRefused() throws Exception {
		door.update(Map.of("initiators", new String[] { "iqn.2026-12.org.hbakit.test:allowed" }));
		try {
			awaitRefusal("iqn.2026-12.org.hbakit.test:stranger", 0x0202);
			try (TestInitiator i = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:allowed")) {
				i.login(FrontDoorFixture.HBA0_0);
				assertThat(i.logout()).isZero();
			}
		} finally {
			door.update(Map.of());
		}
	}

	/** Waits until a plain login of {@code initiator} is refused with {@code status} (a setting took effect). */
	private static void awaitRefusal(String initiator, int status) {
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
			try (TestInitiator i = new TestInitiator(portal, initiator)) {
				i.login(FrontDoorFixture.HBA0_0);
				return false;
			} catch (TestInitiator.LoginFailed e) {
				return e.status == status;
			}
		});
	}
}
