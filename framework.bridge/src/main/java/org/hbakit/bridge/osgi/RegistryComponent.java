package org.hbakit.bridge.osgi;

import org.hbakit.bridge.matching.PersonalityCatalog;
import org.hbakit.bridge.supervisor.BridgeRegistry;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@link IOKitRegistry} service: the bridge's {@link BridgeRegistry}, over the coordinator's supervisors. */
@Component(service = IOKitRegistry.class)
public final class RegistryComponent extends BridgeRegistry {
	@Activate
	public RegistryComponent(@Reference BridgeCoordinator coordinator, @Reference PersonalityCatalog catalog) {
		super(coordinator.bridge(), catalog::personalities);
	}
}
