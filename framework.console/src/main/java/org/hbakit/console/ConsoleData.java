package org.hbakit.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.registry.BindingInfo;
import org.hbakit.controller.api.registry.DeviceInfo;
import org.hbakit.controller.api.registry.HBAStatistics;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * What the pages show, read from the API only: the {@link IOKitRegistry} snapshots and the service properties of
 * the {@link SCSILogicalUnit} services. Every method takes a fresh snapshot; called on HTTP request threads.
 */
final class ConsoleData {
	private final IOKitRegistry registry;
	private final BundleContext context;

	ConsoleData(IOKitRegistry registry, BundleContext context) {
		this.registry = registry;
		this.context = context;
	}

	IOKitRegistry registry() {
		return registry;
	}

	/** Every device joined with its binding and figures, in the registry's order. */
	List<DeviceRow> devices() {
		Map<String, BindingInfo> bindings = byLocation(registry.bindings(), BindingInfo::location);
		Map<String, HBAStatistics> statistics = byLocation(registry.statistics(), HBAStatistics::location);
		List<DeviceRow> rows = new ArrayList<>();
		for (DeviceInfo d : registry.devices()) {
			BindingInfo b = bindings.get(d.location());
			HBAStatistics s = statistics.get(d.location());
			rows.add(new DeviceRow(d.name(), d.location(), ids(d), d.state().name(), d.driver(), d.driverVersion(),
					b == null ? "" : b.ioUserClass(), b == null ? "" : b.path(), b == null ? 0 : b.maxTaskCount(),
					b == null ? 0 : b.targets(), b == null ? 0 : b.logicalUnits(), s == null ? 0 : s.inFlight(),
					s == null ? 0 : s.held(), s == null ? 0 : s.completed(), s == null ? 0 : s.failed(),
					s == null ? 0 : s.bytesTransferred(), b == null ? 0 : b.tasksCompleted(),
					b == null ? 0 : b.violations(), b == null ? 0 : b.timeouts(), d.reason()));
		}
		return rows;
	}

	/** Every published logical unit, by name. */
	List<LunRow> luns() {
		List<LunRow> rows = new ArrayList<>();
		try {
			for (ServiceReference<SCSILogicalUnit> ref : context.getServiceReferences(SCSILogicalUnit.class, null)) {
				rows.add(new LunRow(string(ref, SCSILogicalUnit.UNIT_NAME), string(ref, SCSILogicalUnit.HBA_NAME),
						string(ref, SCSILogicalUnit.HBA_LOCATION), number(ref, SCSILogicalUnit.TARGET_ID),
						number(ref, SCSILogicalUnit.LUN), string(ref, SCSILogicalUnit.VENDOR),
						string(ref, SCSILogicalUnit.PRODUCT), string(ref, SCSILogicalUnit.REVISION),
						(int) number(ref, SCSILogicalUnit.DEVICE_TYPE), number(ref, SCSILogicalUnit.BLOCK_COUNT),
						(int) number(ref, SCSILogicalUnit.BLOCK_SIZE), number(ref, SCSILogicalUnit.CAPACITY),
						Boolean.TRUE.equals(ref.getProperty(SCSILogicalUnit.NULL_UNIT))));
			}
		} catch (InvalidSyntaxException e) {
			throw new AssertionError("a null filter is always valid", e);
		} catch (IllegalStateException e) {
			return List.of(); // the plugin's bundle is stopping
		}
		rows.sort(Comparator.comparing(LunRow::hba).thenComparingLong(LunRow::target).thenComparingLong(LunRow::lun));
		return rows;
	}

	private static <T> Map<String, T> byLocation(List<T> items, Function<T, String> location) {
		return items.stream().collect(Collectors.toMap(location, Function.identity(), (a, b) -> b, LinkedHashMap::new));
	}

	private static String ids(DeviceInfo d) {
		int vd = d.vendorDevice(), ss = d.subsystem(), cr = d.classRevision();
		return String.format("%04x:%04x/%04x:%04x/%06x/%02x", vd & 0xFFFF, vd >>> 16, ss & 0xFFFF, ss >>> 16,
				cr >>> 8, cr & 0xFF);
	}

	private static String string(ServiceReference<?> ref, String key) {
		Object v = ref.getProperty(key);
		return v == null ? "" : v.toString();
	}

	private static long number(ServiceReference<?> ref, String key) {
		return ref.getProperty(key) instanceof Number n ? n.longValue() : 0;
	}
}
