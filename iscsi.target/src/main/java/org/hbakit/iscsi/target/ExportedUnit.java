package org.hbakit.iscsi.target;

import org.hbakit.controller.api.client.SCSILogicalUnit;

/**
 * A logical unit as the front door exports it: the bridge's {@link SCSILogicalUnit} under its iSCSI LUN, with the
 * reservations the front door keeps for it.
 */
public final class ExportedUnit {
	private final ExportedTarget target;
	private final int lun;
	private final SCSILogicalUnit unit;
	private final org.hbakit.iscsi.scsi.Reservations reservations = new org.hbakit.iscsi.scsi.Reservations();

	ExportedUnit(ExportedTarget target, int lun, SCSILogicalUnit unit) {
		this.target = target;
		this.lun = lun;
		this.unit = unit;
	}

	public ExportedTarget target() {
		return target;
	}

	public int lun() {
		return lun;
	}

	public SCSILogicalUnit unit() {
		return unit;
	}

	/** The unit's reservations, which the front door keeps for the initiators it multiplexes onto the HBA. */
	public org.hbakit.iscsi.scsi.Reservations reservations() {
		return reservations;
	}

	@Override
	public String toString() {
		return target.name() + " LUN " + lun + " (" + unit.name() + ")";
	}
}
