package org.hbakit.bridge.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hbakit.controller.api.pci.PCIConfigSpace;
import org.hbakit.controller.api.personality.IOKitPersonalityKeys;

/** Personalities and devices for the matching tests. */
final class Fixtures {
	/** The simulated HBA's identity (docs/simulated-hba.md). */
	static final int SIM_VENDOR_DEVICE = 0x5CD1_1B4B;
	static final int SIM_SUBSYSTEM = 0x0001_1B4B;
	static final int SIM_CLASS_REVISION = 0x0100_0001;

	private Fixtures() {
	}

	static BundleIdentity bundle(long id) {
		return new BundleIdentity("org.example.controller" + id, "1.0.0", id);
	}

	/**
	 * A valid SCSI HBA personality of bundle {@code bundleId} with the required keys filled in, overridden or
	 * extended by {@code keyValues} (a null value removes the key).
	 */
	static Personality personality(long bundleId, String name, Object... keyValues) {
		List<PersonalityProblem> problems = new ArrayList<>();
		Personality p = new PersonalityParser().parsePersonality(bundle(bundleId), name, dictionary(keyValues),
				"org.example.controller" + bundleId, problems);
		assertThat(problems).isEmpty();
		return p;
	}

	static Map<String, Object> dictionary(Object... keyValues) {
		Map<String, Object> d = new LinkedHashMap<>();
		d.put(IOKitPersonalityKeys.IO_CLASS, IOKitPersonalityKeys.IO_USER_SCSI_PARALLEL_INTERFACE_CONTROLLER);
		d.put(IOKitPersonalityKeys.IO_USER_CLASS, "ExampleController");
		d.put(IOKitPersonalityKeys.IO_PROVIDER_CLASS, IOKitPersonalityKeys.IO_PCI_DEVICE);
		d.put(IOKitPersonalityKeys.CF_BUNDLE_IDENTIFIER_KERNEL, IOKitPersonalityKeys.IO_SCSI_PARALLEL_FAMILY);
		for (int i = 0; i < keyValues.length; i += 2) {
			if (keyValues[i + 1] == null) {
				d.remove((String) keyValues[i]);
			} else {
				d.put((String) keyValues[i], keyValues[i + 1]);
			}
		}
		return d;
	}

	/** A PCI device with the simulated HBA's identity unless changed. */
	static FakeDevice simulatedHba() {
		return new FakeDevice("pci0000:00:04.0", "IOPCIDevice").config(PCIConfigSpace.VENDOR_DEVICE_ID, SIM_VENDOR_DEVICE)
				.config(PCIConfigSpace.SUBSYSTEM_VENDOR_DEVICE_ID, SIM_SUBSYSTEM)
				.config(PCIConfigSpace.CLASS_CODE_REVISION, SIM_CLASS_REVISION);
	}

	/** A mutable {@link DeviceView}. */
	static final class FakeDevice implements DeviceView {
		final String location;
		final String providerClass;
		String name = "pci1b4b,5cd1";
		final List<String> compatible = new ArrayList<>();
		final Map<String, Object> properties = new HashMap<>();
		final Map<Integer, Integer> config = new HashMap<>();

		FakeDevice(String location, String providerClass) {
			this.location = location;
			this.providerClass = providerClass;
		}

		FakeDevice config(int offset, int value) {
			config.put(offset, value);
			return this;
		}

		FakeDevice property(String key, Object value) {
			properties.put(key, value);
			return this;
		}

		@Override
		public String location() {
			return location;
		}

		@Override
		public String name() {
			return name;
		}

		@Override
		public List<String> compatibleNames() {
			return compatible;
		}

		@Override
		public Map<String, Object> properties() {
			return properties;
		}

		@Override
		public int configRead32(int offset) {
			return config.getOrDefault(offset, 0xffffffff);
		}

		@Override
		public String providerClass() {
			return providerClass;
		}
	}
}
