/**
 * The simulated PCI SCSI host bus adapter: config space, the BAR0 register interface of
 * {@code docs/simulated-hba.md}, the IOVM table behind {@link org.hbakit.controller.api.pci.IODMACommand}, and the
 * device thread that consumes the submission queue, executes requests against the {@link
 * org.hbakit.hba.sim.pci.ScsiPort targets}, posts completions and raises interrupts. Private to the bundle.
 */
package org.hbakit.hba.sim.pci;
