/**
 * The conformance kit: named checks any controller bundle can be run against on a dedicated simulated HBA. A run
 * ({@link ConformanceKit#run}) takes a controller (an installed bundle's symbolic name or id, or a path to a
 * controller jar, installed for the run and uninstalled after), creates a simulated HBA with its PCI identity (from
 * the controller's personality, or {@link ConformanceOptions#vendorId()}/{@link ConformanceOptions#deviceId()})
 * and RAM, null and fault-injected LUNs beside the machine already running, binds the controller to it, runs every
 * check in order and removes the HBA. Each check yields one {@link CheckResult}; {@link ConformanceReport} holds
 * them and the lines {@code hba:conformance} prints. The kit is an OSGi service ({@link ConformanceKit}) of bundle
 * {@code org.hbakit.controller.conformance}; an in-framework test uses it through
 * {@code org.hbakit.conformance.junit5.ControllerConformance}. docs/conformance.md lists the checks.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hbakit.conformance;
