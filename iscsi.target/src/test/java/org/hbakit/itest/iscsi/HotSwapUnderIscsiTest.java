package org.hbakit.itest.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * A verified read/write loop through iSCSI goes on while the controller of its HBA is swapped repeatedly (operator
 * rematch, as {@code hba:swap}, and a bundle update, as a jar dropped into the deploy folder): the initiator sees
 * no error and every block reads back as last written. This bundle imports only the API, so no swap refreshes it.
 */
class HotSwapUnderIscsiTest extends FrontDoorTest {

	@InjectBundleContext
	static BundleContext context;

	@Test
	void swapsUnderAVerifiedIscsiWorkloadCostTheInitiatorNothing(@InjectService(timeout = 30_000) IOKitRegistry registry)
			throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong verified = new AtomicLong();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread loop = new Thread(() -> {
			try (TestInitiator i = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:swap")) {
				i.login(FrontDoorFixture.HBA0_0);
				DataThroughIscsiTest.clearUnitAttention(i, 0);
				int round = 0;
				while (running.get()) {
					long lba = 8192 + (round % 64) * 16;
					byte[] data = Scsi.pattern(lba, 16, 512, round);
					TestInitiator.Result w = i.scsi(0, Scsi.write10(lba, 16), data, 0);
					if (!w.good()) {
						throw new AssertionError("write " + round + " ended " + w);
					}
					TestInitiator.Result r = i.scsi(0, Scsi.read10(lba, 16), null, data.length);
					if (!r.good() || !java.util.Arrays.equals(r.data(), data)) {
						throw new AssertionError("read " + round + " ended " + r.status() + " or differs");
					}
					verified.incrementAndGet();
					round++;
				}
			} catch (Throwable t) {
				failure.set(t);
			}
		}, "iscsi-swap-workload");
		loop.start();
		try {
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> verified.get() > 20 || failure.get() != null);
			for (int n = 0; n < 10; n++) {
				assertThat(registry.rematch("hba0", null)).doesNotStartWith("no controller");
				long before = verified.get();
				Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> verified.get() > before + 5
						|| failure.get() != null);
			}
			Bundle controller = java.util.Arrays.stream(context.getBundles())
					.filter(b -> "org.hbakit.controller.core".equals(b.getSymbolicName())).findFirst().orElseThrow();
			for (int n = 0; n < 2; n++) {
				controller.update();
				assertThat(registry.awaitQuiescence(30_000)).isTrue();
				long before = verified.get();
				Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> verified.get() > before + 5
						|| failure.get() != null);
			}
		} finally {
			running.set(false);
			loop.join(30_000);
		}
		assertThat(failure.get()).as("the initiator's view").isNull();
		assertThat(verified.get()).isGreaterThan(50);
	}
}
