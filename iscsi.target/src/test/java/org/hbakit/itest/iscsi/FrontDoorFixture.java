package org.hbakit.itest.iscsi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.awaitility.Awaitility;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Configures the front door (PID {@code org.hbakit.iscsi}) on a free loopback port for a test and waits until it
 * accepts connections. Each configuration takes a fresh port, never a fixed one: other worktrees run the same tests
 * at the same time.
 * <p>
 * The configuration is only ever updated, never deleted and created again: Felix SCR 2.2 handles a deletion by
 * looking the PID up again, and when Config Admin's event thread delivers the deletion after the new configuration
 * was written, it compares the new configuration's change count with the deleted one's, finds it not higher and
 * ignores it, and the door stays on the old port ({@link ConfigurationEventLagTest}).
 */
final class FrontDoorFixture {
	static final String PID = "org.hbakit.iscsi";
	static final String HBA0_0 = "iqn.2026-12.org.hbakit:hba0.0";
	static final String HBA1_1 = "iqn.2026-12.org.hbakit:hba1.1";

	private final ConfigurationAdmin admin;
	private InetSocketAddress portal;

	FrontDoorFixture(ConfigurationAdmin admin) {
		this.admin = admin;
	}

	/** Enables the front door on a new free port with {@code extra} settings and waits for it; returns the portal. */
	InetSocketAddress configure(Map<String, Object> extra) throws IOException {
		InetSocketAddress a = request(extra);
		awaitListening();
		return a;
	}

	/**
	 * Writes a configuration enabling the front door on a new free port with {@code extra} settings, without waiting
	 * for the door to follow it; returns the portal it asks for.
	 */
	InetSocketAddress request(Map<String, Object> extra) throws IOException {
		int port;
		try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = s.getLocalPort();
		}
		portal = new InetSocketAddress("127.0.0.1", port);
		write(true, extra);
		return portal;
	}

	/** Waits until the front door accepts connections on the portal of the last {@link #request}. */
	void awaitListening() {
		InetSocketAddress a = portal;
		try {
			Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
					.until(() -> {
						try (Socket s = new Socket()) {
							s.connect(a, 1000);
							return true;
						}
					});
		} catch (org.awaitility.core.ConditionTimeoutException e) {
			// what held the configuration back: every thread's stack, for the report
			StringBuilder dump = new StringBuilder("no front door on " + a + " within 30 s; threads:\n");
			Thread.getAllStackTraces().forEach((t, stack) -> {
				dump.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
				for (StackTraceElement f : stack) {
					dump.append("\tat ").append(f).append('\n');
				}
			});
			System.err.println(dump);
			throw new AssertionError(dump.toString(), e);
		}
	}

	/** Changes settings without moving the port (access settings apply to the next logins). */
	void update(Map<String, Object> extra) throws IOException {
		write(true, extra);
	}

	InetSocketAddress portal() {
		return portal;
	}

	/** Disables the front door again (by an update: see the class comment). */
	void disable() throws IOException {
		write(false, Map.of());
	}

	private void write(boolean enabled, Map<String, Object> extra) throws IOException {
		Dictionary<String, Object> p = new Hashtable<>();
		p.put("enabled", enabled);
		p.put("address", "127.0.0.1");
		p.put("port", portal == null ? 0 : portal.getPort());
		extra.forEach(p::put);
		Configuration c = admin.getConfiguration(PID, "?");
		c.update(p);
	}
}
