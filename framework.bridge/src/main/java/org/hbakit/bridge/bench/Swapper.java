package org.hbakit.bridge.bench;

import org.hbakit.controller.api.registry.DeviceInfo;
import org.hbakit.controller.api.registry.DeviceState;
import org.hbakit.controller.api.registry.IOKitRegistry;

/**
 * Replaces the controller of an HBA while the workload runs, for {@code hba:bench --swap-every}. Called on the
 * runner's swap thread, one HBA at a time; must block until the HBA is bound again.
 */
@FunctionalInterface
public interface Swapper {
	/**
	 * Swaps the controller of the HBA at {@code hbaLocation}.
	 *
	 * @return a one-line description of what happened
	 * @throws Exception if no controller could take the device (counted as a swap failure, failing the run)
	 */
	String swap(String hbaLocation) throws Exception;

	/**
	 * The default: {@link IOKitRegistry#rematch(String, String) registry.rematch(location, null)}, which throws when
	 * no controller could start; a swap that returned with the HBA not bound fails too.
	 */
	static Swapper rematch(IOKitRegistry registry) {
		return location -> {
			String outcome = registry.rematch(location, null);
			DeviceInfo device = registry.devices().stream().filter(d -> d.location().equals(location)).findFirst()
					.orElseThrow(() -> new IllegalStateException(location + " went away during its swap"));
			if (device.state() != DeviceState.BOUND && device.state() != DeviceState.STALLED) {
				throw new IllegalStateException(device.name() + " is " + device.state() + " after its swap: "
						+ device.reason() + " (" + outcome + ")");
			}
			return outcome;
		};
	}
}
