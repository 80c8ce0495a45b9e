package org.hbakit.bridge.bench;

/**
 * Asks the controller bound to an HBA to use the bundled or the parallel I/O path, for {@code hba:bench --path}.
 * Implemented by the framework (by reconfiguring the controller) and published as a service of this bundle;
 * called by the runner on the command's thread before the workload starts, once per HBA under load.
 */
@FunctionalInterface
public interface PathSwitcher {
	/**
	 * Requests {@code path} for the HBA at {@code hbaLocation} and returns once the request is applied (the
	 * binding may be restarted to do so). The runner then waits for quiescence and reports the path the
	 * registry's bindings actually show, so a controller that declines the bundled path is reported truthfully.
	 *
	 * @param hbaLocation the HBA's PCI location ({@link org.hbakit.controller.api.client.SCSILogicalUnit#HBA_LOCATION})
	 * @param path        {@code bundled} or {@code parallel}
	 * @throws Exception if the request cannot be made (the run is not started)
	 */
	void requestPath(String hbaLocation, String path) throws Exception;
}
