/**
 * Simulated SCSI targets and logical units behind the simulated HBA: the {@code ScsiExchange} contract between the
 * HBA device and a target, {@code SimulatedTarget} (LUN inventory, REPORT LUNS, absent LUNs) and
 * {@code SimulatedDisk} (an SBC-3 direct-access block device with the command set, sense data and unit attentions
 * of SPC-4/SBC-3, modelled on Linux scsi_debug and QEMU scsi-disk). Private to the bundle.
 */
package org.hbakit.hba.sim.scsi;
