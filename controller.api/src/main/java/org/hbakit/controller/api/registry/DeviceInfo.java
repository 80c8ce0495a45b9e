package org.hbakit.controller.api.registry;

/**
 * One provider device known to the registry.
 *
 * @param location      the PCI location (unique)
 * @param name          the HBA's short name
 * @param vendorDevice  config register 0x00
 * @param subsystem     config register 0x2C
 * @param classRevision config register 0x08
 * @param state         where the device is in its life
 * @param driver        {@code bundle/personality} of the controller attached, or empty
 * @param driverVersion the version of that controller's bundle, or empty
 * @param reason        why the device is in this state (e.g. why no driver matched), for humans
 */
public record DeviceInfo(String location, String name, int vendorDevice, int subsystem, int classRevision,
		DeviceState state, String driver, String driverVersion, String reason) {
}
