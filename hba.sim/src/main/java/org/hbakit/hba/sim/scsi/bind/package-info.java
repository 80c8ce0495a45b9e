/**
 * Glue between the simulated HBA ({@code pci}), the machine configuration ({@code machine}) and the SCSI targets
 * ({@code scsi}): {@code TargetPort} adapts a target to the HBA's {@code ScsiPort} seam, and
 * {@code ScsiTargetBinder} builds and updates the targets and disks of an HBA from its LUN specifications.
 */
package org.hbakit.hba.sim.scsi.bind;
