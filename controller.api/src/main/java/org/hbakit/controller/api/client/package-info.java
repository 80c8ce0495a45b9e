/**
 * The client side: logical units as OSGi services, synchronous and asynchronous SCSI commands, and a Java
 * rendering of Mach's {@code io_done_queue} for many requests in flight.
 * <p>
 * 2.0.0: {@code D_NOWAIT} has Mach's value 0x8 and a full queue makes a submission wait unless it is set; a timed
 * wait's timeout is {@code KERN_OPERATION_TIMED_OUT}; terminate wakes every waiter and ends every pending request;
 * in-band reads and writes, {@code D_DEFER}, {@code IO_INBAND_MAX} and the result's {@code qd_type} and in-band
 * data were added.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.hbakit.controller.api.client;
