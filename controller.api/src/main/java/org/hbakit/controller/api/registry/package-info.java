/**
 * The matching registry as clients and operators see it: personalities, devices and their states, candidate
 * matches with their scores, bindings, swaps, I/O figures, rematching (the operator's hot swap), and what a
 * conformance kit needs: violations by kind, the start sequence's reports, task management and the bundled-buffer
 * offer per device. Shaped after
 * OSGi Device Access (devices, drivers, match values) with IOKit's matching rules.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package org.hbakit.controller.api.registry;
