package org.hbakit.bridge.osgi;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.hbakit.bridge.bench.PathSwitcher;
import org.hbakit.controller.api.registry.BindingInfo;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code hba:bench --path}: asks the controller bound to an HBA for the bundled or parallel path through Config
 * Admin. The convention: a controller that offers the choice reads a {@code path} property from the configuration
 * whose PID is its bundle's symbolic name (the reference controller's is {@code org.hbakit.controller.core}).
 * Changing it makes DS re-register the controller service, which the bridge handles as a hot swap; this waits
 * until the HBA is bound again and shows the path, or fails after a minute.
 */
@Component(service = PathSwitcher.class)
public final class ConfigAdminPathSwitcher implements PathSwitcher {
	private static final long TIMEOUT_MS = 60_000;

	@Reference
	private ConfigurationAdmin configurationAdmin;

	@Reference
	private IOKitRegistry registry;

	@Override
	public void requestPath(String hbaLocation, String path) throws IOException, InterruptedException {
		if (!path.equals("bundled") && !path.equals("parallel")) {
			throw new IllegalArgumentException("unknown path '" + path + "': use bundled or parallel");
		}
		BindingInfo binding = binding(hbaLocation)
				.orElseThrow(() -> new IllegalStateException("no controller is bound to " + hbaLocation));
		if (binding.path().equals(path)) {
			return;
		}
		Configuration c = configurationAdmin.getConfiguration(binding.bundleSymbolicName(), "?");
		Dictionary<String, Object> properties = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
		properties.put("path", path);
		c.updateIfDifferent(properties);
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
		while (System.nanoTime() - deadline < 0) {
			registry.awaitQuiescence(TIMEOUT_MS);
			Optional<BindingInfo> now = binding(hbaLocation);
			if (now.isPresent() && now.get().path().equals(path)) {
				return;
			}
			// the re-registration is asynchronous to the configuration update: look again shortly
			TimeUnit.MILLISECONDS.sleep(20);
		}
		throw new IllegalStateException(binding.bundleSymbolicName() + " did not switch " + hbaLocation + " to the "
				+ path + " path within " + TIMEOUT_MS / 1000 + " s (does it read a 'path' configuration property?)");
	}

	private Optional<BindingInfo> binding(String location) {
		return registry.bindings().stream().filter(b -> b.location().equals(location)).findFirst();
	}
}
