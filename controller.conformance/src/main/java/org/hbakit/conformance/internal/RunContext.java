package org.hbakit.conformance.internal;

import java.util.EnumMap;
import java.util.Map;

import org.hbakit.conformance.ConformanceOptions;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.registry.BindingInfo;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.hbakit.controller.api.registry.ViolationInfo;
import org.hbakit.controller.api.registry.ViolationKind;
import org.osgi.framework.BundleContext;

/** What every check of one run sees: the registry, the run's HBA, the controller under test, the options. */
final class RunContext {
	final BundleContext context;
	final IOKitRegistry registry;
	final RunHba hba;
	final Subject subject;
	final ConformanceOptions options;
	/** The subject's class loader when the run began, weakly: {@code stop.classloader} wants it collected. */
	final java.lang.ref.WeakReference<ClassLoader> subjectLoader;

	RunContext(BundleContext context, IOKitRegistry registry, RunHba hba, Subject subject, ConformanceOptions options) {
		this.context = context;
		this.registry = registry;
		this.hba = hba;
		this.subject = subject;
		this.options = options;
		org.osgi.framework.wiring.BundleWiring w = subject.bundle.adapt(org.osgi.framework.wiring.BundleWiring.class);
		this.subjectLoader = new java.lang.ref.WeakReference<>(w == null ? null : w.getClassLoader());
	}

	/** The published unit; fails the check if it is not there. */
	SCSILogicalUnit unit(RunHba.Unit u) throws CheckFailure {
		SCSILogicalUnit unit = hba.unit(u);
		CheckFailure.require(unit != null, "logical unit " + u.target + ":" + u.lun + " (" + u + ") is not published");
		return unit;
	}

	/** The subject's binding on the run's HBA, or null. */
	BindingInfo binding() {
		return registry.bindings().stream()
				.filter(b -> b.location().equals(hba.location) && b.bundleSymbolicName().equals(subject.symbolicName()))
				.findFirst().orElse(null);
	}

	/** The violations the subject made on the run's HBA so far, by kind. */
	Map<ViolationKind, Long> violations() {
		Map<ViolationKind, Long> out = new EnumMap<>(ViolationKind.class);
		for (ViolationInfo v : registry.violations()) {
			if (v.location().equals(hba.location) && v.bundleSymbolicName().equals(subject.symbolicName())) {
				out.merge(v.kind(), v.count(), Long::sum);
			}
		}
		return out;
	}

	/** The kinds of refused completion that break "every task completes exactly once, version 1, its own id". */
	static final ViolationKind[] COMPLETION_KINDS = { ViolationKind.UNKNOWN_TASK, ViolationKind.WRONG_VERSION,
			ViolationKind.NOT_IN_FLIGHT, ViolationKind.WRONG_TASK_ID };

	/** Fails unless no completion was refused as one of {@link #COMPLETION_KINDS} since {@code before}. */
	void requireNoRefusedCompletionsSince(Map<ViolationKind, Long> before, String during) throws CheckFailure {
		Map<ViolationKind, Long> after = violations();
		for (ViolationKind k : COMPLETION_KINDS) {
			long d = after.getOrDefault(k, 0L) - before.getOrDefault(k, 0L);
			CheckFailure.require(d == 0, during + ": " + d + " completions refused as " + k + " (last: "
					+ lastViolation(k) + ")");
		}
	}

	/** The last message of a violation kind, for a detail. */
	String lastViolation(ViolationKind kind) {
		return registry.violations().stream()
				.filter(v -> v.location().equals(hba.location) && v.kind() == kind
						&& v.bundleSymbolicName().equals(subject.symbolicName()))
				.map(ViolationInfo::lastMessage).findFirst().orElse("");
	}

	/**
	 * Binds the subject to the run's HBA again (a hot swap to itself: held, drained, stopped, started), and waits
	 * until its units are published.
	 */
	String restart() throws Exception {
		String what = registry.rematch(hba.location, subject.symbolicName());
		CheckFailure.require(binding() != null, "after rematch the controller is not bound: " + what);
		CheckFailure.require(Waits.until(hba::allUnitsPublished, RunHba.READY_MS), "after rematch not every unit was published");
		return what;
	}
}
