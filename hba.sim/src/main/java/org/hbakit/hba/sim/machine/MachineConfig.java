package org.hbakit.hba.sim.machine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.hbakit.hba.sim.pci.PciIdentity;

/**
 * Parsing and validation of the machine's configuration, in pure Java: one {@code org.hbakit.hba.sim.hba}
 * factory configuration per HBA and one {@code org.hbakit.hba.sim.lun} factory configuration per LUN (property
 * names below; {@code docs/simulated-machine.md} has the tables), and the default machine used while there is no
 * HBA configuration. Every refusal is a {@link ConfigException} naming PID, property and reason.
 */
public final class MachineConfig {
	/** Factory PID of an HBA configuration. */
	public static final String HBA_FACTORY_PID = "org.hbakit.hba.sim.hba";
	/** Factory PID of a LUN configuration. */
	public static final String LUN_FACTORY_PID = "org.hbakit.hba.sim.lun";
	/** Framework or system property: {@code false} disables the default machine. */
	public static final String DEFAULT_MACHINE_PROPERTY = "org.hbakit.hba.sim.default";
	/** Framework or system property: directory that relative backing file paths are resolved against. */
	public static final String DATA_DIRECTORY_PROPERTY = "hbakit.data";

	/** HBA properties. */
	public static final String NAME = "name", LOCATION = "location", VENDOR_ID = "vendor.id", DEVICE_ID = "device.id",
			SUBSYSTEM_VENDOR_ID = "subsystem.vendor.id", SUBSYSTEM_ID = "subsystem.id", CLASS_CODE = "class.code",
			REVISION_ID = "revision.id", MAX_QUEUE_ENTRIES = "max.queue.entries",
			INTERRUPT_VECTORS = "interrupt.vectors", TARGETS = "targets", INITIATOR_ID = "initiator.id",
			FAULTS = "faults", DEFAULT_MACHINE = "default.machine";
	/** Values of {@link #DEFAULT_MACHINE}: the HBA replaces the default machine (the default), or is added beside it. */
	public static final String REPLACE_DEFAULT = "replace", KEEP_DEFAULT = "keep";
	/** LUN properties. */
	public static final String HBA = "hba", TARGET = "target", LUN = "lun", SIZE = "size", BLOCK_SIZE = "block.size",
			BACKING = "backing", FILE = "file", VENDOR = "vendor", PRODUCT = "product", SERIAL = "serial";

	/** Defaults. */
	public static final int DEFAULT_MAX_QUEUE_ENTRIES = 1024, DEFAULT_INTERRUPT_VECTORS = 1, DEFAULT_TARGETS = 8,
			DEFAULT_INITIATOR_ID = 7, DEFAULT_BLOCK_SIZE = 512;

	private static final Pattern LOCATION_PATTERN = Pattern
			.compile("pci[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]");

	/** Checks fault injection keys and values; throws {@link IllegalArgumentException} with the reason. */
	@FunctionalInterface
	public interface FaultValidator {
		void validate(Map<String, String> faults);
	}

	private final FaultValidator faultValidator;
	private final Path dataDirectory;

	/**
	 * @param faultValidator checks fault keys (FaultPlan's)
	 * @param dataDirectory where relative backing files live
	 */
	public MachineConfig(FaultValidator faultValidator, Path dataDirectory) {
		this.faultValidator = faultValidator;
		this.dataDirectory = dataDirectory;
	}

	/** The whole machine: HBAs and LUNs, consistent with each other. */
	public record Machine(List<HbaSpec> hbas, List<LunSpec> luns) {
		/** Copies. */
		public Machine {
			hbas = List.copyOf(hbas);
			luns = List.copyOf(luns);
		}
	}

	/**
	 * The default machine: {@code hba0} at {@code pci0000:00:04.0} and {@code hba1} at {@code pci0000:00:05.0}, each
	 * with targets 0 and 1, each target with LUNs 0 and 1 of 1 GiB in sparse memory with 512-byte blocks.
	 */
	/**
	 * INQUIRY product identification of null-backed LUNs unless configured otherwise: how they identify themselves
	 * to clients (the bridge publishes {@code scsi.null=true} for it, and {@code hba:bench --null} selects them).
	 */
	public static final String NULL_PRODUCT = "NULLDISK";

