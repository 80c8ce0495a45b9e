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

	/** Enables the front door on a new free port with {@code extra} settings; returns the portal. */
	InetSocketAddress configure(Map<String, Object> extra) throws IOException {
		int port;
		try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = s.getLocalPort();
		}
		Dictionary<String, Object> p = new Hashtable<>();
		p.put("enabled", true);
		p.put("address", "127.0.0.1");
		p.put("port", port);
		extra.forEach(p::put);
		Configuration c = admin.getConfiguration(PID, "?");
		c.update(p);
		InetSocketAddress a = new InetSocketAddress("127.0.0.1", port);
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
		portal = a;
		return a;
	}

	/** Changes settings without moving the port (access settings apply to the next logins). */
	void update(Map<String, Object> extra) throws IOException {
		Configuration c = admin.getConfiguration(PID, "?");
		Dictionary<String, Object> p = new Hashtable<>();
		p.put("enabled", true);
		p.put("address", "127.0.0.1");
		p.put("port", portal.getPort());
		extra.forEach(p::put);
		c.update(p);
	}

	InetSocketAddress portal() {
		return portal;
	}

	/** Disables the front door again. */
	void disable() throws IOException {
		admin.getConfiguration(PID, "?").delete();
	}
}
