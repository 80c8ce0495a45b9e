package org.hbakit.bridge.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.personality.IOKitPersonalityKeys;
import org.hbakit.controller.api.registry.BindingInfo;
import org.hbakit.controller.api.registry.DeviceInfo;
import org.hbakit.controller.api.registry.MatchInfo;
import org.hbakit.controller.api.registry.PersonalityInfo;

/**
 * The row mappers of the {@code hba:} listing commands: registry records and logical unit service properties to
 * {@link TableFormatter tables}. Pure functions of their inputs, in the inputs' order unless stated. The columns
 * are a stable interface for scripts: add new ones at the end only.
 */
public final class RegistryTables {
	/** Columns of {@code hba:personalities}. */
	public static final String[] PERSONALITY_COLUMNS = { "BUNDLE", "VERSION", "BID", "PERSONALITY", "IOUSERCLASS",
			"PROVIDER", "SCORE", "CATEGORY", "MATCH" };
	/** Columns of {@code hba:devices}. */
	public static final String[] DEVICE_COLUMNS = { "LOCATION", "NAME", "VENDOR", "DEVICE", "SUBVENDOR",
			"SUBSYSTEM", "CLASS", "REV", "STATE", "DRIVER", "VERSION", "REASON" };
	/** Columns of {@code hba:matches}. */
	public static final String[] MATCH_COLUMNS = { "LOCATION", "BUNDLE", "PERSONALITY", "CATEGORY", "PASSIVE",
			"SCORE", "OUTCOME", "REASON" };
	/** Columns of {@code hba:controllers}. */
	public static final String[] CONTROLLER_COLUMNS = { "LOCATION", "HBA", "BUNDLE", "VERSION", "PERSONALITY",
			"IOUSERCLASS", "PATH", "MAXTASKS", "TARGETS", "LUNS", "COMPLETED", "VIOLATIONS", "TIMEOUTS" };
	/** Columns of {@code hba:luns}. */
	public static final String[] LUN_COLUMNS = { "UNIT", "HBA", "LOCATION", "TARGET", "LUN", "TYPE", "VENDOR",
			"PRODUCT", "REVISION", "BLOCKS", "BLOCKSIZE", "CAPACITY" };

	/** The personality keys summarised in the {@code MATCH} column, in this order. */
	static final List<String> MATCH_KEYS = List.of(IOKitPersonalityKeys.IO_PCI_MATCH,
			IOKitPersonalityKeys.IO_PCI_PRIMARY_MATCH, IOKitPersonalityKeys.IO_PCI_SECONDARY_MATCH,
			IOKitPersonalityKeys.IO_PCI_CLASS_MATCH, IOKitPersonalityKeys.IO_NAME_MATCH,
			IOKitPersonalityKeys.IO_RESOURCE_MATCH, IOKitPersonalityKeys.IO_PROPERTY_MATCH);

	private RegistryTables() {
	}

	/**
	 * One line per personality. {@code MATCH} lists the matching keys present as {@code key=value} joined by
	 * {@code ;}, list values joined by {@code ,} (e.g. {@code IOPCIPrimaryMatch=0x5CD11B4B;IOPCIClassMatch=0x01000000});
	 * {@code -} when the personality has none.
	 */
	public static TableFormatter personalities(List<PersonalityInfo> personalities) {
		TableFormatter t = new TableFormatter(PERSONALITY_COLUMNS);
		for (PersonalityInfo p : personalities) {
			t.row(p.bundleSymbolicName(), p.bundleVersion(), p.bundleId(), p.name(), p.ioUserClass(),
					p.providerClass(), p.probeScore(), p.matchCategory(), matchSummary(p.properties()));
		}
		return t;
	}

	static String matchSummary(Map<String, Object> properties) {
		StringJoiner j = new StringJoiner(";");
		for (String key : MATCH_KEYS) {
			Object v = properties.get(key);
			if (v != null) {
				// a PCI key's values are a space-separated list: show them as one
				j.add(key + "=" + (key.startsWith("IOPCI") && v instanceof String text
						? String.join(",", text.strip().split("\\s+"))
						: compact(v)));
			}
		}
		return j.toString();
	}

	private static String compact(Object v) {
		if (v instanceof List<?> list) {
			StringJoiner j = new StringJoiner(",");
			list.forEach(e -> j.add(compact(e)));
			return j.toString();
		}
		if (v instanceof Map<?, ?> map) {
			StringJoiner j = new StringJoiner(",");
			map.forEach((k, e) -> j.add(k + ":" + compact(e)));
			return j.toString();
		}
		return String.valueOf(v);
	}

