package org.hbakit.conformance.internal;

import java.util.ArrayList;
import java.util.List;

import org.hbakit.conformance.CheckResult;
import org.hbakit.conformance.ConformanceKit;
import org.hbakit.conformance.ConformanceOptions;
import org.hbakit.conformance.ConformanceReport;
import org.hbakit.controller.api.registry.DeviceInfo;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.hbakit.controller.api.registry.PersonalityInfo;
import org.hbakit.controller.api.registry.TaskManagementFunction;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link ConformanceKit} service: resolves the controller, makes the run's HBA, binds the controller to it,
 * runs the checks in order (each contained: whatever it throws is its failure) and removes what it made. Runs are
 * serialised.
 */
@Component(service = ConformanceKit.class)
public final class ConformanceKitComponent implements ConformanceKit {
	/** How long the units may take to appear after the first binding before the kit restarts the controller. */
	static final long UNITS_BEFORE_RESCAN_MS = 5_000;
	private final BundleContext context;
	private final IOKitRegistry registry;
	private final ConfigurationAdmin cm;

	@Activate
	public ConformanceKitComponent(BundleContext context, @Reference IOKitRegistry registry,
			@Reference ConfigurationAdmin cm) {
		this.context = context;
		this.registry = registry;
		this.cm = cm;
	}

	static List<Check> checks() {
		return List.of(new StartReportsCheck(), new VerifiedDataCheck(), new ExactlyOnceCheck(),
				new BundledSlotsCheck(), new AutosenseCheck(), new ResidualCheck(), new ErrorMappingCheck(),
				new AbortCheck(), new ResetCheck(TaskManagementFunction.LOGICAL_UNIT_RESET,
						RunHba.Unit.HELD_FOR_LUN_RESET),
				new ResetCheck(TaskManagementFunction.TARGET_RESET, RunHba.Unit.HELD_FOR_TARGET_RESET),
				new PowerCheck(), new HotSwapCheck(), new QuiesceCheck(), new ThreadsCheck(), new ClassLoaderCheck());
	}

	@Override
	public List<String> checkIds() {
		return checks().stream().map(Check::id).toList();
	}

	@Override
	public synchronized ConformanceReport run(String controller, ConformanceOptions options) throws InterruptedException {
		try (Subject subject = Subject.open(context, controller)) {
			int[] ids = { options.vendorId(), options.deviceId() };
			if (ids[0] < 0) {
				PersonalityInfo p = subject.personality(registry);
				ids = Subject.ids(p);
			}
			List<CheckResult> results = new ArrayList<>();
			try (RunHba hba = new RunHba(context, cm, registry, ids[0], ids[1])) {
				hba.create();
				String notBound = bind(hba, subject);
				RunContext run = new RunContext(context, registry, hba, subject, options);
				for (Check c : checks()) {
					results.add(notBound != null ? new CheckResult(c.id(), false, "not run: " + notBound) : run(c, run));
				}
				return new ConformanceReport(controller, subject.symbolicName(), subject.bundle.getVersion().toString(),
						hba.describe(), results);
			}
		} catch (InterruptedException | IllegalArgumentException e) {
			throw e;
		} catch (Exception e) {
			throw new IllegalStateException("conformance run of " + controller + " failed: " + e, e);
		}
	}

	private static CheckResult run(Check c, RunContext run) {
		try {
			return new CheckResult(c.id(), true, c.run(run));
		} catch (CheckFailure f) {
			return new CheckResult(c.id(), false, f.getMessage());
		} catch (Throwable t) {
			return new CheckResult(c.id(), false, "the check could not complete: " + t);
		}
	}

	/** Waits for the device, binds the subject to it, waits for its units; why not, or null. */
	private String bind(RunHba hba, Subject subject) throws InterruptedException {
		if (!Waits.until(() -> hba.device() != null, RunHba.READY_MS)) {
			return "the simulated HBA " + hba.describe() + " did not appear";
		}
		registry.awaitQuiescence(RunHba.READY_MS);
		if (!Waits.until(() -> bound(hba, subject), 2_000)) {
			try {
				registry.rematch(hba.location, subject.symbolicName());
			} catch (RuntimeException e) {
				DeviceInfo d = hba.device();
				return subject.symbolicName() + " did not bind to " + hba.describe() + ": " + e.getMessage()
						+ (d == null ? "" : " (" + d.state() + ": " + d.reason() + ")");
			}
		}
		if (!bound(hba, subject)) {
			DeviceInfo d = hba.device();
			return subject.symbolicName() + " is not bound to " + hba.describe() + (d == null ? "" : " (" + d.state()
					+ ": " + d.reason() + ")");
		}
		// units configured after the controller's first scan appear only on a rescan, which nothing here would
		// trigger (no command reaches their targets): a restart scans them all
		if (!Waits.until(hba::allUnitsPublished, UNITS_BEFORE_RESCAN_MS)) {
			try {
				registry.rematch(hba.location, subject.symbolicName());
			} catch (RuntimeException e) {
				return subject.symbolicName() + " did not start again on " + hba.describe() + ": " + e.getMessage();
			}
		}
		if (!Waits.until(hba::allUnitsPublished, RunHba.READY_MS)) {
			return "only " + hba.publishedUnits() + " of the " + RunHba.Unit.values().length + " logical units of "
					+ hba.describe() + " were published" + registry.bindings().stream()
							.filter(b -> b.location().equals(hba.location))
							.map(b -> " (binding: " + b.targets() + " targets, " + b.logicalUnits() + " units)")
							.findFirst().orElse(" (not bound)");
		}
		hba.clearUnitAttentions();
		return null;
	}

	private boolean bound(RunHba hba, Subject subject) {
		return registry.bindings().stream().anyMatch(
				b -> b.location().equals(hba.location) && b.bundleSymbolicName().equals(subject.symbolicName()));
	}
}
