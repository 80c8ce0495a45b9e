/**
 * The reference controller's engine, free of OSGi: the driver ({@link org.hbakit.controller.core.driver.SimulatedHBADriver}),
 * its lock-free submission queue, completion queue reader, interrupt-side completion dispatcher and per-request
 * task table. Private to the bundle.
 */
package org.hbakit.controller.core.driver;
