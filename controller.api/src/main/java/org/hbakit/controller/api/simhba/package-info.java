/**
 * The host interface of HBAKit's simulated PCI SCSI HBA ({@code docs/simulated-hba.md}): BAR0 register offsets and
 * bit fields, the 64-byte submission queue entry and the 16-byte completion queue entry. The one definition both
 * sides use: the simulated device ({@code hba.sim}) decodes with it and a controller for it (the reference
 * controller, or an author's own) programs with it. Constants and static helpers only; nothing here allocates,
 * locks or keeps state, so any thread may use it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hbakit.controller.api.simhba;
