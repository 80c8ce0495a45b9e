package org.hbakit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.registry.DeviceInfo;
import org.hbakit.controller.api.registry.DeviceState;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Stopping the only controller bundle unbinds every HBA; once no controller took them within the rebind grace
 * their logical units are withdrawn; starting it again binds them and publishes the units again.
 */
class ControllerStopTest {
	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 30_000)
	IOKitRegistry registry;

	@Test
	void stoppingTheControllerWithdrawsTheUnitsAndStartingItRestoresThem() throws Exception {
		Bundle controller = Arrays.stream(context.getBundles())
				.filter(b -> "org.hbakit.controller.core".equals(b.getSymbolicName())).findFirst().orElseThrow();
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> units() == 10);
		controller.stop();
		try {
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> registry.bindings().isEmpty());
			assertThat(registry.devices()).extracting(DeviceInfo::state).containsOnly(DeviceState.UNMATCHED);
			// the rebind grace (10 s by default) passes without a controller: the units go
			Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> units() == 0);
		} finally {
			controller.start();
		}
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> registry.bindings().size() == 3 && units() == 10);
	}

	private int units() throws Exception {
		return context.getServiceReferences(SCSILogicalUnit.class, null).size();
	}
}
