package org.hbakit.bridge.matching;

import static org.hbakit.controller.api.personality.IOKitPersonalityKeys.*;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.hbakit.controller.api.pci.IOPCIDevice;

/**
 * IOKit's class and passive matching of one personality against one provider, in IOKit's order:
 * <ol>
 * <li>class: {@code IOProviderClass} must equal the provider's class ({@code IOPCIDevice} personalities match PCI
 * devices, {@code IOResources} personalities only the resource provider; there is no class hierarchy to walk
 * here);</li>
 * <li>{@code IOResourceMatch}: every named resource is published;</li>
 * <li>{@code IONameMatch}: one of the names equals the provider's name or one of its compatible names;</li>
 * <li>{@code IOPropertyMatch}: every key is present among the provider's properties with an equal value (numbers
 * compare by value whatever their Java type; arrays and lists compare element by element; dictionaries
 * entirely);</li>
 * <li>the family's keys, for {@code IOPCIDevice} providers only (as {@code IOPCIDevice::matchPropertyTable}):
 * {@code IOPCIMatch} (register 0x00 or 0x2C), {@code IOPCIPrimaryMatch} (0x00), {@code IOPCISecondaryMatch}
 * (0x2C), {@code IOPCIClassMatch} (0x08); each present key must match (AND), values within a key are ORed,
 * absent keys do not constrain.</li>
 * </ol>
 * The first failing key ends matching and is named in the result. Stateless and thread-safe.
 */
public final class PassiveMatcher {
	/**
	 * Matches {@code personality} against {@code device}.
	 *
	 * @param publishedResources the names of the resources currently published (for {@code IOResourceMatch})
	 */
	public PassiveMatchResult match(Personality personality, DeviceView device, Set<String> publishedResources) {
		if (!personality.ioProviderClass().equals(device.providerClass())) {
			return PassiveMatchResult.failed(IO_PROVIDER_CLASS, "personality wants " + personality.ioProviderClass()
					+ ", the provider is " + device.providerClass());
		}
		for (String resource : personality.resourceMatch()) {
			if (!publishedResources.contains(resource)) {
				return PassiveMatchResult.failed(IO_RESOURCE_MATCH, "resource " + resource + " is not published");
			}
		}
		if (!personality.nameMatch().isEmpty() && !nameMatches(personality.nameMatch(), device)) {
			return PassiveMatchResult.failed(IO_NAME_MATCH, "none of " + personality.nameMatch()
					+ " is the provider's name " + device.name() + " or one of its compatible names "
					+ device.compatibleNames());
		}
		Map<String, Object> deviceProperties = device.properties();
		for (Map.Entry<String, Object> e : personality.propertyMatch().entrySet()) {
			if (!deviceProperties.containsKey(e.getKey())) {
				return PassiveMatchResult.failed(IO_PROPERTY_MATCH, "the provider has no property " + e.getKey());
			}
			Object actual = deviceProperties.get(e.getKey());
			if (!equalValues(e.getValue(), actual)) {
				return PassiveMatchResult.failed(IO_PROPERTY_MATCH, "property " + e.getKey() + " is "
						+ render(actual) + ", wanted " + render(e.getValue()));
			}
		}
		if (IOPCIDevice.PROVIDER_CLASS.equals(device.providerClass())) {
			for (Map.Entry<PCIMatchKey, PCIMatchExpression> e : personality.pciMatches().entrySet()) {
				PCIMatchKey key = e.getKey();
				if (!key.matches(e.getValue(), device)) {
					return PassiveMatchResult.failed(key.key(), describeMiss(key, e.getValue(), device));
				}
			}
		}
		return PassiveMatchResult.MATCHED;
	}

	private static boolean nameMatches(List<String> names, DeviceView device) {
		for (String name : names) {
			if (name.equals(device.name()) || device.compatibleNames().contains(name)) {
				return true;
			}
		}
		return false;
	}

	private static String describeMiss(PCIMatchKey key, PCIMatchExpression expression, DeviceView device) {
		StringBuilder registers = new StringBuilder();
		for (int register : key.registers()) {
			if (registers.length() > 0) {
				registers.append(" or ");
			}
			registers.append(String.format(Locale.ROOT, "reg 0x%02x=0x%08x", register, device.configRead32(register)));
		}
		return "'" + expression.text() + "' matches no value of " + registers;
	}

	/**
	 * Whether a personality's value equals a provider's: numbers by value, strings and booleans by equality,
	 * lists and arrays element by element, maps key by key; anything else with {@code equals}.
	 */
	public static boolean equalValues(Object wanted, Object actual) {
		if (wanted == actual) {
			return true;
		}
		if (wanted == null || actual == null) {
			return false;
		}
		if (wanted instanceof Number a && actual instanceof Number b) {
			return compareNumbers(a, b);
		}
		List<Object> wantedList = asList(wanted);
		List<Object> actualList = asList(actual);
		if (wantedList != null && actualList != null) {
			if (wantedList.size() != actualList.size()) {
				return false;
			}
			for (int i = 0; i < wantedList.size(); i++) {
				if (!equalValues(wantedList.get(i), actualList.get(i))) {
					return false;
				}
			}
			return true;
		}
		if (wanted instanceof Map<?, ?> a && actual instanceof Map<?, ?> b) {
			if (a.size() != b.size()) {
				return false;
			}
			for (Map.Entry<?, ?> e : a.entrySet()) {
				if (!b.containsKey(e.getKey()) || !equalValues(e.getValue(), b.get(e.getKey()))) {
					return false;
				}
			}
			return true;
		}
		return wanted.equals(actual);
	}

	private static boolean compareNumbers(Number a, Number b) {
		if (isIntegral(a) && isIntegral(b)) {
			return a.longValue() == b.longValue();
		}
		try {
			return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
		} catch (NumberFormatException e) {
			return a.doubleValue() == b.doubleValue(); // NaN or infinity
		}
	}

	private static boolean isIntegral(Number n) {
		return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
	}

	private static List<Object> asList(Object value) {
		if (value instanceof List<?> list) {
			return new ArrayList<>(list);
		}
		if (value instanceof Collection<?> || value instanceof Set<?>) {
			return null; // unordered: not comparable element by element
		}
		if (value.getClass().isArray()) {
			List<Object> list = new ArrayList<>();
			for (int i = 0, n = Array.getLength(value); i < n; i++) {
				list.add(Array.get(value, i));
			}
			return list;
		}
		return null;
	}

	private static String render(Object value) {
		if (value == null) {
			return "null";
		}
		List<Object> list = value instanceof String ? null : asList(value);
		return list != null ? list.toString() : value.toString();
	}
}
