package org.hbakit.bridge.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.registry.BindingInfo;
import org.hbakit.controller.api.registry.DeviceInfo;
import org.hbakit.controller.api.registry.DeviceState;
import org.hbakit.controller.api.registry.MatchInfo;
import org.hbakit.controller.api.registry.PersonalityInfo;
import org.junit.jupiter.api.Test;

class RegistryTablesTest {
	static final DeviceInfo HBA0 = new DeviceInfo("pci0000:00:04.0", "hba0", 0x5CD11B4B, 0x00011B4B, 0x01000001,
			DeviceState.BOUND, "org.hbakit.controller.core/HBAKitSimulatedHBA", "0.1.0", "");
	static final DeviceInfo HBA1 = new DeviceInfo("pci0000:00:05.0", "hba1", 0x12341B4B, 0x00011B4B, 0x01000002,
			DeviceState.UNMATCHED, "", "", "org.hbakit.controller.core/HBAKitSimulatedHBA no-match: IOPCIPrimaryMatch: no value");

	/** The whitespace-separated fields of each line after the header (a free-text last column is one field). */
	static List<String[]> fields(TableFormatter t) {
		int n = t.header().size();
		return t.format().lines().skip(1).map(l -> l.split(" +", n)).toList();
	}

	static String header(TableFormatter t) {
		return t.format().lines().findFirst().orElseThrow();
	}

	@Test
	void personalities() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("IOPCIClassMatch", "0x01000000");
		properties.put("IOPCIMatch", "0x5CD11B4B  0x00011B4B&0x0000FFFF");
		properties.put("IONameMatch", List.of("a", "b"));
		properties.put("IOPropertyMatch", Map.of("model", "Sim HBA"));
		TableFormatter t = RegistryTables.personalities(List.of(new PersonalityInfo("org.hbakit.controller.core",
				"0.1.0", 7, "HBAKitSimulatedHBA", "HBAKitSimulatedHBAController", "IOPCIDevice", 2000,
				"IODefaultMatchCategory", properties)));

