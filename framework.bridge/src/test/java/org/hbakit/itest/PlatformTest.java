package org.hbakit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;

/** The platform's own bundles run. */
class PlatformTest {
	@InjectBundleContext
	BundleContext context;

	@Test
	void everyHBAKitBundleIsActive() {
		for (String bsn : new String[] { "org.hbakit.controller.api", "org.hbakit.controller.core", "org.hbakit.hba.sim",
				"org.hbakit.framework.bridge" }) {
			assertThat(Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())))
					.as(bsn).singleElement().extracting(Bundle::getState).isEqualTo(Bundle.ACTIVE);
		}
	}
}