	/** One line per device; the PCI ids in hex, as the registers hold them. */
	public static TableFormatter devices(List<DeviceInfo> devices) {
		TableFormatter t = new TableFormatter(DEVICE_COLUMNS).lastColumnFreeText();
		for (DeviceInfo d : devices) {
			t.row(d.location(), d.name(), hex16(d.vendorDevice()), hex16(d.vendorDevice() >>> 16),
					hex16(d.subsystem()), hex16(d.subsystem() >>> 16),
					String.format(Locale.ROOT, "0x%06x", d.classRevision() >>> 8),
					String.format(Locale.ROOT, "0x%02x", d.classRevision() & 0xff), d.state().name(), d.driver(),
					d.driverVersion(), d.reason());
		}
		return t;
	}

	private static String hex16(int value) {
		return String.format(Locale.ROOT, "0x%04x", value & 0xffff);
	}

	/**
	 * One line per considered personality, optionally only those of one device.
	 *
	 * @param device  a location or an HBA name (looked up in {@code devices}), or null for every device
	 */
	public static TableFormatter matches(List<MatchInfo> matches, List<DeviceInfo> devices, String device) {
		String location = device == null ? null : resolveLocation(devices, device);
		TableFormatter t = new TableFormatter(MATCH_COLUMNS).lastColumnFreeText();
		for (MatchInfo m : matches) {
			if (location == null || location.equals(m.location())) {
				t.row(m.location(), m.bundleSymbolicName(), m.personality(), m.matchCategory(),
						m.passive() ? "yes" : "no", m.score(), m.outcome(), m.reason());
			}
		}
		return t;
	}

	/**
	 * The location of the device named {@code device} (its location or HBA name).
	 *
	 * @throws IllegalArgumentException if no device has it
	 */
	public static String resolveLocation(List<DeviceInfo> devices, String device) {
		for (DeviceInfo d : devices) {
			if (device.equals(d.location()) || device.equals(d.name())) {
				return d.location();
			}
		}
		throw new IllegalArgumentException("no device has location or name " + device);
	}

	/** One line per running binding. */
	public static TableFormatter controllers(List<BindingInfo> bindings) {
		TableFormatter t = new TableFormatter(CONTROLLER_COLUMNS);
		for (BindingInfo b : bindings) {
			t.row(b.location(), b.hbaName(), b.bundleSymbolicName(), b.bundleVersion(), b.personality(),
					b.ioUserClass(), b.path(), b.maxTaskCount(), b.targets(), b.logicalUnits(), b.tasksCompleted(),
					b.violations(), b.timeouts());
		}
		return t;
	}

	/**
	 * One line per logical unit service, given its service properties ({@link SCSILogicalUnit}'s constants),
	 * sorted by HBA name, then target and LUN numerically; a missing property renders as {@code -}.
	 */
	public static TableFormatter luns(List<Map<String, Object>> units) {
		List<Map<String, Object>> sorted = new ArrayList<>(units);
		sorted.sort(Comparator.<Map<String, Object>, String>comparing(u -> String.valueOf(u.get(SCSILogicalUnit.HBA_NAME)))
				.thenComparingLong(u -> number(u.get(SCSILogicalUnit.TARGET_ID)))
				.thenComparingLong(u -> number(u.get(SCSILogicalUnit.LUN))));
		TableFormatter t = new TableFormatter(LUN_COLUMNS);
		for (Map<String, Object> u : sorted) {
			t.row(u.get(SCSILogicalUnit.UNIT_NAME), u.get(SCSILogicalUnit.HBA_NAME), u.get(SCSILogicalUnit.HBA_LOCATION),
					u.get(SCSILogicalUnit.TARGET_ID), u.get(SCSILogicalUnit.LUN), u.get(SCSILogicalUnit.DEVICE_TYPE),
					u.get(SCSILogicalUnit.VENDOR), u.get(SCSILogicalUnit.PRODUCT), u.get(SCSILogicalUnit.REVISION),
					u.get(SCSILogicalUnit.BLOCK_COUNT), u.get(SCSILogicalUnit.BLOCK_SIZE),
					u.get(SCSILogicalUnit.CAPACITY));
		}
		return t;
	}

	private static long number(Object value) {
		return value instanceof Number n ? n.longValue() : Long.MAX_VALUE;
	}
}
