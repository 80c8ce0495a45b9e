package org.hbakit.conformance.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.registry.DeviceInfo;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The run's simulated HBA, made through the simulated machine's Config Admin configurations
 * ({@code org.hbakit.hba.sim.hba} with {@code default.machine=keep}, and one {@code org.hbakit.hba.sim.lun} per
 * unit, docs/simulated-machine.md) beside whatever machine runs, and removed by {@link #close()}. Its logical
 * units are found as {@link SCSILogicalUnit} services by location, target and LUN.
 */
final class RunHba implements AutoCloseable {
	static final String HBA_FACTORY = "org.hbakit.hba.sim.hba", LUN_FACTORY = "org.hbakit.hba.sim.lun";
	/** How long the HBA may take to appear, bind and publish its units. */
	static final long READY_MS = 120_000;

	/** One logical unit of the run's HBA. */
	enum Unit {
		/** 64 MiB of 512-byte blocks in memory: verified data. */
		RAM(0, 0, "64m", 512, "memory", ""),
		/** 16 MiB of 4 KiB blocks in memory: verified data with another block size. */
		RAM_4K(0, 1, "16m", 4096, "memory", ""),
		/** A null disk: dispatch alone. */
		NULL(1, 0, "1g", 512, "null", ""),
		/** LBAs 64..71 unreadable: CHECK CONDITION 03/11/00. */
		MEDIUM_ERROR(2, 0, "1m", 512, "memory", "medium_error_start=64,medium_error_count=8"),
		/** Every READ moves half its blocks. */
		SHORT_TRANSFER(2, 1, "1m", 512, "memory", "every_nth=1,media_only=true,short_transfer=true"),
		/** Every media command gets BUSY. */
		BUSY(2, 2, "1m", 512, "memory", "every_nth=1,media_only=true,busy=true"),
		/** Every media command fails in delivery. */
		TRANSPORT_ERROR(2, 3, "1m", 512, "memory", "every_nth=1,media_only=true,transport_error=true"),
		/** Every media command is dropped: never completed by the hardware. */
		DROP(3, 0, "1m", 512, "memory", "every_nth=1,media_only=true,drop=true"),
		/** Media commands held 20 s by the hardware: a LOGICAL UNIT RESET's subject. */
		HELD_FOR_LUN_RESET(4, 0, "1m", 512, "memory", "delay_ns=20000000000,media_only=true"),
		/** Media commands held 20 s: a TARGET RESET's subject. */
		HELD_FOR_TARGET_RESET(5, 0, "1m", 512, "memory", "delay_ns=20000000000,media_only=true");

		final int target, lun, blockSize;
		final String size, backing, faults;

		Unit(int target, int lun, String size, int blockSize, String backing, String faults) {
			this.target = target;
			this.lun = lun;
			this.size = size;
			this.blockSize = blockSize;
			this.backing = backing;
			this.faults = faults;
		}
	}

	private final ConfigurationAdmin cm;
	private final IOKitRegistry registry;
	private final List<Configuration> configurations = new ArrayList<>();
	private final ServiceTracker<SCSILogicalUnit, SCSILogicalUnit> units;
	final String name, location;
	final int vendorId, deviceId;

	RunHba(BundleContext context, ConfigurationAdmin cm, IOKitRegistry registry, int vendorId, int deviceId)
			throws IOException, InvalidSyntaxException {
		this.cm = cm;
		this.registry = registry;
		this.vendorId = vendorId;
		this.deviceId = deviceId;
		Set<String> names = registry.devices().stream().map(DeviceInfo::name).collect(Collectors.toSet());
		Set<String> locations = registry.devices().stream().map(DeviceInfo::location).collect(Collectors.toSet());
		int n = 0;
		while (names.contains("conf" + n) || locations.contains(location(n))) {
			n++;
		}
		name = "conf" + n;
		location = location(n);
		Filter filter = FrameworkUtil.createFilter("(&(objectClass=" + SCSILogicalUnit.class.getName() + ")("
				+ SCSILogicalUnit.HBA_LOCATION + "=" + location + "))");
		units = new ServiceTracker<>(context, filter, null);
		units.open();
	}

	private static String location(int n) {
		return String.format("pci0000:7f:%02x.0", n & 0x1F);
	}

	/** Creates the HBA and its units. */
	void create() throws IOException {
		Hashtable<String, Object> hba = new Hashtable<>();
		hba.put("name", name);
		hba.put("location", location);
		hba.put("vendor.id", String.format("0x%04X", vendorId));
		hba.put("device.id", String.format("0x%04X", deviceId));
		hba.put("targets", "8");
		hba.put("default.machine", "keep");
		configure(HBA_FACTORY, name, hba);
		for (Unit u : Unit.values()) {
			Hashtable<String, Object> lun = new Hashtable<>();
			lun.put("hba", name);
			lun.put("target", String.valueOf(u.target));
			lun.put("lun", String.valueOf(u.lun));
			lun.put("size", u.size);
			lun.put("block.size", String.valueOf(u.blockSize));
			lun.put("backing", u.backing);
			if (u.backing.equals("null")) {
				lun.put("product", SCSILogicalUnit.NULL_PRODUCT);
			}
			if (!u.faults.isEmpty()) {
				lun.put("faults", u.faults);
			}
			configure(LUN_FACTORY, name + "-" + u.name().toLowerCase(), lun);
		}
	}

	private void configure(String factory, String configName, Hashtable<String, Object> properties) throws IOException {
		Configuration c = cm.getFactoryConfiguration(factory, configName, "?");
		configurations.add(c);
		c.update(properties);
	}

	/** The device as the registry sees it, or null. */
	DeviceInfo device() {
		return registry.devices().stream().filter(d -> d.location().equals(location)).findFirst().orElse(null);
	}

	/** Whether every unit is published. */
	boolean allUnitsPublished() {
		return units.size() == Unit.values().length;
	}

	/** How many units are published. */
	int publishedUnits() {
		return units.size();
	}

	/** The published unit, or null. */
	SCSILogicalUnit unit(Unit u) {
		ServiceReference<SCSILogicalUnit>[] refs = units.getServiceReferences();
		if (refs == null) {
			return null;
		}
		for (ServiceReference<SCSILogicalUnit> r : refs) {
			if (u.target == ((Number) r.getProperty(SCSILogicalUnit.TARGET_ID)).longValue()
					&& u.lun == ((Number) r.getProperty(SCSILogicalUnit.LUN)).longValue()) {
				return units.getService(r);
			}
		}
		return null;
	}

	/**
	 * Sends TEST UNIT READY to every unit until it is GOOD (at most 4 times): the unit attentions of the units'
	 * arrival (REPORTED LUNS DATA HAS CHANGED, power on) are consumed before a check looks at one.
	 */
	void clearUnitAttentions() throws InterruptedException {
		for (Unit u : Unit.values()) {
			SCSILogicalUnit unit = unit(u);
			for (int i = 0; unit != null && i < 4 && !Io.testUnitReady(unit).isGood(); i++) {
				// the next one sees the next pending condition
			}
		}
	}

	/** {@code <name> <location> <vendor>:<device>}. */
	String describe() {
		return String.format("%s %s %04x:%04x", name, location, vendorId, deviceId);
	}

	/** Deletes the configurations (the machine removes the HBA) and waits, bounded, for the device to go. */
	@Override
	public void close() throws InterruptedException {
		// the units first: a unit whose HBA went first is refused (and logged) by the machine
		for (int i = configurations.size() - 1; i >= 0; i--) {
			try {
				configurations.get(i).delete();
			} catch (IOException | IllegalStateException e) {
				// already gone
			}
		}
		configurations.clear();
		units.close();
		Waits.until(() -> device() == null, READY_MS);
	}
}
