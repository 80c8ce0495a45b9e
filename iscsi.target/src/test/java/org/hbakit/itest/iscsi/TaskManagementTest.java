package org.hbakit.itest.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Task management through iSCSI: ABORT TASK of a command still in the logical unit (a LUN whose responses are
 * delayed) completes the function and the aborted command gets no response; ABORT TASK of an unknown task answers
 * TASK DOES NOT EXIST; LUN RESET and TARGET WARM RESET complete; a LUN the target lacks is refused; the session
 * goes on working afterwards.
 */
class TaskManagementTest extends FrontDoorTest {
	private static final String SLOW_UNIT = "(&(hba.name=hba1)(scsi.target=1)(scsi.lun=6))";

	@InjectBundleContext
	static BundleContext context;

	static Configuration slowLun;

	@BeforeAll
	static void addSlowLun(
			@InjectService(filter = "(hba.name=hba1)", cardinality = 4, timeout = 60_000) List<SCSILogicalUnit> units)
			throws Exception {
		slowLun = admin.getFactoryConfiguration("org.hbakit.hba.sim.lun", "iscsi-tmf", "?");
		Dictionary<String, Object> p = new Hashtable<>();
		p.put("hba", "hba1");
		p.put("target", 1);
		p.put("lun", 6);
		p.put("size", "16m");
		p.put("faults", "delay_ns=1500000000");
		slowLun.update(p);
		// a command to the target reports REPORTED LUNS DATA HAS CHANGED and the bridge rescans
		SCSILogicalUnit neighbour = units.stream().filter(u -> u.name().equals("hba1:1:0")).findFirst().orElseThrow();
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			neighbour.execute(new byte[6], 6, null, 0, 0);
			return !context.getServiceReferences(SCSILogicalUnit.class, SLOW_UNIT).isEmpty();
		});
	}

	@AfterAll
	static void removeSlowLun() throws Exception {
		slowLun.delete();
	}

	@Test
	void abortTaskOfACommandInTheUnitCompletesAndTheCommandGetsNoResponse() throws Exception {
		try (TestInitiator i = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:abort")) {
			i.login(FrontDoorFixture.HBA1_1);
			while (!i.scsi(6, Scsi.testUnitReady(), null, 0).good()) {
				// unit attentions after the LUN appeared
			}
			int cmdSN = i.cmdSN;
			int tag = i.submit(6, Scsi.read10(0, 8), null, 4096);
			assertThat(i.taskManagement(1, 6, tag, cmdSN)).as("ABORT TASK").isEqualTo(0);
			// the next PDU for this session is the answer to a new command, not the aborted read's
			TestInitiator.Result tur = i.scsi(0, Scsi.testUnitReady(), null, 0);
			assertThat(tur.good()).isTrue();
			assertThat(i.taskManagement(1, 6, 0x7777, cmdSN)).as("ABORT TASK of an unknown task").isEqualTo(1);
		}
	}

	@Test
	void resetsCompleteAndTheSessionGoesOn() throws Exception {
		try (TestInitiator i = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:reset")) {
			i.login(FrontDoorFixture.HBA1_1);
			int tag = i.submit(6, Scsi.read10(0, 1), null, 512);
			assertThat(i.taskManagement(5, 6, 0xFFFFFFFF, 0)).as("LOGICAL UNIT RESET").isEqualTo(0);
			assertThat(i.taskManagement(6, 0, 0xFFFFFFFF, 0)).as("TARGET WARM RESET").isEqualTo(0);
			assertThat(i.taskManagement(5, 9, 0xFFFFFFFF, 0)).as("LUN RESET of a LUN the target lacks").isEqualTo(2);
			assertThat(i.taskManagement(3, 0, 0xFFFFFFFF, 0)).as("CLEAR ACA: not supported").isEqualTo(5);
			assertThat(tag).isPositive();
			byte[] data = Scsi.pattern(9, 1, 512, 1);
			TestInitiator.Result w;
			do {
				w = i.scsi(0, Scsi.write10(9, 1), data, 0);
			} while (w.status() == 2 && w.senseKey() == 6);
			assertThat(w.good()).isTrue();
		}
	}
}
