package org.hbakit.hba.sim.scsi;

import java.util.Objects;

import org.hbakit.hba.sim.scsi.fault.FaultInjector;

/**
 * Where a logical unit sits: its LUN, the fault injector combining its own, its target's and its HBA's plans,
 * and its target's services. Immutable; created by {@link SimulatedTarget} when it adds the unit.
 */
final class LogicalUnitContext {
	final int lun;
	final FaultInjector faults;
	final TargetServices target;

	LogicalUnitContext(int lun, FaultInjector faults, TargetServices target) {
		this.lun = lun;
		this.faults = Objects.requireNonNull(faults);
		this.target = Objects.requireNonNull(target);
	}
}
