/**
 * The matching registry as clients and operators see it: personalities, devices and their states, candidate
 * matches with their scores, bindings, swaps, I/O figures, and rematching (the operator's hot swap). Shaped after
 * OSGi Device Access (devices, drivers, match values) with IOKit's matching rules.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.hbakit.controller.api.registry;
