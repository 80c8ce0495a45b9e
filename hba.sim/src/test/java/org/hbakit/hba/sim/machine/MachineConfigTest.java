package org.hbakit.hba.sim.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hbakit.hba.sim.pci.PciIdentity;
import org.junit.jupiter.api.Test;

class MachineConfigTest {
	static final Set<String> KEYS = Set.of("delay", "drop.every");
	final MachineConfig config = new MachineConfig(f -> f.keySet().forEach(k -> {
		if (!KEYS.contains(k)) {
			throw new IllegalArgumentException("unknown fault key '" + k + "'");
		}
	}), Path.of("/data"));

	static Map<String, Object> map(Object... kv) {
		Map<String, Object> m = new HashMap<>();
		for (int i = 0; i < kv.length; i += 2) {
			m.put((String) kv[i], kv[i + 1]);
		}
		return m;
	}

	@Test
	void hbaWithHexIdsAndDefaults() throws Exception {
		HbaSpec h = config.parseHba("p1", map("name", "hbaX", "location", "pci0000:00:06.0", "vendor.id", "0x1000",
				"device.id", 0x0097, "class.code", "0x010700", "faults", "delay=1ms, drop.every=100"));
		assertThat(h.identity()).isEqualTo(new PciIdentity(0x1000, 0x97, 0x1B4B, 0x0001, 0x010700, 1));
		assertThat(h.targets()).isEqualTo(8);
		assertThat(h.initiatorId()).isEqualTo(7);
		assertThat(h.maxQueueEntries()).isEqualTo(1024);
		assertThat(h.faults()).containsEntry("delay", "1ms").containsEntry("drop.every", "100");
	}

	@Test
	void badHbaPropertiesAreRefusedNamingPidPropertyAndReason() {
		assertRefused(() -> config.parseHba("p", map("name", "h", "location", "pci0000:00:06.0", "vendor.id", "0xZZ")),
				"vendor.id", "not a number");
		assertRefused(() -> config.parseHba("p", map("name", "h", "location", "pci0000:00:06.0", "device.id",
				"0x1FFFF")), "device.id", "out of range");
		assertRefused(() -> config.parseHba("p", map("name", "h", "location", "slot 6")), "location", "PCI location");
		assertRefused(() -> config.parseHba("p", map("location", "pci0000:00:06.0")), "name", "missing");
		assertRefused(() -> config.parseHba("p", map("name", "h", "location", "pci0000:00:06.0", "faults",
				"explode=1")), "faults", "unknown fault key 'explode'");
		assertRefused(() -> config.parseHba("p", map("name", "h", "location", "pci0000:00:06.0", "faults",
				"delay")), "faults", "not key=value");
	}

	@Test
	void lunSizesBackingsAndFiles() throws Exception {
		LunSpec l = config.parseLun("l1", map("hba", "hba0", "target", 1, "lun", "3", "size", "4t", "block.size",
				4096));
		assertThat(l.sizeBytes()).isEqualTo(4L << 40);
		assertThat(l.backing()).isEqualTo(LunSpec.Backing.MEMORY);
		assertThat(l.address()).isEqualTo("hba0:1:3");
		LunSpec f = config.parseLun("l2", map("hba", "hba0", "target", 0, "size", "1048576", "backing", "file", "file",
				"disks/a.img"));
		assertThat(f.file()).isEqualTo(Path.of("/data/disks/a.img"));
		assertThat(MachineConfig.parseSize("1GiB")).isEqualTo(1L << 30);
		assertThat(MachineConfig.parseSize("512k")).isEqualTo(512L << 10);
	}

