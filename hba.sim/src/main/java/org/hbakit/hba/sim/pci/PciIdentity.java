package org.hbakit.hba.sim.pci;

import org.hbakit.controller.api.pci.PCIConfigSpace;

/**
 * The identity a simulated HBA shows in config space and in its service properties.
 *
 * @param vendorId 16-bit vendor id (config 0x00)
 * @param deviceId 16-bit device id (config 0x02)
 * @param subsystemVendorId 16-bit subsystem vendor id (config 0x2C)
 * @param subsystemId 16-bit subsystem id (config 0x2E)
 * @param classCode 24-bit class code (config 0x09..0x0B)
 * @param revisionId 8-bit revision (config 0x08)
 */
public record PciIdentity(int vendorId, int deviceId, int subsystemVendorId, int subsystemId, int classCode,
		int revisionId) {
	/** The defaults of {@code docs/simulated-hba.md}. */
	public static final PciIdentity DEFAULT = new PciIdentity(0x1B4B, 0x5CD1, 0x1B4B, 0x0001,
			PCIConfigSpace.CLASS_SCSI_STORAGE_CONTROLLER, 0x01);

	/** Checks the widths. */
	public PciIdentity {
		check("vendor id", vendorId, 0xFFFF);
		check("device id", deviceId, 0xFFFF);
		check("subsystem vendor id", subsystemVendorId, 0xFFFF);
		check("subsystem id", subsystemId, 0xFFFF);
		check("class code", classCode, 0xFF_FFFF);
		check("revision id", revisionId, 0xFF);
	}

	private static void check(String what, int value, int max) {
		if (value < 0 || value > max) {
			throw new IllegalArgumentException(what + " 0x" + Integer.toHexString(value) + " does not fit in "
					+ Integer.bitCount(max) + " bits");
		}
	}
}
