package org.hbakit.bridge.bench;

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

	/** The default: {@link IOKitRegistry#rematch(String, String) registry.rematch(location, null)}. */
	static Swapper rematch(IOKitRegistry registry) {
		return location -> registry.rematch(location, null);
	}
}
