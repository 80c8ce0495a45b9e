package org.hbakit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.client.SCSITaskResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The simulated machine's refusals through Config Admin: a second configuration for a running LUN's address is
 * refused (and named) whatever the PIDs' order, the running disk keeps its capacity; each refusal is logged once,
 * however many times the machine reconciles.
 */
class MachineRefusalTest {
	private static final String LUN_PID = "org.hbakit.hba.sim.lun~";
	private static final String UNIT = "(&(hba.name=hba1)(scsi.target=1)(scsi.lun=5))";

	@InjectBundleContext
	BundleContext context;

	@InjectService
	ConfigurationAdmin configurationAdmin;

	@InjectService
	LogReaderService logReader;

	private final List<String> errors = new CopyOnWriteArrayList<>();
	private final LogListener listener = (LogEntry e) -> {
		if (e.getLogLevel() == LogLevel.ERROR) {
			errors.add(e.getMessage());
		}
	};

	@BeforeEach
	void listen() {
		logReader.addLogListener(listener);
	}

	@AfterEach
	void stopListening() {
		logReader.removeLogListener(listener);
	}

	@Test
	void aSecondConfigurationForARunningLunsAddressIsRefusedAndTheDiskKeepsItsCapacity(
			@InjectService(filter = "(&(hba.name=hba1)(scsi.target=1)(scsi.lun=0))", timeout = 60_000) SCSILogicalUnit neighbour)
			throws Exception {
		// "zz" runs first; "aa" sorts before it and must still not displace it
		Configuration running = configurationAdmin.getFactoryConfiguration("org.hbakit.hba.sim.lun", "zz-dup", "?");
		Configuration second = configurationAdmin.getFactoryConfiguration("org.hbakit.hba.sim.lun", "aa-dup", "?");
		try {
			running.update(lun("hba1", 1, 5, "64m"));
			awaitUnits(neighbour, 1);
			SCSILogicalUnit unit = context.getService(context.getServiceReferences(SCSILogicalUnit.class, UNIT)
					.iterator().next());
			assertThat(capacity(unit)).isEqualTo(64L << 20);

			second.update(lun("hba1", 1, 5, "32m"));
			Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
					.until(() -> errors.stream().anyMatch(m -> m.startsWith("configuration " + LUN_PID + "aa-dup refused")
							&& m.contains("already configured by " + LUN_PID + "zz-dup")));
			assertThat(errors).noneMatch(m -> m.startsWith("configuration " + LUN_PID + "zz-dup"));
			// the running disk was not replaced: same capacity, and no unit attention in between
			assertThat(capacity(unit)).isEqualTo(64L << 20);
		} finally {
			second.delete();
			running.delete();
		}
		awaitUnits(neighbour, 0);
	}

	@Test
	void eachRefusalIsLoggedOnceHoweverOftenTheMachineReconciles() throws Exception {
		Configuration unknown = configurationAdmin.getFactoryConfiguration("org.hbakit.hba.sim.lun", "unknown-hba", "?");
		Configuration churn = configurationAdmin.getFactoryConfiguration("org.hbakit.hba.sim.lun", "churn", "?");
		int updates = 20;
		try {
			unknown.update(lun("hbaQ", 0, 0, "1m"));
			// every update of another configuration makes the machine reconcile; each update of "churn" is refused
			// for a reason of its own, so its last refusal shows that the machine has seen the last update
			for (int i = 1; i <= updates; i++) {
				churn.update(lun("hba1", 1, 6, "-" + i));
			}
			String last = "configuration " + LUN_PID + "churn refused: property 'size': must be positive: -" + updates;
			Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
					.until(() -> errors.contains(last));
			assertThat(errors).filteredOn(m -> m.startsWith("configuration " + LUN_PID + "unknown-hba refused"))
					.singleElement().asString().contains("no HBA named 'hbaQ'");
			// each change of "churn" at most once (the machine may see several updates in one reconcile)
			assertThat(errors).filteredOn(m -> m.startsWith("configuration " + LUN_PID + "churn refused"))
					.doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(updates);
		} finally {
			churn.delete();
			unknown.delete();
		}
	}

	/** READ CAPACITY(16): (last LBA + 1) × block length. */
	private static long capacity(SCSILogicalUnit unit) throws InterruptedException {
		ByteBuffer data = ByteBuffer.allocateDirect(32);
		byte[] cdb = new byte[16];
		cdb[0] = (byte) 0x9E;
		cdb[1] = 0x10;
		cdb[13] = 32;
		SCSITaskResult r = unit.execute(cdb, 16, data, SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 0);
		assertThat(r.isGood()).as("READ CAPACITY(16): %s", r).isTrue();
		return (data.getLong(0) + 1) * data.getInt(8);
	}

	/** Waits until the unit at hba1:1:5 is published or withdrawn; commands to its target trigger the rescan. */
	private void awaitUnits(SCSILogicalUnit neighbour, int count) {
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
			neighbour.execute(new byte[] { 0x00, 0, 0, 0, 0, 0 }, 6, null, 0, 0);
			return context.getServiceReferences(SCSILogicalUnit.class, UNIT).size() == count;
		});
	}

	private static Dictionary<String, Object> lun(String hba, int target, int lun, String size) {
		Dictionary<String, Object> p = new Hashtable<>();
		p.put("hba", hba);
		p.put("target", target);
		p.put("lun", lun);
		p.put("size", size);
		return p;
	}
}
