package org.hbakit.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Arrays;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleRevisions;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * After a thousand updates of the controller bundle (each one a swap on every HBA) the old revisions are purged
 * and their class loaders collected: the bridge keeps no reference to a stopped controller.
 */
class ClassLoaderReleaseTest {
	private static final int UPDATES = 1000;

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 30_000)
	IOKitRegistry registry;

	@Test
	void oldControllerClassLoadersAreCollectedAfterAThousandUpdates() throws Exception {
		Bundle controller = Arrays.stream(context.getBundles())
				.filter(b -> "org.hbakit.controller.core".equals(b.getSymbolicName())).findFirst().orElseThrow();
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> registry.bindings().size() == 3);
		WeakReference<ClassLoader> first = new WeakReference<>(
				controller.adapt(BundleWiring.class).getClassLoader());
		for (int i = 0; i < UPDATES; i++) {
			controller.update();
			assertThat(registry.awaitQuiescence(30_000)).isTrue();
		}
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> registry.bindings().size() == 3);
		FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
		assertThat(wiring.getRemovalPendingBundles()).isEmpty();
		assertThat(controller.adapt(BundleRevisions.class).getRevisions()).hasSize(1);
		// the first revision's class loader becomes unreachable once nothing holds a controller it made
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			System.gc();
			return first.get() == null;
		});
	}
}
