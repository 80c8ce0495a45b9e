package org.hbakit.hba.sim.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.hbakit.hba.sim.machine.HbaSpec;
import org.hbakit.hba.sim.machine.LunSpec;
import org.hbakit.hba.sim.machine.SimulatedMachine;
import org.hbakit.hba.sim.pci.SimulatedPciHba;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code hba:hardware} and {@code hba:faults}: list the simulated machine, list the faults in force, and show or
 * change the fault injection of one HBA, target or LUN. Called on
 * the shell's thread; output is one line per item with stable space-separated columns after a header.
 */
@Component(service = HardwareCommands.class, property = { "osgi.command.scope=hba",
		"osgi.command.function=hardware", "osgi.command.function=faults" })
public final class HardwareCommands {
	/** Header of {@link #hardware()}. */
	static final String HEADER = "KIND NAME LOCATION IDS TARGET LUN SIZE BLOCK BACKING FAULTS";

	@Reference
	SimulatedMachine machine;

	/** Lists every HBA, target and LUN. */
	@Descriptor("list the simulated HBAs, targets and LUNs")
	public String hardware() {
		List<String> lines = new ArrayList<>();
		lines.add(HEADER);
		for (Map.Entry<String, SimulatedPciHba> e : machine.hbas().entrySet()) {
			HbaSpec h = machine.spec(e.getKey());
			if (h == null) {
				continue;
			}
			var id = h.identity();
			String ids = String.format("%04x:%04x/%04x:%04x/%06x/%02x", id.vendorId(), id.deviceId(),
					id.subsystemVendorId(), id.subsystemId(), id.classCode(), id.revisionId());
			lines.add(String.join(" ", "hba", h.name(), h.location(), ids, "-", "-", "-", "-", "-", faults(h.faults())));
			List<LunSpec> luns = machine.luns(h.name());
			luns.stream().map(LunSpec::target).distinct().sorted().forEach(t -> lines.add(String.join(" ", "target",
					h.name() + ":" + t, h.location(), "-", String.valueOf(t), "-", "-", "-", "-", "-")));
			luns.stream().sorted(java.util.Comparator.comparingInt(LunSpec::target).thenComparingInt(LunSpec::lun))
					.forEach(l -> lines.add(String.join(" ", "lun", l.address(), h.location(), "-",
							String.valueOf(l.target()), String.valueOf(l.lun()), String.valueOf(l.sizeBytes()),
							String.valueOf(l.blockSize()), l.backing().name().toLowerCase(java.util.Locale.ROOT),
							faults(l.faults()))));
		}
		return String.join("\n", lines);
	}

	/**
	 * Lists the faults in force: one line {@code <hba>[:<target>[:<lun>]] key=value,…} per HBA, target and LUN whose
	 * own fault injection is not empty (as {@code hba:faults <address>} shows it), or {@value #NO_FAULTS}.
	 */
	@Descriptor("list the faults in force on every HBA, target and LUN")
	public String faults() {
		List<String> lines = new ArrayList<>();
		for (String hba : machine.hbas().keySet()) {
			addFaults(lines, hba, -1, -1);
			List<LunSpec> luns = machine.luns(hba);
			luns.stream().map(LunSpec::target).distinct().sorted().forEach(t -> {
				addFaults(lines, hba, t, -1);
				luns.stream().filter(l -> l.target() == t).map(LunSpec::lun).sorted()
						.forEach(l -> addFaults(lines, hba, t, l));
			});
		}
		return lines.isEmpty() ? NO_FAULTS : String.join("\n", lines);
	}

	/** What {@link #faults()} prints when no fault is in force. */
	static final String NO_FAULTS = "no faults in force";

	private void addFaults(List<String> lines, String hba, int target, int lun) {
		Map<String, Object> plan;
		try {
			plan = machine.faults(hba, target, lun, null);
		} catch (IllegalArgumentException goneMeanwhile) {
			return;
		}
		if (!plan.isEmpty()) {
			lines.add(hba + (target < 0 ? "" : ":" + target) + (lun < 0 ? "" : ":" + lun) + " " + format(plan));
		}
	}

	private static String format(Map<String, ?> plan) {
		return plan.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
				.collect(Collectors.joining(","));
	}

	/** Shows the fault injection of an HBA, target or LUN. */
	@Descriptor("show or change fault injection: hba:faults <hba>[:<target>[:<lun>]] [key=value ...|clear]")
	public String faults(@Descriptor("hba[:target[:lun]]") String address,
			@Descriptor("key=value settings, or clear") String... settings) {
		String[] parts = address.split(":");
		if (parts.length > 3) {
			throw new IllegalArgumentException("'" + address + "' is not hba[:target[:lun]]");
		}
		int target = parts.length > 1 ? number(parts[1], address) : -1;
		int lun = parts.length > 2 ? number(parts[2], address) : -1;
		Map<String, String> change = null;
		if (settings != null && settings.length > 0 && !(settings.length == 1 && settings[0].isEmpty())) {
			change = new java.util.TreeMap<>();
			for (String s : settings) {
				if (s.equals("clear")) {
					continue;
				}
				int eq = s.indexOf('=');
				if (eq <= 0) {
					throw new IllegalArgumentException("'" + s + "' is not key=value (or clear)");
				}
				change.put(s.substring(0, eq), s.substring(eq + 1));
			}
		}
		Map<String, Object> plan = machine.faults(parts[0], target, lun, change);
		return address + " " + (plan.isEmpty() ? "-" : format(plan));
	}

	private static int number(String s, String address) {
		try {
			return Integer.parseInt(s);
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("'" + address + "' is not hba[:target[:lun]]");
		}
	}

	private static String faults(Map<String, String> faults) {
		return faults.isEmpty() ? "-" : format(faults);
	}
}