	/**
	 * The machine used while there is no HBA configuration: {@code hba0} and {@code hba1} with targets 0 and 1, each
	 * with LUNs 0 and 1 of 1 GiB in sparse memory; and {@code hba2} with target 0, LUNs 0 and 1 of 1 TiB that move no
	 * data (null backing), for measuring dispatch alone.
	 */
	public static Machine defaultMachine() {
		List<HbaSpec> hbas = new ArrayList<>();
		List<LunSpec> luns = new ArrayList<>();
		for (int h = 0; h < 2; h++) {
			String name = "hba" + h;
			hbas.add(new HbaSpec("default", name, "pci0000:00:0" + (4 + h) + ".0", PciIdentity.DEFAULT,
					DEFAULT_MAX_QUEUE_ENTRIES, DEFAULT_INTERRUPT_VECTORS, DEFAULT_TARGETS, DEFAULT_INITIATOR_ID,
					Map.of()));
			for (int t = 0; t < 2; t++) {
				for (int l = 0; l < 2; l++) {
					luns.add(new LunSpec("default", name, t, l, 1L << 30, DEFAULT_BLOCK_SIZE, LunSpec.Backing.MEMORY,
							null, "HBAKIT", "SIMDISK", String.format("SIM%d%d%d", h, t, l), Map.of()));
				}
			}
		}
		hbas.add(new HbaSpec("default", "hba2", "pci0000:00:06.0", PciIdentity.DEFAULT, DEFAULT_MAX_QUEUE_ENTRIES,
				DEFAULT_INTERRUPT_VECTORS, DEFAULT_TARGETS, DEFAULT_INITIATOR_ID, Map.of()));
		for (int l = 0; l < 2; l++) {
			luns.add(new LunSpec("default", "hba2", 0, l, 1L << 40, DEFAULT_BLOCK_SIZE, LunSpec.Backing.NULL, null,
					"HBAKIT", NULL_PRODUCT, "NULL20" + l, Map.of()));
		}
		return new Machine(hbas, luns);
	}

	// ---- one configuration -------------------------------------------------------------------------------------

	/** Parses one HBA configuration. */
	public HbaSpec parseHba(String pid, Map<String, ?> p) throws ConfigException {
		String name = requiredString(pid, p, NAME);
		if (!name.matches("[A-Za-z][A-Za-z0-9_-]{0,31}")) {
			throw new ConfigException(pid, NAME, "'" + name + "' is not a name (a letter, then letters, digits, _ or -)");
		}
		String location = requiredString(pid, p, LOCATION).toLowerCase(Locale.ROOT);
		if (!LOCATION_PATTERN.matcher(location).matches()) {
			throw new ConfigException(pid, LOCATION, "'" + location + "' is not a PCI location like pci0000:00:04.0");
		}
		PciIdentity d = PciIdentity.DEFAULT;
		int vendor = integer(pid, p, VENDOR_ID, d.vendorId(), 0, 0xFFFF);
		int device = integer(pid, p, DEVICE_ID, d.deviceId(), 0, 0xFFFF);
		int subVendor = integer(pid, p, SUBSYSTEM_VENDOR_ID, d.subsystemVendorId(), 0, 0xFFFF);
		int sub = integer(pid, p, SUBSYSTEM_ID, d.subsystemId(), 0, 0xFFFF);
		int classCode = integer(pid, p, CLASS_CODE, d.classCode(), 0, 0xFF_FFFF);
		int revision = integer(pid, p, REVISION_ID, d.revisionId(), 0, 0xFF);
		int queue = integer(pid, p, MAX_QUEUE_ENTRIES, DEFAULT_MAX_QUEUE_ENTRIES, 2, 65536);
		int vectors = integer(pid, p, INTERRUPT_VECTORS, DEFAULT_INTERRUPT_VECTORS, 1, 32);
		int targets = integer(pid, p, TARGETS, DEFAULT_TARGETS, 1, 65536);
		int initiator = integer(pid, p, INITIATOR_ID, DEFAULT_INITIATOR_ID, 0, 65535);
		Map<String, String> faults = faults(pid, p);
		Object defaultMachine = p.get(DEFAULT_MACHINE);
		if (defaultMachine != null && !REPLACE_DEFAULT.equals(defaultMachine) && !KEEP_DEFAULT.equals(defaultMachine)) {
			throw new ConfigException(pid, DEFAULT_MACHINE, "'" + defaultMachine + "' is neither " + REPLACE_DEFAULT
					+ " nor " + KEEP_DEFAULT);
		}
		return new HbaSpec(pid, name, location, new PciIdentity(vendor, device, subVendor, sub, classCode, revision),
				queue, vectors, targets, initiator, faults);
	}

