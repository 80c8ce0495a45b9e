/**
 * The conformance kit in an in-framework JUnit 5 test (the bnd test runner): subclass
 * {@link ControllerConformance}, name the controller bundle, and the bnd tester runs one dynamic test per check.
 * The package needs JUnit Jupiter's API at run time (the bundle imports it optionally: the shell form works without
 * it).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hbakit.conformance.junit5;
