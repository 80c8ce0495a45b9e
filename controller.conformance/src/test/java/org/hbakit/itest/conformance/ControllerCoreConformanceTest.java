package org.hbakit.itest.conformance;

import org.hbakit.conformance.junit5.ControllerConformance;

/**
 * The reference controller passes every check of the kit: the kit's in-framework form as an author uses it, a
 * subclass naming the bundle. (It runs before {@code EveryCheckCanFailTest}, whose broken controllers wrap
 * instances of the reference controller.)
 */
class ControllerCoreConformanceTest extends ControllerConformance {
	@Override
	protected String controller() {
		return "org.hbakit.controller.core";
	}
}
