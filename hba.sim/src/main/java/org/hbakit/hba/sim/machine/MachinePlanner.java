package org.hbakit.hba.sim.machine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides, in pure Java, what the machine should run from the configurations read now and what runs already: the
 * reconcile step of {@link SimulatedMachine} without Config Admin or devices.
 * <p>
 * The rules ({@code docs/simulated-machine.md}, "Refused configuration"):
 * <ul>
 * <li>a configuration that does not parse keeps its last valid version in force; a new one adds nothing;</li>
 * <li>a running device is never displaced: the configurations of devices running as configured (an HBA with the
 * same name and location, a LUN at the same address) are checked before any other, so a configuration that asks for
 * a running HBA's name or location, or a running LUN's address, is the one refused, whatever the PIDs' order; a
 * running device whose configuration changed into such a conflict keeps its running version; among configurations
 * of which none runs, the lower PID wins (the default machine's before configured ones);</li>
 * <li>each refusal is reported once: again only when the configuration's values change, the reason changes, or it
 * was accepted in between. Values, not Config Admin's change count: the two cannot be read together, and a
 * reconcile racing an update may pair the old values with the new count (a refusal reported twice).</li>
 * </ul>
 * Not thread-safe: the machine calls it under its lock.
 */
final class MachinePlanner {
	/**
	 * One configuration as read from Config Admin.
	 *
	 * @param pid its PID
	 * @param properties its properties, or null when it has none yet
	 */
	record Snapshot(String pid, Map<String, ?> properties) {
	}

	/**
	 * What to run and what to log.
	 *
	 * @param desired the HBAs and LUNs that should run
	 * @param refusals refusal messages not reported before, to log
	 */
	record Plan(MachineConfig.Machine desired, List<String> refusals) {
	}

	private final MachineConfig parser;
	private final boolean defaultEnabled;
	private final Map<String, HbaSpec> lastGoodHba = new HashMap<>();
	private final Map<String, LunSpec> lastGoodLun = new HashMap<>();
	/** The refusals reported, as {@code pid, content, message} keys; only those still in force are kept. */
	private Set<String> reported = Set.of();

	/**
	 * @param parser parses one configuration
	 * @param defaultEnabled whether the default machine runs while there is no HBA configuration
	 */
	MachinePlanner(MachineConfig parser, boolean defaultEnabled) {
		this.parser = parser;
		this.defaultEnabled = defaultEnabled;
	}

	/**
	 * @param hbaConfigs the {@code org.hbakit.hba.sim.hba} configurations now
	 * @param lunConfigs the {@code org.hbakit.hba.sim.lun} configurations now
	 * @param runningHbas the HBAs running
	 * @param runningLuns the LUNs running (of all HBAs)
	 */
	Plan plan(List<Snapshot> hbaConfigs, List<Snapshot> lunConfigs, Collection<HbaSpec> runningHbas,
			Collection<LunSpec> runningLuns) {
		List<Refusal> refused = new ArrayList<>();
		Map<String, String> contents = new HashMap<>();
		hbaConfigs.forEach(s -> contents.put(s.pid(), content(s.properties())));
		lunConfigs.forEach(s -> contents.put(s.pid(), content(s.properties())));

		List<HbaSpec> defaultHbas = new ArrayList<>();
		List<LunSpec> defaultLuns = new ArrayList<>();
		Map<String, HbaSpec> hbas = new HashMap<>();
		// the default machine runs while no HBA configuration asks to replace it
		if (defaultEnabled && hbaConfigs.stream().allMatch(MachinePlanner::keepsDefault)) {
			MachineConfig.Machine defaults = MachineConfig.defaultMachine();
			defaultHbas.addAll(defaults.hbas());
			defaultLuns.addAll(defaults.luns());
		}
		for (Snapshot s : hbaConfigs) {
			HbaSpec h = parse(s, parser::parseHba, lastGoodHba, refused);
			if (h != null) {
				hbas.put(s.pid(), h);
			}
		}
		lastGoodHba.keySet().retainAll(hbas.keySet());
		Map<String, LunSpec> luns = new HashMap<>();
		for (Snapshot s : lunConfigs) {
			LunSpec l = parse(s, parser::parseLun, lastGoodLun, refused);
			if (l != null) {
				luns.put(s.pid(), l);
			}
		}
		Set<String> lunPids = new HashSet<>();
		lunConfigs.forEach(s -> lunPids.add(s.pid()));
		lastGoodLun.keySet().retainAll(lunPids);

		Map<String, HbaSpec> hbasRunning = byPid(runningHbas, HbaSpec::pid);
		Map<String, LunSpec> lunsRunning = byPid(runningLuns, LunSpec::pid);
		List<ConfigException> conflicts = new ArrayList<>();
		MachineConfig.Machine desired = combine(defaultHbas, hbas, hbasRunning, defaultLuns, luns, lunsRunning,
				conflicts);
		// a running device whose configuration changed into a conflict keeps its running version, as one that
		// stopped parsing keeps its last valid version: check again with those
		boolean kept = false;
		for (ConfigException e : conflicts) {
			refused.add(new Refusal(e.pid(), e.getMessage()));
			kept |= keepRunning(e.pid(), hbas, hbasRunning) | keepRunning(e.pid(), luns, lunsRunning);
		}
		if (kept) {
			List<ConfigException> again = new ArrayList<>();
			desired = combine(defaultHbas, hbas, hbasRunning, defaultLuns, luns, lunsRunning, again);
			again.forEach(e -> refused.add(new Refusal(e.pid(), e.getMessage())));
		}
		return new Plan(desired, report(refused, contents));
	}

	private record Refusal(String pid, String message) {
	}

	/** Whether an HBA configuration asks to be added beside the default machine ({@code default.machine = keep}). */
	private static boolean keepsDefault(Snapshot s) {
		return s.properties() != null
				&& MachineConfig.KEEP_DEFAULT.equals(s.properties().get(MachineConfig.DEFAULT_MACHINE));
	}

	/** Replaces the specification of {@code pid} by its running version if it runs with another; true if so. */
	private static <T> boolean keepRunning(String pid, Map<String, T> specs, Map<String, T> running) {
		T r = running.get(pid);
		if (r == null || r.equals(specs.get(pid))) {
			return false;
		}
		specs.put(pid, r);
		return true;
	}

	/**
	 * Checks the specifications in the order that keeps running devices in place: the default machine's, then those
	 * running as they are configured (an HBA with the same name and location, a LUN at the same address), then the
	 * rest by PID.
	 */
	private static MachineConfig.Machine combine(List<HbaSpec> defaultHbas, Map<String, HbaSpec> hbas,
			Map<String, HbaSpec> hbasRunning, List<LunSpec> defaultLuns, Map<String, LunSpec> luns,
			Map<String, LunSpec> lunsRunning, List<ConfigException> conflicts) {
		List<HbaSpec> h = new ArrayList<>(defaultHbas);
		h.addAll(inPlaceFirst(hbas, hbasRunning,
				(a, b) -> a.name().equals(b.name()) && a.location().equals(b.location())));
		List<LunSpec> l = new ArrayList<>(defaultLuns);
		l.addAll(inPlaceFirst(luns, lunsRunning, (a, b) -> a.address().equals(b.address())));
		return MachineConfig.combine(h, l, conflicts);
	}

	private static <T> List<T> inPlaceFirst(Map<String, T> specs, Map<String, T> running,
			java.util.function.BiPredicate<T, T> samePlace) {
		List<T> first = new ArrayList<>();
		List<T> rest = new ArrayList<>();
		specs.keySet().stream().sorted(Comparator.naturalOrder()).forEach(pid -> {
			T spec = specs.get(pid);
			T r = running.get(pid);
			(r != null && samePlace.test(spec, r) ? first : rest).add(spec);
		});
		first.addAll(rest);
		return first;
	}

	private static <T> Map<String, T> byPid(Collection<T> specs, java.util.function.Function<T, String> pid) {
		Map<String, T> m = new HashMap<>();
		specs.forEach(s -> m.put(pid.apply(s), s));
		return m;
	}

	/** Parses one configuration; keeps its last valid version in force (null if none) when it is refused. */
	private static <T> T parse(Snapshot s, SpecParser<T> parse, Map<String, T> lastGood, List<Refusal> refused) {
		if (s.properties() == null) {
			return null;
		}
		try {
			T spec = parse.parse(s.pid(), s.properties());
			lastGood.put(s.pid(), spec);
			return spec;
		} catch (ConfigException e) {
			refused.add(new Refusal(s.pid(), e.getMessage()));
			return lastGood.get(s.pid());
		}
	}

	@FunctionalInterface
	private interface SpecParser<T> {
		T parse(String pid, Map<String, ?> properties) throws ConfigException;
	}

	/** A configuration's values as one comparable string: keys sorted, arrays (primitive ones too) by element. */
	static String content(Map<String, ?> properties) {
		if (properties == null) {
			return "";
		}
		StringBuilder out = new StringBuilder();
		new TreeMap<String, Object>(properties).forEach((k, v) -> out.append(k).append('=')
				.append(Arrays.deepToString(new Object[] { v })).append('\n'));
		return out.toString();
	}

	/** The refusals not reported before; forgets those no longer in force, so they are reported if they return. */
	private List<String> report(List<Refusal> refused, Map<String, String> contents) {
		Set<String> now = new LinkedHashSet<>();
		List<String> fresh = new ArrayList<>();
		for (Refusal r : refused) {
			String key = r.pid() + '\n' + contents.getOrDefault(r.pid(), "") + '\n' + r.message();
			if (now.add(key) && !reported.contains(key)) {
				fresh.add(r.message());
			}
		}
		reported = now;
		return fresh;
	}
}
