package ${package}.itest;

import org.hbakit.conformance.junit5.ControllerConformance;

/**
 * Certifies this controller with HBAKit's conformance kit, in the same forked Felix as the other in-framework
 * tests: the kit makes a simulated HBA of its own with the PCI ids of this bundle's personality (RAM, null and
 * fault-injected LUNs), binds the controller to it and reports one test per named check (the start sequence and
 * reports, both paths with verified data, exactly-once completion, autosense, residuals, task management, power,
 * repeated start/stop under load, quiescence, threads and class loader after stop). The same checks run from the
 * shell: {@code hba:conformance <path to this project's jar>}.
 */
class ExampleSCSIControllerConformanceTest extends ControllerConformance {
	@Override
	protected String controller() {
		return "${artifactId}";
	}
}
