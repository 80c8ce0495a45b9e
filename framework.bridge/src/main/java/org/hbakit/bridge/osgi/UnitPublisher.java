package org.hbakit.bridge.osgi;

import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hbakit.bridge.engine.LogicalUnit;
import org.hbakit.bridge.supervisor.DeviceListener;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** Registers one {@link SCSILogicalUnit} service per logical unit the supervisors publish; on their threads. */
final class UnitPublisher implements DeviceListener {
	private final BundleContext context;
	private final Map<LogicalUnit, ServiceRegistration<SCSILogicalUnit>> registrations = new ConcurrentHashMap<>();

	UnitPublisher(BundleContext context) {
		this.context = context;
	}

	@Override
	public void logicalUnitAdded(LogicalUnit unit) {
		registrations.put(unit, context.registerService(SCSILogicalUnit.class, unit,
				new Hashtable<>(unit.serviceProperties())));
	}

	@Override
	public void logicalUnitChanged(LogicalUnit unit) {
		ServiceRegistration<SCSILogicalUnit> r = registrations.get(unit);
		if (r != null) {
			r.setProperties(new Hashtable<>(unit.serviceProperties()));
		}
	}

	@Override
	public void logicalUnitRemoved(LogicalUnit unit) {
		ServiceRegistration<SCSILogicalUnit> r = registrations.remove(unit);
		if (r != null) {
			try {
				r.unregister();
			} catch (IllegalStateException ignored) {
				// already gone with the framework
			}
		}
	}

	/** Withdraws every unit still registered (the bridge stops). */
	void withdrawAll() {
		registrations.keySet().forEach(this::logicalUnitRemoved);
	}
}
