package org.hbakit.controller.api.registry;

/**
 * One provider device known to the registry.
 *
 * @param location   the PCI location (unique)
 * @param name       the HBA's short name
 * @param vendorDevice config register 0x00
 * @param subsystem  config register 0x2C
 * @param classRevision config register 0x08
 * @param state      {@code unmatched}, {@code starting}, {@code bound}, {@code swapping}, {@code failed}
 * @param driver     {@code bundle/personality} of the bound controller, or empty
 * @param reason     why the device is in this state (e.g. why no driver matched), for humans
 */
public record DeviceInfo(String location, String name, int vendorDevice, int subsystem, int classRevision,
		String state, String driver, String reason) {
}
