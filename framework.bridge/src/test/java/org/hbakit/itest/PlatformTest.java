package org.hbakit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;

class PlatformTest {
	@InjectBundleContext
	BundleContext context;

	@Test
	void everyHBAKitBundleIsActive() {
		assertThat(Arrays.stream(context.getBundles())
				.filter(b -> b.getSymbolicName().startsWith("org.hbakit.") && !b.getSymbolicName().endsWith("-tests")))
				.extracting(Bundle::getSymbolicName, Bundle::getState)
				.hasSize(4)
				.allSatisfy(t -> assertThat(t.toList().get(1)).isEqualTo(Bundle.ACTIVE));
	}
}