	/** Parses one LUN configuration. */
	public LunSpec parseLun(String pid, Map<String, ?> p) throws ConfigException {
		String hba = requiredString(pid, p, HBA);
		int target = integer(pid, p, TARGET, Integer.MIN_VALUE, 0, 65535);
		if (target == Integer.MIN_VALUE) {
			throw new ConfigException(pid, TARGET, "missing");
		}
		int lun = integer(pid, p, LUN, 0, 0, 0x3FFF);
		int blockSize = integer(pid, p, BLOCK_SIZE, DEFAULT_BLOCK_SIZE, 512, 65536);
		if (Integer.bitCount(blockSize) != 1) {
			throw new ConfigException(pid, BLOCK_SIZE, blockSize + " is not a power of two");
		}
		Object sizeValue = p.get(SIZE);
		if (sizeValue == null) {
			throw new ConfigException(pid, SIZE, "missing");
		}
		long size;
		try {
			size = parseSize(sizeValue);
		} catch (IllegalArgumentException e) {
			throw new ConfigException(pid, SIZE, e.getMessage());
		}
		if (size <= 0) {
			throw new ConfigException(pid, SIZE, "must be positive: " + sizeValue);
		}
		if (size % blockSize != 0) {
			throw new ConfigException(pid, SIZE, size + " bytes is not a multiple of the block size " + blockSize);
		}
		String backingName = string(p, BACKING, "memory");
		LunSpec.Backing backing;
		try {
			backing = LunSpec.Backing.valueOf(backingName.toUpperCase(Locale.ROOT));
		} catch (IllegalArgumentException e) {
			throw new ConfigException(pid, BACKING, "'" + backingName + "' is not one of memory, file, null");
		}
		Path file = null;
		String fileName = string(p, FILE, null);
		if (backing == LunSpec.Backing.FILE) {
			if (fileName == null || fileName.isBlank()) {
				throw new ConfigException(pid, FILE, "missing (backing is file)");
			}
			Path f = Path.of(fileName);
			file = (f.isAbsolute() ? f : dataDirectory.resolve(f)).toAbsolutePath().normalize();
		} else if (fileName != null) {
			throw new ConfigException(pid, FILE, "only with backing=file (backing is " + backingName + ")");
		}
		String vendor = string(p, VENDOR, "HBAKIT");
		String product = string(p, PRODUCT, backing == LunSpec.Backing.NULL ? NULL_PRODUCT : "SIMDISK");
		String serial = string(p, SERIAL, hba.toUpperCase(Locale.ROOT) + "T" + target + "L" + lun);
		checkAscii(pid, VENDOR, vendor, 8);
		checkAscii(pid, PRODUCT, product, 16);
		checkAscii(pid, SERIAL, serial, 32);
		return new LunSpec(pid, hba, target, lun, size, blockSize, backing, file, vendor, product, serial,
				faults(pid, p));
	}

	/**
	 * Checks a set of parsed configurations against each other, keeping the valid ones: an HBA whose name or
	 * location an earlier one in {@code hbas} has (callers list running HBAs first, so a new configuration never
	 * displaces a running device), a LUN for an unknown HBA, at a target id the HBA does not have or
	 * its initiator id, or at an address another LUN has, is refused.
	 *
	 * @param refused receives every refusal
	 */
	public static Machine combine(Collection<HbaSpec> hbas, Collection<LunSpec> luns, List<ConfigException> refused) {
		Map<String, HbaSpec> byName = new LinkedHashMap<>();
		Set<String> locations = new HashSet<>();
		for (HbaSpec h : hbas) {
			if (byName.containsKey(h.name())) {
				refused.add(new ConfigException(h.pid(), NAME, "HBA name '" + h.name() + "' is already used by "
						+ byName.get(h.name()).pid()));
			} else if (!locations.add(h.location())) {
				refused.add(new ConfigException(h.pid(), LOCATION, "location " + h.location() + " is already used"));
			} else {
				byName.put(h.name(), h);
			}
		}
		Map<String, LunSpec> byAddress = new HashMap<>();
		List<LunSpec> kept = new ArrayList<>();
		for (LunSpec l : luns) {
			HbaSpec h = byName.get(l.hba());
			if (h == null) {
				refused.add(new ConfigException(l.pid(), HBA, "no HBA named '" + l.hba() + "'"));
			} else if (l.target() >= h.targets()) {
				refused.add(new ConfigException(l.pid(), TARGET, "HBA " + h.name() + " has target ids 0.."
						+ (h.targets() - 1)));
			} else if (l.target() == h.initiatorId()) {
				refused.add(new ConfigException(l.pid(), TARGET, "target id " + l.target() + " is the initiator id of "
						+ h.name()));
			} else if (byAddress.containsKey(l.address())) {
				refused.add(new ConfigException(l.pid(), LUN, "LUN " + l.address() + " is already configured by "
						+ byAddress.get(l.address()).pid()));
			} else {
				byAddress.put(l.address(), l);
				kept.add(l);
			}
		}
		return new Machine(new ArrayList<>(byName.values()), kept);
	}

