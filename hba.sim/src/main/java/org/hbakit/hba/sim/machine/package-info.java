/**
 * The simulated machine: HBAs and LUNs described by Config Admin factory configurations (or the default machine),
 * parsed and validated in pure Java ({@link org.hbakit.hba.sim.machine.MachineConfig}), and kept running by the
 * {@link org.hbakit.hba.sim.machine.SimulatedMachine} component, which publishes each HBA as an
 * {@link org.hbakit.controller.api.pci.IOPCIDevice} service. Private to the bundle.
 */
package org.hbakit.hba.sim.machine;
