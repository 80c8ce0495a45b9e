package org.hbakit.bridge.matching;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.hbakit.controller.api.pci.IOPCIDevice;

/**
 * What matching reads of a provider: its class, name and compatible names ({@code IONameMatch}), registry
 * properties ({@code IOPropertyMatch}) and, for {@code IOPCIDevice} providers, its config space (the PCI keys).
 * The matching round calls it on the coordinator's thread; implementations must be safe to read from it.
 */
public interface DeviceView {
	/** Registry property holding the provider's compatible names (String, String[] or a collection of String). */
	String COMPATIBLE = "compatible";
	/** Registry property holding the provider's device type, also compared by {@code IONameMatch}. */
	String DEVICE_TYPE = "device_type";

	/** The provider's unique location (for PCI devices, {@link IOPCIDevice#location()}). */
	String location();

	/** The provider's IOKit name. */
	String name();

	/** The other names {@code IONameMatch} accepts: the {@code compatible} and {@code device_type} values. */
	List<String> compatibleNames();

	/** The registry properties {@code IOPropertyMatch} compares (immutable). */
	Map<String, Object> properties();

	/** Reads 32 bits of config space at a 4-byte aligned offset (only called for {@code IOPCIDevice} providers). */
	int configRead32(int offset);

	/** The provider's class: {@code IOPCIDevice} or {@code IOResources}. */
	String providerClass();

	/** The view of a PCI device: its name, properties and config space as the device reports them. */
	static DeviceView of(IOPCIDevice device) {
		Map<String, Object> properties = Map.copyOf(device.properties());
		List<String> compatible = new ArrayList<>();
		addNames(compatible, properties.get(COMPATIBLE));
		addNames(compatible, properties.get(DEVICE_TYPE));
		List<String> compatibleNames = List.copyOf(compatible);
		return new DeviceView() {
			@Override
			public String location() {
				return device.location();
			}

			@Override
			public String name() {
				return device.name();
			}

			@Override
			public List<String> compatibleNames() {
				return compatibleNames;
			}

			@Override
			public Map<String, Object> properties() {
				return properties;
			}

			@Override
			public int configRead32(int offset) {
				return device.configRead32(offset);
			}

			@Override
			public String providerClass() {
				return IOPCIDevice.PROVIDER_CLASS;
			}

			@Override
			public String toString() {
				return device.location();
			}
		};
	}

	private static void addNames(List<String> names, Object value) {
		if (value instanceof String s) {
			names.add(s);
		} else if (value instanceof Collection<?> c) {
			c.forEach(v -> addNames(names, v));
		} else if (value != null && value.getClass().isArray()) {
			for (int i = 0, n = Array.getLength(value); i < n; i++) {
				addNames(names, Array.get(value, i));
			}
		}
	}
}
