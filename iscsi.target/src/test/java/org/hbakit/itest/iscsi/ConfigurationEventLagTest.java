package org.hbakit.itest.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.test.common.annotation.InjectBundleContext;

/**
 * The front door ends on the last configuration written even when Config Admin delivers the events late: here its
 * event thread is held while the fixture disables the door and asks for a new port, as one test class's
 * {@code @AfterAll} and the next one's {@code @BeforeAll} do. (A deletion followed by a new configuration, as the
 * fixture once did, is lost this way in Felix SCR 2.2: the door stayed on the old port, a CI failure now and then.)
 */
class ConfigurationEventLagTest extends FrontDoorTest {
	@InjectBundleContext
	BundleContext context;

	@Test
	void disablingAndReconfiguringWhileEventsLagEndsOnTheNewPort() throws Exception {
		door.update(Map.of()); // the configuration has changed more often than a new one would have
		door.update(Map.of());
		var old = door.portal();
		try (HeldEventThread held = HeldEventThread.hold(context, admin)) {
			door.disable();
			door.request(Map.of());
		}
		door.awaitListening();
		assertThat(door.portal()).isNotEqualTo(old);
		portal = door.portal();
		try (Socket s = new Socket()) {
			s.connect(portal, 1000);
		}
	}

	/**
	 * Holds Config Admin's event thread: a listener that blocks on the event of a marker configuration until
	 * closed, so the events written meanwhile are delivered afterwards, in order.
	 */
	private static final class HeldEventThread implements AutoCloseable {
		private static final String MARKER = "org.hbakit.itest.iscsi.hold";
		private final CountDownLatch holding = new CountDownLatch(1);
		private final CountDownLatch release = new CountDownLatch(1);
		private final ServiceRegistration<ConfigurationListener> registration;
		private final org.osgi.service.cm.ConfigurationAdmin admin;

		private HeldEventThread(BundleContext context, org.osgi.service.cm.ConfigurationAdmin admin) {
			this.admin = admin;
			ConfigurationListener listener = (ConfigurationEvent e) -> {
				if (MARKER.equals(e.getPid()) && e.getType() == ConfigurationEvent.CM_UPDATED) {
					holding.countDown();
					try {
						release.await(60, TimeUnit.SECONDS);
					} catch (InterruptedException x) {
						Thread.currentThread().interrupt();
					}
				}
			};
			registration = context.registerService(ConfigurationListener.class, listener, null);
		}

		static HeldEventThread hold(BundleContext context, org.osgi.service.cm.ConfigurationAdmin admin)
				throws Exception {
			HeldEventThread h = new HeldEventThread(context, admin);
			Hashtable<String, Object> p = new Hashtable<>();
			p.put("held", System.nanoTime());
			admin.getConfiguration(MARKER, "?").update(p);
			assertThat(h.holding.await(30, TimeUnit.SECONDS)).as("Config Admin's event thread held").isTrue();
			return h;
		}

		@Override
		public void close() throws Exception {
			release.countDown();
			registration.unregister();
			admin.getConfiguration(MARKER, "?").delete();
		}
	}
}