		assertThat(header(t).split(" +")).containsExactly("BUNDLE", "VERSION", "BID", "PERSONALITY", "IOUSERCLASS",
				"PROVIDER", "SCORE", "CATEGORY", "MATCH");
		assertThat(fields(t)).singleElement().satisfies(f -> assertThat(f).containsExactly(
				"org.hbakit.controller.core", "0.1.0", "7", "HBAKitSimulatedHBA", "HBAKitSimulatedHBAController",
				"IOPCIDevice", "2000", "IODefaultMatchCategory",
				"IOPCIMatch=0x5CD11B4B,0x00011B4B&0x0000FFFF;IOPCIClassMatch=0x01000000;IONameMatch=a,b;"
						+ "IOPropertyMatch=model:Sim_HBA"));
	}

	@Test
	void personalitiesWithoutMatchingKeysShowADash() {
		TableFormatter t = RegistryTables.personalities(List.of(new PersonalityInfo("b", "1", 1, "p", "C",
				"IOResources", 0, "IODefaultMatchCategory", Map.of())));

		assertThat(fields(t).get(0)[8]).isEqualTo("-");
	}

	@Test
	void devicesSplitTheRegistersIntoIds() {
		TableFormatter t = RegistryTables.devices(List.of(HBA0, HBA1));

		assertThat(header(t).split(" +")).containsExactly("LOCATION", "NAME", "VENDOR", "DEVICE", "SUBVENDOR",
				"SUBSYSTEM", "CLASS", "REV", "STATE", "DRIVER", "VERSION", "REASON");
		assertThat(fields(t).get(0)).containsExactly("pci0000:00:04.0", "hba0", "0x1b4b", "0x5cd1", "0x1b4b",
				"0x0001", "0x010000", "0x01", "BOUND", "org.hbakit.controller.core/HBAKitSimulatedHBA", "0.1.0", "-");
		// the last column is free text, read by humans
		assertThat(fields(t).get(1)[11])
				.isEqualTo("org.hbakit.controller.core/HBAKitSimulatedHBA no-match: IOPCIPrimaryMatch: no value");
	}

	@Test
	void matchesOfOneDeviceByNameOrLocation() {
		List<MatchInfo> matches = List.of(
				new MatchInfo(HBA0.location(), "core", "Exact", "IODefaultMatchCategory", true, 2000, "started",
						"highest score 2000 in category IODefaultMatchCategory"),
				new MatchInfo(HBA0.location(), "core", "Family", "IODefaultMatchCategory", true, 1000, "standby",
						"lost to core/Exact (score 2000)"),
				new MatchInfo(HBA1.location(), "core", "Exact", "IODefaultMatchCategory", false, 2000, "no-match",
						"IOPCIPrimaryMatch: '0x5cd11b4b' matches no value of reg 0x00=0x12341b4b"));

		TableFormatter all = RegistryTables.matches(matches, List.of(HBA0, HBA1), null);
		TableFormatter byName = RegistryTables.matches(matches, List.of(HBA0, HBA1), "hba1");
		TableFormatter byLocation = RegistryTables.matches(matches, List.of(HBA0, HBA1), "pci0000:00:04.0");

		assertThat(header(all).split(" +")).containsExactly("LOCATION", "BUNDLE", "PERSONALITY", "CATEGORY",
				"PASSIVE", "SCORE", "OUTCOME", "REASON");
		assertThat(fields(all)).hasSize(3).allSatisfy(f -> assertThat(f).hasSize(8));
		assertThat(fields(byName)).singleElement().satisfies(f -> assertThat(f).startsWith("pci0000:00:05.0", "core",
				"Exact", "IODefaultMatchCategory", "no", "2000", "no-match"));
		assertThat(fields(byLocation)).extracting(f -> f[6]).containsExactly("started", "standby");
		assertThatThrownBy(() -> RegistryTables.matches(matches, List.of(HBA0), "hba9"))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hba9");
	}

	@Test
	void controllers() {
		TableFormatter t = RegistryTables.controllers(List.of(new BindingInfo(HBA0.location(), "hba0",
				"org.hbakit.controller.core", "0.1.0", "HBAKitSimulatedHBA", "HBAKitSimulatedHBAController", "bundled",
				256, 8, 16, 123_456_789L, 0, 2)));

		assertThat(header(t).split(" +")).containsExactly("LOCATION", "HBA", "BUNDLE", "VERSION", "PERSONALITY",
				"IOUSERCLASS", "PATH", "MAXTASKS", "TARGETS", "LUNS", "COMPLETED", "VIOLATIONS", "TIMEOUTS");
		assertThat(fields(t).get(0)).containsExactly("pci0000:00:04.0", "hba0", "org.hbakit.controller.core", "0.1.0",
				"HBAKitSimulatedHBA", "HBAKitSimulatedHBAController", "bundled", "256", "8", "16", "123456789", "0",
				"2");
	}

	static Map<String, Object> lun(String hba, long target, long lun) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put(SCSILogicalUnit.UNIT_NAME, hba + ":" + target + ":" + lun);
		m.put(SCSILogicalUnit.HBA_NAME, hba);
		m.put(SCSILogicalUnit.HBA_LOCATION, "pci0000:00:04.0");
		m.put(SCSILogicalUnit.TARGET_ID, target);
		m.put(SCSILogicalUnit.LUN, lun);
		m.put(SCSILogicalUnit.DEVICE_TYPE, 0);
		m.put(SCSILogicalUnit.VENDOR, "HBAKit");
		m.put(SCSILogicalUnit.PRODUCT, "Sim Disk");
		m.put(SCSILogicalUnit.REVISION, "0001");
		m.put(SCSILogicalUnit.BLOCK_COUNT, 2048L);
		m.put(SCSILogicalUnit.BLOCK_SIZE, 512);
		m.put(SCSILogicalUnit.CAPACITY, 1_048_576L);
		return m;
	}

	@Test
	void lunsAreSortedNumericallyAndOneWordPerCell() {
		Map<String, Object> noRevision = lun("hba0", 2, 0);
		noRevision.remove(SCSILogicalUnit.REVISION);
		TableFormatter t = RegistryTables.luns(List.of(lun("hba1", 0, 0), lun("hba0", 10, 0), noRevision,
				lun("hba0", 2, 11), lun("hba0", 2, 1)));

		assertThat(header(t).split(" +")).containsExactly("UNIT", "HBA", "LOCATION", "TARGET", "LUN", "TYPE",
				"VENDOR", "PRODUCT", "REVISION", "BLOCKS", "BLOCKSIZE", "CAPACITY");
		assertThat(fields(t)).extracting(f -> f[0]).containsExactly("hba0:2:0", "hba0:2:1", "hba0:2:11", "hba0:10:0",
				"hba1:0:0");
		assertThat(fields(t).get(1)).containsExactly("hba0:2:1", "hba0", "pci0000:00:04.0", "2", "1", "0", "HBAKit",
				"Sim_Disk", "0001", "2048", "512", "1048576");
		assertThat(fields(t).get(0)[8]).isEqualTo("-");
	}
}