	// ---- values ------------------------------------------------------------------------------------------------

	/**
	 * Parses a size: a number of bytes, or a number with a binary suffix {@code k m g t p} (case-insensitive,
	 * optionally followed by {@code b} or {@code ib}): {@code 1g} is 2^30 bytes.
	 */
	public static long parseSize(Object value) {
		if (value instanceof Number n) {
			return n.longValue();
		}
		String s = value.toString().trim().toLowerCase(Locale.ROOT);
		if (s.endsWith("ib")) {
			s = s.substring(0, s.length() - 2);
		} else if (s.endsWith("b")) {
			s = s.substring(0, s.length() - 1);
		}
		int shift = 0;
		if (!s.isEmpty()) {
			int i = "kmgtp".indexOf(s.charAt(s.length() - 1));
			if (i >= 0) {
				shift = 10 * (i + 1);
				s = s.substring(0, s.length() - 1);
			}
		}
		long n;
		try {
			n = Long.parseLong(s.trim());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("'" + value + "' is not a size (bytes, or a number with k, m, g, t, p)");
		}
		if (n < 0) {
			throw new IllegalArgumentException("must be positive: " + value);
		}
		if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
			throw new IllegalArgumentException("'" + value + "' is too large");
		}
		return n << shift;
	}

	/** Parses an integer: a Number, a decimal string, or a hex string {@code 0x1B4B}. */
	public static long parseInteger(Object value) {
		if (value instanceof Number n) {
			return n.longValue();
		}
		String s = value.toString().trim();
		try {
			if (s.startsWith("0x") || s.startsWith("0X")) {
				return Long.parseLong(s.substring(2), 16);
			}
			return Long.parseLong(s);
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("'" + value + "' is not a number (decimal, or hex like 0x1B4B)");
		}
	}

	private static int integer(String pid, Map<String, ?> p, String key, int def, int min, int max)
			throws ConfigException {
		Object v = p.get(key);
		if (v == null) {
			return def;
		}
		long n;
		try {
			n = parseInteger(v);
		} catch (IllegalArgumentException e) {
			throw new ConfigException(pid, key, e.getMessage());
		}
		if (n < min || n > max) {
			throw new ConfigException(pid, key, v + " is out of range " + min + ".." + max
					+ (max > 255 ? String.format(" (0x%X)", max) : ""));
		}
		return (int) n;
	}

	private static String requiredString(String pid, Map<String, ?> p, String key) throws ConfigException {
		String s = string(p, key, null);
		if (s == null || s.isBlank()) {
			throw new ConfigException(pid, key, "missing");
		}
		return s.trim();
	}

	private static String string(Map<String, ?> p, String key, String def) {
		Object v = p.get(key);
		return v == null ? def : v.toString();
	}

	private static void checkAscii(String pid, String key, String value, int max) throws ConfigException {
		if (value.length() > max || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
			throw new ConfigException(pid, key, "'" + value + "' must be at most " + max + " printable ASCII characters");
		}
	}

	/**
	 * Parses {@code faults}: a String {@code "key=value,key=value"} (also separated by spaces or semicolons) or a
	 * String[]/collection of {@code key=value}; then the fault validator checks keys and values.
	 */
	public Map<String, String> faults(String pid, Map<String, ?> p) throws ConfigException {
		Object v = p.get(FAULTS);
		try {
			Map<String, String> faults = parseFaults(v);
			faultValidator.validate(faults);
			return faults;
		} catch (IllegalArgumentException e) {
			throw new ConfigException(pid, FAULTS, e.getMessage());
		}
	}

	/** Parses fault settings without validating keys (see {@link #faults}). */
	public static Map<String, String> parseFaults(Object v) {
		List<String> items = new ArrayList<>();
		if (v == null) {
			return Map.of();
		} else if (v instanceof String s) {
			for (String item : s.split("[,;\\s]+")) {
				if (!item.isEmpty()) {
					items.add(item);
				}
			}
		} else if (v instanceof String[] a) {
			items.addAll(List.of(a));
		} else if (v instanceof Collection<?> c) {
			c.forEach(o -> items.add(String.valueOf(o)));
		} else {
			throw new IllegalArgumentException("must be a string of key=value items");
		}
		Map<String, String> faults = new LinkedHashMap<>();
		for (String item : items) {
			int eq = item.indexOf('=');
			if (eq <= 0) {
				throw new IllegalArgumentException("'" + item + "' is not key=value");
			}
			faults.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
		}
		return Map.copyOf(faults);
	}
}
