package org.hbakit.hba.sim.scsi;

import org.hbakit.controller.api.scsi.SenseCode;

/**
 * The kinds of reset an HBA can deliver to a target, each with the UNIT ATTENTION it establishes (SAM-5 §6.3).
 * SAM allows the generic 29/00 for any of them; the simulated devices use the specific code where one exists.
 * Every reset also returns mode parameters to their defaults and clears PREVENT ALLOW MEDIUM REMOVAL.
 */
public enum ResetKind {
	/** The HBA was reset (controller {@code CC.EN}=0) or the target re-arrived: 06/29/00. */
	POWER_ON_RESET(SenseCode.POWER_ON_RESET),
	/** Power was applied again: 06/29/01; also starts a stopped unit. */
	POWER_ON(SenseCode.POWER_ON_OCCURRED),
	/** A hard reset of the bus: 06/29/02. */
	BUS_RESET(SenseCode.SCSI_BUS_RESET),
	/** The TARGET RESET task management function: 06/29/03. */
	TARGET_RESET(SenseCode.BUS_DEVICE_RESET_FUNCTION_OCCURRED),
	/** The LOGICAL UNIT RESET task management function: 06/29/03. */
	LOGICAL_UNIT_RESET(SenseCode.BUS_DEVICE_RESET_FUNCTION_OCCURRED),
	/** A reset the device did on its own (e.g. firmware): 06/29/04. */
	DEVICE_INTERNAL_RESET(SenseCode.DEVICE_INTERNAL_RESET);

	private final SenseCode unitAttention;

	ResetKind(SenseCode unitAttention) {
		this.unitAttention = unitAttention;
	}

	/** The unit attention this reset establishes on each logical unit it affects. */
	public SenseCode unitAttention() {
		return unitAttention;
	}
}
