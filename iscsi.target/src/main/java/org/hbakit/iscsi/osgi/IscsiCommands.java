package org.hbakit.iscsi.osgi;

import java.net.InetSocketAddress;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.hbakit.iscsi.session.Session;
import org.hbakit.iscsi.target.ExportedTarget;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands of the front door (scope {@code iscsi}): {@code iscsi:portal}, {@code iscsi:targets},
 * {@code iscsi:sessions}, and {@code iscsi:serve}, which keeps a one-shot command line (and so the platform) alive
 * while initiators use the front door — what benchmark and soak scripts need.
 */
@Component(service = IscsiCommands.class, property = { "osgi.command.scope=iscsi", "osgi.command.function=portal",
		"osgi.command.function=targets", "osgi.command.function=sessions", "osgi.command.function=serve" })
public final class IscsiCommands {
	private final IscsiFrontDoor door;

	@Activate
	public IscsiCommands(@Reference IscsiFrontDoor door) {
		this.door = door;
	}

	@Descriptor("the address and port the front door listens on")
	public String portal() {
		InetSocketAddress a = door.portal();
		return a == null ? "not listening" : a.getAddress().getHostAddress() + ":" + a.getPort();
	}

	@Descriptor("the exported iSCSI targets and their LUNs")
	public String targets() {
		StringBuilder sb = new StringBuilder("TARGET LUNS\n");
		for (ExportedTarget t : door.targets()) {
			sb.append(t.name()).append(' ').append(java.util.Arrays.toString(t.luns()).replace(" ", "")).append('\n');
		}
		return sb.toString().stripTrailing();
	}

	@Descriptor("the live iSCSI sessions")
	public String sessions() {
		StringBuilder sb = new StringBuilder("TSIH INITIATOR TARGET FROM\n");
		for (Session s : door.sessions()) {
			sb.append(s.tsih()).append(' ').append(s.nexus()).append(' ')
					.append(s.discovery() ? "(discovery)" : s.target().name()).append(' ')
					.append(s.connection().remoteAddress()).append('\n');
		}
		return sb.toString().stripTrailing();
	}

	@Descriptor("keep serving iSCSI for a while (e.g. 90, 2.5 or 200ms), then report the logins served")
	public String serve(@Descriptor("seconds, or a duration with ms or s") String duration) throws InterruptedException {
		long millis = parse(duration);
		long before = door.logins();
		// printed at once (the command's result comes only at its end), so a script knows when to start its clients
		System.out.println("iscsi:serve: serving at " + portal() + " for " + duration);
		System.out.flush();
		Thread.sleep(millis);
		return String.format(Locale.ROOT, "served %s at %s: %d logins, %d sessions open", duration, portal(),
				door.logins() - before, door.sessions().size());
	}

	static long parse(String duration) {
		String d = duration.trim().toLowerCase(Locale.ROOT);
		try {
			if (d.endsWith("ms")) {
				return Long.parseLong(d.substring(0, d.length() - 2));
			}
			double seconds = Double.parseDouble(d.endsWith("s") ? d.substring(0, d.length() - 1) : d);
			if (seconds < 0 || seconds > 86_400) {
				throw new IllegalArgumentException("'" + duration + "': expected 0 to 86400 seconds");
			}
			return (long) (seconds * 1000);
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("'" + duration + "' is not a duration (seconds, or with ms or s)");
		}
	}
}
