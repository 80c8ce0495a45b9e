package org.hbakit.bridge.shell;

import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.hbakit.controller.api.IOServicePowerCapability;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Operator commands that change what runs: {@code hba:swap} and {@code hba:power}. */
@Component(service = ControlCommands.class, property = { "osgi.command.scope=hba",
		"osgi.command.function=swap", "osgi.command.function=power" })
public final class ControlCommands {
	@Reference
	private IOKitRegistry registry;

	/** Moves an HBA to another matching controller (or a named one) under load. */
	@Descriptor("move an HBA to another matching controller, holding and re-issuing its I/O (a hot swap)")
	public String swap(@Descriptor("HBA name or PCI location") String hba) throws InterruptedException {
		return swap(hba, null);
	}

	@Descriptor("move an HBA to the named controller (IOUserClass, bundle symbolic name for its newest version, or "
			+ "<bundle>:<version> for that version), holding and re-issuing its I/O")
	public String swap(@Descriptor("HBA name or PCI location") String hba,
			@Descriptor("IOUserClass, <bundle> or <bundle>:<version>") String controller) throws InterruptedException {
		String outcome = registry.rematch(hba, controller);
		if (outcome.startsWith("no controller")) {
			throw new IllegalStateException(outcome);
		}
		return outcome;
	}

	/** Changes the power state of an HBA's controller. */
	@Descriptor("change the power state of an HBA's controller: on, off, pause or low")
	public String power(@Descriptor("HBA name or PCI location") String hba,
			@Descriptor("on, off, pause or low") String state) throws InterruptedException {
		int flags = switch (state.toLowerCase(Locale.ROOT)) {
			case "on" -> IOServicePowerCapability.kIOServicePowerCapabilityOn;
			case "off" -> IOServicePowerCapability.kIOServicePowerCapabilityOff;
			case "pause" -> IOServicePowerCapability.kIOServicePowerCapabilityPause;
			case "low" -> IOServicePowerCapability.kIOServicePowerCapabilityLow;
			default -> throw new IllegalArgumentException("unknown power state '" + state + "': use on, off, pause or low");
		};
		return registry.setPowerState(hba, flags);
	}
}
