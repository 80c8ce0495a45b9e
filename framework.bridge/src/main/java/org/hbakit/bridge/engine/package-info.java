/**
 * The framework engine, pure Java: controller bindings and their start sequence, task tables and slot
 * ownership, routing on the parallel and bundled paths, completion checking, timeouts and task management,
 * logical unit scanning, io_done_queues, and hot swap. The OSGi adapters in {@code org.hbakit.bridge.osgi}
 * drive it.
 */
package org.hbakit.bridge.engine;
