/**
 * The PCI device service a (simulated) host bus adapter publishes and a controller drives: DriverKit's
 * {@code IOPCIDevice}, with config space, memory BARs, interrupts and DMA through an IOVM table.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hbakit.controller.api.pci;
