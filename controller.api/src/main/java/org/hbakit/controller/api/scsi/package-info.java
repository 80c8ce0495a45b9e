/**
 * SCSI vocabulary shared by drivers, the framework and simulated devices: operation codes, CDB field access and
 * builders, sense keys, sense data building and parsing, and LUN encoding (SPC-4, SBC-3, SAM-5). Everything here
 * works on caller-supplied arrays and allocates nothing, so it can be used on the I/O path.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hbakit.controller.api.scsi;
