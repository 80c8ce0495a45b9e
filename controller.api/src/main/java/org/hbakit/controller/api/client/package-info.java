/**
 * The client side: logical units as OSGi services, synchronous and asynchronous SCSI commands, and a Java
 * rendering of Mach's {@code io_done_queue} for many requests in flight.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hbakit.controller.api.client;
