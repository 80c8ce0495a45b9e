package org.hbakit.itest.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;

/**
 * A logical unit that appears or disappears on a target is announced to its iSCSI sessions with an Asynchronous
 * Message (SCSI asynchronous event, sense 06/3F/0E REPORTED LUNS DATA HAS CHANGED), and REPORT LUNS follows.
 */
class LunChangeTest extends FrontDoorTest {

	@Test
	void aLunAddedAndRemovedIsAnnouncedWithAnAsyncMessage() throws Exception {
		try (TestInitiator i = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:async")) {
			i.login(FrontDoorFixture.HBA1_1);
			Configuration lun = admin.getFactoryConfiguration("org.hbakit.hba.sim.lun", "iscsi-async", "?");
			Dictionary<String, Object> p = new Hashtable<>();
			p.put("hba", "hba1");
			p.put("target", 1);
			p.put("lun", 7);
			p.put("size", "8m");
			try {
				lun.update(p);
				awaitLuns(i, true);
				assertThat(i.asyncMessages).isNotEmpty().allSatisfy(m -> {
					assertThat(m.header()[36]).as("AsyncEvent: SCSI asynchronous event").isZero();
					byte[] sense = java.util.Arrays.copyOfRange(m.data(), 2, m.data().length);
					assertThat(sense[2] & 0x0F).isEqualTo(6);
					assertThat(sense[12] & 0xFF).isEqualTo(0x3F);
					assertThat(sense[13] & 0xFF).isEqualTo(0x0E);
				});
				i.asyncMessages.clear();
			} finally {
				lun.delete();
			}
			awaitLuns(i, false);
			assertThat(i.asyncMessages).isNotEmpty();
		}
	}

	/** Sends commands (which carry the unit attention that makes the bridge rescan) until LUN 7 is (not) there. */
	private static void awaitLuns(TestInitiator i, boolean present) {
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			i.scsi(0, Scsi.testUnitReady(), null, 0);
			TestInitiator.Result r = i.scsi(0, Scsi.reportLuns(256), null, 256);
			boolean seven = Scsi.luns(r.data()).contains(7);
			assertThat(seven).isEqualTo(present);
			assertThat(i.asyncMessages).isNotEmpty();
		});
	}
}