	@Test
	void badLunPropertiesAreRefused() {
		assertRefused(() -> config.parseLun("p", map("hba", "hba0", "target", 0, "size", "-1")), "size", "positive");
		assertRefused(() -> config.parseLun("p", map("hba", "hba0", "target", 0, "size", "1x")), "size", "not a size");
		assertRefused(() -> config.parseLun("p", map("hba", "hba0", "target", 0, "size", "1000")), "size",
				"multiple of the block size");
		assertRefused(() -> config.parseLun("p", map("hba", "hba0", "target", 0, "size", "1m", "backing", "tape")),
				"backing", "not one of memory, file, null");
		assertRefused(() -> config.parseLun("p", map("hba", "hba0", "target", 0, "size", "1m", "backing", "file")),
				"file", "missing");
		assertRefused(() -> config.parseLun("p", map("hba", "hba0", "size", "1m")), "target", "missing");
		assertRefused(() -> config.parseLun("p", map("hba", "hba0", "target", 0, "size", "1m", "block.size", 1000)),
				"block.size", "power of two");
		assertRefused(() -> config.parseLun("p", map("hba", "hba0", "target", 0, "size", "1m", "vendor",
				"MUCH TOO LONG")), "vendor", "at most 8");
	}

	@Test
	void combineRefusesDuplicatesAndDanglingLuns() throws Exception {
		HbaSpec a = config.parseHba("a", map("name", "hba0", "location", "pci0000:00:04.0"));
		HbaSpec b = config.parseHba("b", map("name", "hba1", "location", "pci0000:00:04.0"));
		HbaSpec c = config.parseHba("c", map("name", "hba0", "location", "pci0000:00:07.0"));
		LunSpec ok = config.parseLun("l1", map("hba", "hba0", "target", 0, "size", "1m"));
		LunSpec dup = config.parseLun("l2", map("hba", "hba0", "target", 0, "size", "2m"));
		LunSpec unknown = config.parseLun("l3", map("hba", "hba9", "target", 0, "size", "1m"));
		LunSpec initiator = config.parseLun("l4", map("hba", "hba0", "target", 7, "size", "1m"));
		LunSpec outOfRange = config.parseLun("l5", map("hba", "hba0", "target", 8, "size", "1m"));
		List<ConfigException> refused = new ArrayList<>();
		MachineConfig.Machine m = MachineConfig.combine(List.of(a, b, c), List.of(ok, dup, unknown, initiator,
				outOfRange), refused);
		assertThat(m.hbas()).containsExactly(a);
		assertThat(m.luns()).containsExactly(ok);
		assertThat(refused).extracting(ConfigException::pid).containsExactlyInAnyOrder("b", "c", "l2", "l3", "l4", "l5");
		assertThat(refused).filteredOn(e -> e.pid().equals("b")).first().extracting(ConfigException::property)
				.isEqualTo("location");
		assertThat(refused).filteredOn(e -> e.pid().equals("l3")).first().extracting(ConfigException::getMessage)
				.asString().contains("no HBA named 'hba9'");
	}

	@Test
	void defaultMachineIsTwoHbasOfRamDisksAndOneOfNullDisks() {
		MachineConfig.Machine m = MachineConfig.defaultMachine();
		assertThat(m.hbas()).extracting(HbaSpec::name, HbaSpec::location).containsExactly(
				org.assertj.core.groups.Tuple.tuple("hba0", "pci0000:00:04.0"),
				org.assertj.core.groups.Tuple.tuple("hba1", "pci0000:00:05.0"),
				org.assertj.core.groups.Tuple.tuple("hba2", "pci0000:00:06.0"));
		assertThat(m.luns()).filteredOn(l -> !l.hba().equals("hba2")).hasSize(8).allMatch(l -> l.sizeBytes() == 1L << 30
				&& l.blockSize() == 512 && l.backing() == LunSpec.Backing.MEMORY && l.product().equals("SIMDISK"));
		assertThat(m.luns()).filteredOn(l -> l.hba().equals("hba2")).hasSize(2).allMatch(l -> l.sizeBytes() == 1L << 40
				&& l.backing() == LunSpec.Backing.NULL && l.product().equals(MachineConfig.NULL_PRODUCT));
		List<ConfigException> refused = new ArrayList<>();
		MachineConfig.combine(m.hbas(), m.luns(), refused);
		assertThat(refused).isEmpty();
	}

	private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String property,
			String reason) {
		assertThatThrownBy(call).isInstanceOf(ConfigException.class).hasMessageContaining("configuration p")
				.hasMessageContaining("'" + property + "'").hasMessageContaining(reason);
	}
}
