package org.hbakit.bridge.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@code hba:} listing commands, a Gogo whiteboard service: {@code personalities}, {@code devices},
 * {@code matches}, {@code controllers}, {@code luns}. Each prints a table (see {@link RegistryTables} for the
 * columns) to the session's standard output. They read only the API: the {@link IOKitRegistry} service and the
 * service properties of the {@link SCSILogicalUnit} services. Called on the shell session's thread.
 */
@Component(service = RegistryCommands.class, property = { "osgi.command.scope=hba",
		"osgi.command.function=personalities", "osgi.command.function=devices", "osgi.command.function=matches",
		"osgi.command.function=controllers", "osgi.command.function=luns" })
public final class RegistryCommands {
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	private volatile IOKitRegistry registry;

	private final BundleContext context;

	/** Created by DS. */
	@Activate
	public RegistryCommands(BundleContext context) {
		this.context = context;
	}

	@Descriptor("list every accepted personality of every started controller bundle")
	public void personalities() {
		print(RegistryTables.personalities(registry().personalities()));
	}

	@Descriptor("list the provider devices, their state, driver and why they have none")
	public void devices() {
		print(RegistryTables.devices(registry().devices()));
	}

	@Descriptor("list every personality considered for every device in its latest matching round")
	public void matches() {
		IOKitRegistry r = registry();
		print(RegistryTables.matches(r.matches(), r.devices(), null));
	}

	@Descriptor("list the personalities considered for one device in its latest matching round")
	public void matches(@Descriptor("the device's PCI location or HBA name") String device) {
		IOKitRegistry r = registry();
		print(RegistryTables.matches(r.matches(), r.devices(), device));
	}

	@Descriptor("list the running controllers (bindings)")
	public void controllers() {
		print(RegistryTables.controllers(registry().bindings()));
	}

	@Descriptor("list the published logical units")
	public void luns() throws InvalidSyntaxException {
		List<Map<String, Object>> units = new ArrayList<>();
		for (ServiceReference<SCSILogicalUnit> ref : context.getServiceReferences(SCSILogicalUnit.class, null)) {
			Map<String, Object> properties = new HashMap<>();
			for (String key : ref.getPropertyKeys()) {
				properties.put(key, ref.getProperty(key));
			}
			units.add(properties);
		}
		print(RegistryTables.luns(units));
	}

	private IOKitRegistry registry() {
		IOKitRegistry r = registry;
		if (r == null) {
			throw new IllegalStateException("no IOKitRegistry service is registered (is the bridge running?)");
		}
		return r;
	}

	private static void print(TableFormatter table) {
		PrintStream out = System.out; // Gogo routes System.out to the calling session
		out.print(table.format());
		out.flush();
	}
}
