package org.hbakit.console;

/**
 * One published logical unit ({@code SCSILogicalUnit} service) as the logical units page and {@code luns.json}
 * show it, from its service properties.
 *
 * @param name       {@code <hba>:<target>:<lun>}
 * @param hba        the HBA's short name
 * @param location   the HBA's PCI location
 * @param target     target id
 * @param lun        logical unit number
 * @param vendor     INQUIRY vendor
 * @param product    INQUIRY product
 * @param revision   INQUIRY revision
 * @param deviceType peripheral device type
 * @param blockCount logical blocks
 * @param blockSize  logical block length in bytes
 * @param capacity   capacity in bytes
 * @param nullUnit   whether the unit moves no data
 */
public record LunRow(String name, String hba, String location, long target, long lun, String vendor,
		String product, String revision, int deviceType, long blockCount, int blockSize, long capacity,
		boolean nullUnit) {
}
