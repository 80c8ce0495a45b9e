package org.hbakit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.client.IOHost;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.registry.BindingInfo;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.hbakit.itest.ctl.TestBundles;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleRevisions;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Swapping the controller under a verified workload, by every trigger, loses, duplicates and corrupts nothing,
 * and clients see no error. This bundle imports only the API, so no swap can refresh it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HotSwapTest {
	private static final String CONTROLLER = "org.hbakit.controller.core";

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 30_000)
	IOKitRegistry registry;

	@InjectService
	IOHost host;

	@InjectService(filter = "(scsi.null=false)", cardinality = 8, timeout = 60_000)
	List<SCSILogicalUnit> units;

	@Test
	@Order(1)
	void operatorRematchUnderLoad() throws Exception {
		VerifiedWorkload w = new VerifiedWorkload(host, units, 64, 2048, 7).start();
		try {
			w.awaitCompletions(2_000, 30_000);
			for (int i = 0; i < 20; i++) {
				String outcome = registry.rematch(i % 2 == 0 ? "hba0" : "hba1", null);
				assertThat(outcome).doesNotStartWith("no controller");
				w.awaitCompletions(200, 30_000);
			}
		} finally {
			w.close();
		}
		assertClean(w);
		assertThat(registry.bindings()).hasSize(3);
	}

	@Test
	@Order(2)
	void aHigherScoringArrivalDoesNotStealAndAFailingStartFallsThroughToTheNextCandidate() throws Exception {
		VerifiedWorkload w = new VerifiedWorkload(host, units, 32, 2048, 13).start();
		Bundle failing = context.installBundle("test:failing",
				new ByteArrayInputStream(TestBundles.failingController(5000)));
		try {
			w.awaitCompletions(1_000, 30_000);
			failing.start();
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> registry.personalities().stream()
					.anyMatch(p -> p.bundleSymbolicName().equals("org.hbakit.itest.failing")));
			assertThat(registry.awaitQuiescence(30_000)).isTrue();
			// IOKit and Device Access: a running device is not stolen by a better newcomer
			assertThat(registry.bindings()).extracting(BindingInfo::bundleSymbolicName).containsOnly(CONTROLLER);
			// a rematch tries the newcomer first (highest score); its start fails; the next candidate takes over
			String outcome = registry.rematch("hba0", null);
			assertThat(outcome).doesNotStartWith("no controller");
			assertThat(registry.matches()).anySatisfy(m -> {
				assertThat(m.bundleSymbolicName()).isEqualTo("org.hbakit.itest.failing");
				assertThat(m.outcome()).isEqualTo("failed");
				assertThat(m.reason()).contains("UserInitializeController");
			});
			assertThat(registry.bindings()).extracting(BindingInfo::bundleSymbolicName).containsOnly(CONTROLLER);
			w.awaitCompletions(1_000, 30_000);
		} finally {
			failing.uninstall();
			w.close();
		}
		assertClean(w);
	}

	@Test
	@Order(3)
	void bundleUpdateUnderLoadRestartsOnlyTheControllerAndReleasesItsOldRevisions() throws Exception {
		Bundle controller = bundle(CONTROLLER);
		Bundle bridge = bundle("org.hbakit.framework.bridge");
		Bundle api = bundle("org.hbakit.controller.api");
		long bridgeModified = bridge.getLastModified();
		long apiModified = api.getLastModified();
		VerifiedWorkload w = new VerifiedWorkload(host, units, 64, 2048, 11).start();
		try {
			w.awaitCompletions(2_000, 30_000);
			for (int i = 0; i < 3; i++) {
				controller.update();
				assertThat(registry.awaitQuiescence(30_000)).isTrue();
				awaitBindings(3);
				w.awaitCompletions(500, 30_000);
			}
		} finally {
			w.close();
		}
		assertClean(w);
		// no refresh cascade: the API and the bridge were never restarted
		assertThat(bridge.getState()).isEqualTo(Bundle.ACTIVE);
		assertThat(bridge.getLastModified()).isEqualTo(bridgeModified);
		assertThat(api.getLastModified()).isEqualTo(apiModified);
		// the old revisions are gone: nothing is pending removal and the controller has one revision
		FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
		assertThat(wiring.getRemovalPendingBundles()).isEmpty();
		assertThat(controller.adapt(BundleRevisions.class).getRevisions()).hasSize(1);
	}

	@Test
	@Order(4)
	void uninstallThenInstallOfANewVersionUnderLoad() throws Exception {
		Bundle controller = bundle(CONTROLLER);
		String location = controller.getLocation();
		byte[] newer = TestBundles.copyOf(controller, "Bundle-Version", "0.1.1.test");
		// installed through the system bundle, so the test's context does not uninstall it afterwards
		BundleContext system = context.getBundle(0).getBundleContext();
		VerifiedWorkload w = new VerifiedWorkload(host, units, 64, 2048, 17).start();
		try {
			w.awaitCompletions(1_000, 30_000);
			controller.uninstall();
			system.installBundle(location, new ByteArrayInputStream(newer)).start();
			assertThat(registry.awaitQuiescence(30_000)).isTrue();
			awaitBindings(3);
			w.awaitCompletions(1_000, 30_000);
		} finally {
			w.close();
		}
		assertClean(w);
		assertThat(registry.bindings()).allSatisfy(b -> assertThat(b.bundleVersion()).isEqualTo("0.1.1.test"));
	}

	@Test
	@Order(5)
	void aRebuildDroppedIntoTheDeployFolderTakesOverBesideTheRunningController() throws Exception {
		Bundle controller = bundle(CONTROLLER);
		Path deploy = Path.of(context.getProperty("felix.fileinstall.dir"));
		Files.createDirectories(deploy);
		// same symbolic name and version: installed beside the running bundle, which it supersedes (installed later)
		byte[] dropped = TestBundles.copyOf(controller, "HBAKit-Build", "dropped");
		Path file = deploy.resolve(CONTROLLER + ".jar");
		VerifiedWorkload w = new VerifiedWorkload(host, units, 64, 2048, 19).start();
		try {
			w.awaitCompletions(1_000, 30_000);
			long t0 = System.currentTimeMillis();
			Files.write(file, dropped);
			// every HBA moves to the rebuild by the ordinary swap
			Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> registry.swaps().stream()
					.filter(s -> s.endedAtMillis() >= t0 && s.reason().contains("superseded")).count() >= 3
					&& registry.awaitQuiescence(10_000));
			assertThat(Arrays.stream(context.getBundles()).filter(b -> "dropped".equals(b.getHeaders().get("HBAKit-Build"))))
					.singleElement().satisfies(b -> assertThat(b.getState()).isEqualTo(Bundle.ACTIVE));
			assertThat(controller.getState()).as("the bundle it supersedes stays, for a rollback").isEqualTo(Bundle.ACTIVE);
			awaitBindings(3);
			w.awaitCompletions(1_000, 30_000);
			Files.delete(file); // the rollback: the built-in bundle drives again
			Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Arrays.stream(context.getBundles())
					.noneMatch(b -> "dropped".equals(b.getHeaders().get("HBAKit-Build"))) && registry.awaitQuiescence(10_000));
			awaitBindings(3);
			w.awaitCompletions(1_000, 30_000);
		} finally {
			w.close();
			Files.deleteIfExists(file);
		}
		assertClean(w);
	}

	private void awaitBindings(int n) {
		Awaitility.await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(registry.bindings()).as("%s", registry.devices()).hasSize(n));
	}

	private static void assertClean(VerifiedWorkload w) {
		assertThat(w.errors).as(w.toString()).isZero();
		assertThat(w.lost).as(w.toString()).isZero();
		assertThat(w.duplicated).as(w.toString()).isZero();
		assertThat(w.corrupted).as(w.toString()).isZero();
		assertThat(w.verified).as(w.toString()).isPositive();
	}

	private Bundle bundle(String bsn) {
		return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst()
				.orElseThrow();
	}
}
