package org.hbakit.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.client.IOHost;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.registry.BindingInfo;
import org.hbakit.controller.api.registry.DeviceState;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.hbakit.itest.ctl.TestBundles;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogReaderService;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** What the supervisor redesign fixed that needs a real framework: bad bundles contained, configuration live. */
class SupervisorInFrameworkTest {
	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 30_000)
	IOKitRegistry registry;

	@InjectService
	LogReaderService logReader;

	@InjectService
	ConfigurationAdmin configurationAdmin;

	@InjectService
	IOHost host;

	private final List<LogEntry> entries = new java.util.concurrent.CopyOnWriteArrayList<>();
	private final org.osgi.service.log.LogListener capture = entries::add;

	@org.junit.jupiter.api.BeforeEach
	void listen() {
		logReader.addLogListener(capture);
	}

	@org.junit.jupiter.api.AfterEach
	void stopListening() {
		logReader.removeLogListener(capture);
	}

	@Test
	void aPlistNested10000DeepIsRefusedNamingTheBundleAndTheBridgeGoesOn() throws Exception {
		Bundle bundle = context.installBundle("test:nested", new ByteArrayInputStream(TestBundles.nestedPlist()));
		try {
			bundle.start();
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> logged(LogLevel.ERROR, "refused Info.plist",
					"org.hbakit.itest.nested", "nest"));
			assertThat(registry.personalities()).noneMatch(p -> p.bundleSymbolicName().equals("org.hbakit.itest.nested"));
			assertThat(registry.bindings()).hasSize(3);
			assertThat(context.getServiceReferences(SCSILogicalUnit.class, null)).hasSize(10);
		} finally {
			bundle.uninstall();
		}
	}

	@Test
	void aSingletonScopeControllerServiceIsRefusedWithAReasonAndDrivesNothing() throws Exception {
		Bundle bundle = context.installBundle("test:singleton",
				new ByteArrayInputStream(TestBundles.singletonController()));
		try {
			bundle.start();
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> logged(LogLevel.WARN,
					"refused controller service", "org.hbakit.itest.singleton", "prototype"));
			assertThatThrownBy(() -> registry.rematch("hba1", "org.hbakit.itest.singleton"))
					.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prototype");
			assertThat(registry.awaitQuiescence(30_000)).isTrue();
			assertThat(registry.bindings()).hasSize(3).allSatisfy(b -> {
				assertThat(b.bundleSymbolicName()).isEqualTo("org.hbakit.controller.core");
				assertThat(b.violations()).isZero();
			});
			// a round that runs now shows why its personality cannot match
			registry.rematch("hba1", null);
			assertThat(registry.matches()).anySatisfy(m -> {
				assertThat(m.bundleSymbolicName()).isEqualTo("org.hbakit.itest.singleton");
				assertThat(m.outcome()).isEqualTo("unavailable");
				assertThat(m.reason()).contains("prototype");
			});
		} finally {
			bundle.uninstall();
		}
	}

	@Test
	void changingTheBridgeConfigurationUnderAVerifiedWorkloadDisturbsNoIo(
			@InjectService(filter = "(scsi.null=false)", cardinality = 8, timeout = 60_000) List<SCSILogicalUnit> units)
			throws Exception {
		AtomicInteger withdrawn = new AtomicInteger();
		ServiceListener listener = e -> {
			if (e.getType() == ServiceEvent.UNREGISTERING) {
				withdrawn.incrementAndGet();
			}
		};
		context.addServiceListener(listener, "(objectClass=" + SCSILogicalUnit.class.getName() + ")");
		List<BindingInfo> before = registry.bindings();
		int swapsBefore = registry.swaps().size();
		Configuration bridge = configurationAdmin.getConfiguration("org.hbakit.bridge", "?");
		VerifiedWorkload w = new VerifiedWorkload(host, units, 64, 2048, 21).start();
		try {
			w.awaitCompletions(2_000, 30_000);
			Dictionary<String, Object> p = new Hashtable<>();
			p.put("taskTimeoutMs", 20_000L);
			p.put("abortGraceMs", 300L);
			bridge.update(p);
			Awaitility.await().atMost(Duration.ofSeconds(30))
					.until(() -> logged(LogLevel.INFO, "bridge configuration changed", "abortGraceMs=300"));
			w.awaitCompletions(2_000, 30_000);
		} finally {
			w.close();
			context.removeServiceListener(listener);
			bridge.delete();
		}
		assertThat(w.errors).as(w.toString()).isZero();
		assertThat(w.lost + w.duplicated + w.corrupted).as(w.toString()).isZero();
		assertThat(withdrawn.get()).as("logical unit services withdrawn").isZero();
		assertThat(registry.swaps()).hasSize(swapsBefore);
		assertThat(registry.bindings()).extracting(BindingInfo::hbaName)
				.containsExactlyElementsOf(before.stream().map(BindingInfo::hbaName).toList());
		assertThat(registry.devices()).extracting(d -> d.state()).containsOnly(DeviceState.BOUND);
	}

	private boolean logged(LogLevel level, String... parts) {
		return entries.stream().anyMatch(e -> e.getLogLevel() == level && java.util.Arrays.stream(parts)
				.allMatch(part -> String.valueOf(e.getMessage()).contains(part)));
	}
}
