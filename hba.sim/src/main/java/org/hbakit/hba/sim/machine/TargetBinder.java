package org.hbakit.hba.sim.machine;

import java.util.List;

import org.hbakit.hba.sim.pci.SimulatedPciHba;

/**
 * Builds and updates the SCSI targets behind one HBA from the LUN specifications (the {@code scsi} package's
 * targets and disks, attached as {@link org.hbakit.hba.sim.pci.ScsiPort ports}). Called by the
 * {@link SimulatedMachine} under its lock, never on an I/O path.
 */
public interface TargetBinder {
	/**
	 * Makes the targets of {@code hba} match {@code luns} (all of them for this HBA): creates targets that gain their
	 * first LUN, adds and removes LUNs in running targets (with REPORTED LUNS DATA HAS CHANGED), detaches targets
	 * left without LUNs, and applies the HBA's and each LUN's faults.
	 *
	 * @throws IllegalArgumentException if a LUN cannot be built (e.g. its backing file cannot be opened); the HBA's
	 *         targets are then left as they were
	 */
	void bind(SimulatedPciHba hba, HbaSpec spec, List<LunSpec> luns);

	/** The HBA is going away (after {@link SimulatedPciHba#stop()}): release stores and files. */
	void unbind(SimulatedPciHba hba);

	/** A binder for a machine without SCSI targets yet: every target id answers DEVICE NOT PRESENT. */
	TargetBinder NONE = new TargetBinder() {
		@Override
		public void bind(SimulatedPciHba hba, HbaSpec spec, List<LunSpec> luns) {
		}

		@Override
		public void unbind(SimulatedPciHba hba) {
		}
	};
}
