/**
 * Fault and latency injection for simulated targets, after Linux scsi_debug: immutable {@code FaultPlan}s set at
 * run time on the HBA, target and logical unit levels, combined per command by a {@code FaultInjector}.
 */
package org.hbakit.hba.sim.scsi.fault;
