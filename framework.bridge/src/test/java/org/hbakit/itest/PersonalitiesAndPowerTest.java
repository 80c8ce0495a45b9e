package org.hbakit.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.IOServicePowerCapability;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.hbakit.controller.api.registry.PersonalityInfo;
import org.hbakit.itest.ctl.TestBundles;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogReaderService;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** Personalities from plists (a bad one refused with a log line that names it) and power state changes. */
class PersonalitiesAndPowerTest {
	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 30_000)
	IOKitRegistry registry;

	@InjectService
	LogReaderService logReader;

	@Test
	void aMalformedPersonalityIsRefusedWithALogLineAndItsValidSiblingIsAccepted() throws Exception {
		Bundle bundle = context.installBundle("test:plist", new ByteArrayInputStream(TestBundles.plistOnly()));
		bundle.start();
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> registry.personalities().stream()
				.anyMatch(p -> p.bundleSymbolicName().equals("org.hbakit.itest.plist")));
		assertThat(registry.personalities()).filteredOn(p -> p.bundleSymbolicName().equals("org.hbakit.itest.plist"))
				.extracting(PersonalityInfo::name).containsExactly("Good");
		List<LogEntry> log = Collections.list(logReader.getLog());
		assertThat(log).anySatisfy(e -> {
			assertThat(e.getLogLevel()).isEqualTo(LogLevel.WARN);
			assertThat(e.getMessage()).contains("refused personality", "org.hbakit.itest.plist", "BadMask",
					"IOPCIPrimaryMatch");
		});
		// nothing else was harmed: every device keeps its controller (this plist's controller never registers)
		assertThat(registry.bindings()).hasSize(3);
		bundle.uninstall();
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> registry.personalities().stream()
				.noneMatch(p -> p.bundleSymbolicName().equals("org.hbakit.itest.plist")));
	}

	@Test
	void pauseAndOnReachTheControllerAndIOResumes(
			@InjectService(filter = "(&(hba.name=hba1)(scsi.null=false))", cardinality = 4, timeout = 60_000) List<SCSILogicalUnit> units)
			throws Exception {
		assertThat(registry.setPowerState("hba1", IOServicePowerCapability.kIOServicePowerCapabilityPause))
				.contains("Pause");
		assertThat(registry.setPowerState("hba1", IOServicePowerCapability.kIOServicePowerCapabilityOn))
				.contains("On");
		SCSILogicalUnit unit = units.get(0);
		ByteBuffer block = ByteBuffer.allocateDirect(unit.blockSize());
		unit.read(0, block);
		assertThatThrownBy(() -> registry.setPowerState("hba9", IOServicePowerCapability.kIOServicePowerCapabilityOn))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hba9");
	}
}
