package org.hbakit.bridge.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hbakit.bridge.matching.Fixtures.personality;
import static org.hbakit.bridge.matching.Fixtures.simulatedHba;
import static org.hbakit.controller.api.personality.IOKitPersonalityKeys.*;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hbakit.bridge.matching.Fixtures.FakeDevice;
import org.hbakit.controller.api.pci.PCIConfigSpace;
import org.junit.jupiter.api.Test;

class PassiveMatcherTest {
	final PassiveMatcher matcher = new PassiveMatcher();
	final FakeDevice hba = simulatedHba();

	PassiveMatchResult match(Personality p) {
		return matcher.match(p, hba, Set.of("IOKit"));
	}

	@Test
	void aPersonalityWithoutMatchingKeysMatchesEveryDeviceOfItsProviderClass() {
		assertThat(match(personality(1, "any"))).isEqualTo(PassiveMatchResult.MATCHED);
	}

	@Test
	void theProviderClassMustBeTheDevicesClass() {
		Personality resources = personality(1, "virtual", IO_PROVIDER_CLASS, IO_RESOURCES);

		PassiveMatchResult r = match(resources);

		assertThat(r.matched()).isFalse();
		assertThat(r.key()).isEqualTo(IO_PROVIDER_CLASS);
		assertThat(matcher.match(personality(1, "pci"), new FakeDevice("IOResources", IO_RESOURCES), Set.of())
				.key()).isEqualTo(IO_PROVIDER_CLASS);
		assertThat(matcher.match(resources, new FakeDevice("IOResources", IO_RESOURCES), Set.of()).matched())
				.isTrue();
	}

	@Test
	void ioPCIMatchMatchesTheVendorDeviceRegister() {
		assertThat(match(personality(1, "p", IO_PCI_MATCH, "0x5cd11b4b")).matched()).isTrue();
	}

	@Test
	void ioPCIMatchMatchesTheSubsystemRegisterToo() {
		assertThat(match(personality(1, "p", IO_PCI_MATCH, "0x00011b4b")).matched()).isTrue();
	}

	@Test
	void ioPCIMatchFailsWhenNeitherRegisterMatchesAndNamesBoth() {
		PassiveMatchResult r = match(personality(1, "p", IO_PCI_MATCH, "0x12341b4b"));

		assertThat(r.matched()).isFalse();
		assertThat(r.key()).isEqualTo(IO_PCI_MATCH);
		assertThat(r.reason()).contains("0x12341b4b", "reg 0x00=0x5cd11b4b", "reg 0x2c=0x00011b4b");
	}

	@Test
	void ioPCIPrimaryMatchReadsOnlyTheVendorDeviceRegister() {
		assertThat(match(personality(1, "p", IO_PCI_PRIMARY_MATCH, "0x5cd11b4b")).matched()).isTrue();
		assertThat(match(personality(1, "p", IO_PCI_PRIMARY_MATCH, "0x00011b4b")).key())
				.isEqualTo(IO_PCI_PRIMARY_MATCH);
	}

	@Test
	void ioPCISecondaryMatchReadsOnlyTheSubsystemRegister() {
		assertThat(match(personality(1, "p", IO_PCI_SECONDARY_MATCH, "0x00011b4b")).matched()).isTrue();
		assertThat(match(personality(1, "p", IO_PCI_SECONDARY_MATCH, "0x5cd11b4b")).key())
				.isEqualTo(IO_PCI_SECONDARY_MATCH);
	}

	@Test
	void ioPCIClassMatchIgnoresTheRevisionByDefault() {
		assertThat(match(personality(1, "p", IO_PCI_CLASS_MATCH, "0x01000000")).matched()).isTrue();
		hba.config(PCIConfigSpace.CLASS_CODE_REVISION, 0x010000ff);
		assertThat(match(personality(1, "p", IO_PCI_CLASS_MATCH, "0x01000000")).matched()).isTrue();
		assertThat(match(personality(1, "p", IO_PCI_CLASS_MATCH, "0x01000000&0xffffffff")).key())
				.as("an explicit full mask compares the revision").isEqualTo(IO_PCI_CLASS_MATCH);
		assertThat(match(personality(1, "p", IO_PCI_CLASS_MATCH, "0x01060100")).key()).isEqualTo(IO_PCI_CLASS_MATCH);
	}

	@Test
	void maskedVendorMatchAcceptsAnyDeviceOfTheVendor() {
		assertThat(match(personality(1, "p", IO_PCI_PRIMARY_MATCH, "0x00001b4b&0x0000ffff")).matched()).isTrue();
		hba.config(PCIConfigSpace.VENDOR_DEVICE_ID, 0x12341b4b);
		assertThat(match(personality(1, "p", IO_PCI_PRIMARY_MATCH, "0x00001b4b&0x0000ffff")).matched()).isTrue();
		hba.config(PCIConfigSpace.VENDOR_DEVICE_ID, 0x5cd11b4c);
		assertThat(match(personality(1, "p", IO_PCI_PRIMARY_MATCH, "0x00001b4b&0x0000ffff")).matched()).isFalse();
	}

