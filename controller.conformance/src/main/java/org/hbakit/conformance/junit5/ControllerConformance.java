package org.hbakit.conformance.junit5;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.hbakit.conformance.CheckResult;
import org.hbakit.conformance.ConformanceKit;
import org.hbakit.conformance.ConformanceOptions;
import org.hbakit.conformance.ConformanceReport;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * An in-framework conformance test: one {@link DynamicTest} per check of the kit, run against the controller bundle
 * {@link #controller()} names, each failing with the check's detail. In an author's test bundle:
 *
 * <pre>
 * class ExampleConformanceTest extends ControllerConformance {
 * 	&#64;Override
 * 	protected String controller() {
 * 		return "com.example.dext";
 * 	}
 * }
 * </pre>
 *
 * The kit runs every check once, when the factory is called (on JUnit's thread), and the dynamic tests report the
 * results. Override {@link #options()} for other PCI ids or longer workloads.
 */
public abstract class ControllerConformance {
	/** How long the factory waits for the kit's service, milliseconds. */
	public static final long KIT_TIMEOUT_MS = 60_000;

	/** The controller under test: an installed bundle's symbolic name or id, or a path to a controller jar. */
	protected abstract String controller();

	/** The run's options; {@link ConformanceOptions#defaults()} unless overridden. */
	protected ConformanceOptions options() {
		return ConformanceOptions.defaults();
	}

	/** Runs the kit and yields one test per check. */
	@TestFactory
	List<DynamicTest> conformance() throws Exception {
		ConformanceReport report = run(controller(), options());
		return report.checks().stream()
				.map(c -> DynamicTest.dynamicTest(c.id(), () -> Assertions.assertTrue(c.passed(), c::line))).toList();
	}

	/** Runs the kit found from this class's bundle, and returns its whole report. */
	protected final ConformanceReport run(String controller, ConformanceOptions options) throws Exception {
		Bundle bundle = FrameworkUtil.getBundle(getClass());
		if (bundle == null || bundle.getBundleContext() == null) {
			throw new IllegalStateException(getClass().getName() + " does not run in an OSGi framework");
		}
		BundleContext context = bundle.getBundleContext();
		ServiceTracker<ConformanceKit, ConformanceKit> tracker = new ServiceTracker<>(context, ConformanceKit.class, null);
		tracker.open();
		try {
			ConformanceKit kit = tracker.waitForService(TimeUnit.MILLISECONDS.toMillis(KIT_TIMEOUT_MS));
			if (kit == null) {
				throw new IllegalStateException("no ConformanceKit service within " + KIT_TIMEOUT_MS
						+ " ms: is org.hbakit.controller.conformance installed?");
			}
			return kit.run(controller, options);
		} finally {
			tracker.close();
		}
	}

	/** The result of one check by id in {@code report}, for tests that look at one check. */
	protected static CheckResult check(ConformanceReport report, String id) {
		return report.checks().stream().filter(c -> c.id().equals(id)).findFirst()
				.orElseThrow(() -> new IllegalArgumentException("no check " + id));
	}
}
