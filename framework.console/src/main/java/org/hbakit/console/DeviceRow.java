package org.hbakit.console;

/**
 * One device as the devices page and {@code devices.json} show it: the registry's device, its binding (if a
 * controller runs) and its I/O figures, joined on the PCI location. Fields without a binding are empty or 0.
 *
 * @param name           the HBA's short name
 * @param location       the PCI location
 * @param ids            {@code vendor:device/subsystem-vendor:subsystem/class/revision}, hex
 * @param state          the device's state ({@code DeviceState} name)
 * @param driver         {@code bundle/personality} of the controller, or empty
 * @param driverVersion  that controller bundle's version, or empty
 * @param ioUserClass    the controller class, or empty
 * @param path           {@code bundled} or {@code parallel}, or empty
 * @param maxTaskCount   the controller's reported maximum task count
 * @param targets        targets present
 * @param logicalUnits   logical units published
 * @param inFlight       tasks in the controller's hands now
 * @param held           requests waiting for a controller or a free task now
 * @param completed      client requests completed since the device appeared (they survive swaps)
 * @param failed         of those, the ones that did not end GOOD
 * @param bytesTransferred data moved by the completed requests
 * @param tasksCompleted tasks completed by the current binding
 * @param violations     completions the current binding had refused
 * @param timeouts       tasks of the current binding that timed out
 * @param reason         why the device is in its state, for humans
 */
public record DeviceRow(String name, String location, String ids, String state, String driver,
		String driverVersion, String ioUserClass, String path, int maxTaskCount, int targets, int logicalUnits,
		int inFlight, int held, long completed, long failed, long bytesTransferred, long tasksCompleted,
		long violations, long timeouts, String reason) {
}