	@Test
	void valuesWithinAKeyAreOred() {
		assertThat(match(personality(1, "p", IO_PCI_PRIMARY_MATCH, "0x11111111 0x5cd11b4b 0x22222222")).matched())
				.isTrue();
	}

	@Test
	void keysAreAndedAndTheFirstFailingOneIsNamed() {
		Personality both = personality(1, "p", IO_PCI_PRIMARY_MATCH, "0x5cd11b4b", IO_PCI_CLASS_MATCH, "0x01000000");
		Personality wrongClass = personality(1, "p", IO_PCI_PRIMARY_MATCH, "0x5cd11b4b", IO_PCI_CLASS_MATCH,
				"0x02000000");
		Personality wrongSubsystem = personality(1, "p", IO_PCI_PRIMARY_MATCH, "0x5cd11b4b", IO_PCI_SECONDARY_MATCH,
				"0x00021b4b", IO_PCI_CLASS_MATCH, "0x01000000");

		assertThat(match(both).matched()).isTrue();
		assertThat(match(wrongClass).key()).isEqualTo(IO_PCI_CLASS_MATCH);
		assertThat(match(wrongSubsystem).key()).isEqualTo(IO_PCI_SECONDARY_MATCH);
	}

	@Test
	void pciKeysAreOnlyEvaluatedOnPCIDevices() {
		FakeDevice resources = new FakeDevice("IOResources", IO_RESOURCES);
		Personality p = personality(1, "p", IO_PROVIDER_CLASS, IO_RESOURCES, IO_PCI_MATCH, "0x12345678");

		assertThat(matcher.match(p, resources, Set.of()).matched()).isTrue();
	}

	@Test
	void ioPropertyMatchNeedsEveryKeyWithAnEqualValue() {
		hba.property("model", "SimHBA-1").property("ports", 8).property("flags", List.of(1L, 2L));
		Personality p = personality(1, "p", IO_PROPERTY_MATCH, Map.of("model", "SimHBA-1", "ports", 8L));

		assertThat(match(p).matched()).as("Long 8 from the plist equals Integer 8 of the device").isTrue();
		assertThat(match(personality(1, "p", IO_PROPERTY_MATCH, Map.of("flags", List.of(1, 2)))).matched()).isTrue();
		assertThat(match(personality(1, "p", IO_PROPERTY_MATCH, Map.of("model", "SimHBA-2"))).reason())
				.contains("model", "SimHBA-1", "SimHBA-2");
		assertThat(match(personality(1, "p", IO_PROPERTY_MATCH, Map.of("model", "SimHBA-1", "missing", "x"))).reason())
				.contains("no property missing");
		assertThat(match(personality(1, "p", IO_PROPERTY_MATCH, Map.of("ports", 8.5))).matched()).isFalse();
		assertThat(match(personality(1, "p", IO_PROPERTY_MATCH, Map.of("ports", "8"))).key())
				.as("a string is not a number").isEqualTo(IO_PROPERTY_MATCH);
	}

	@Test
	void ioNameMatchComparesTheNameAndTheCompatibleNames() {
		hba.compatible.add("hbakit,sim-hba");

		assertThat(match(personality(1, "p", IO_NAME_MATCH, "pci1b4b,5cd1")).matched()).isTrue();
		assertThat(match(personality(1, "p", IO_NAME_MATCH, List.of("other", "hbakit,sim-hba"))).matched()).isTrue();
		assertThat(match(personality(1, "p", IO_NAME_MATCH, List.of("other", "another"))).key())
				.isEqualTo(IO_NAME_MATCH);
	}

	@Test
	void ioResourceMatchNeedsEveryResourcePublished() {
		Personality p = personality(1, "p", IO_RESOURCE_MATCH, List.of("IOKit", "IOBSD"));

		assertThat(matcher.match(p, hba, Set.of("IOKit", "IOBSD")).matched()).isTrue();
		PassiveMatchResult r = matcher.match(p, hba, Set.of("IOKit"));
		assertThat(r.key()).isEqualTo(IO_RESOURCE_MATCH);
		assertThat(r.reason()).contains("IOBSD");
	}

	@Test
	void valuesCompareByValueAcrossJavaTypes() {
		assertThat(PassiveMatcher.equalValues(new byte[] { 1, 2 }, List.of(1L, 2L))).isTrue();
		assertThat(PassiveMatcher.equalValues(Map.of("a", 1), Map.of("a", 1L))).isTrue();
		assertThat(PassiveMatcher.equalValues(Map.of("a", 1), Map.of("a", 1L, "b", 2L))).isFalse();
		assertThat(PassiveMatcher.equalValues(true, "true")).isFalse();
	}
}
