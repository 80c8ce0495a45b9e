package org.hbakit.conformance.internal;

import static org.hbakit.conformance.internal.CheckFailure.require;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * {@code stop.classloader}: the class loader the controller ran in becomes collectable once its bundle is gone — the
 * run's HBA removed, then a jar installed for the run uninstalled, an installed bundle refreshed (a new class loader; the kit starts it
 * again at the end) — within {@value #COLLECT_MS} ms of repeated garbage collections. Nothing the controller did
 * (a static registration, a thread, a service left behind) may keep it.
 */
final class ClassLoaderCheck implements Check {
	static final long COLLECT_MS = 30_000;

	@Override
	public String id() {
		return "stop.classloader";
	}

	@Override
	public String run(RunContext run) throws Exception {
		require(run.subjectLoader.get() != null, "the controller's class loader was not seen at the start");
		// the run's hardware goes first: a simulated device still registered may hold what the driver gave it
		run.hba.close();
		Bundle b = run.subject.bundle;
		FrameworkWiring wiring = run.context.getBundle(0).adapt(FrameworkWiring.class);
		if (run.subject.installedForRun) {
			b.uninstall();
		}
		CountDownLatch refreshed = new CountDownLatch(1);
		wiring.refreshBundles(List.of(b), e -> {
			if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
				refreshed.countDown();
			}
		});
		require(refreshed.await(COLLECT_MS, TimeUnit.MILLISECONDS), "the framework did not refresh the bundle");
		boolean collected = Waits.until(() -> {
			System.gc();
			return run.subjectLoader.get() == null;
		}, COLLECT_MS);
		require(collected, "the controller's class loader was still reachable " + COLLECT_MS + " ms after "
				+ (run.subject.installedForRun ? "uninstall" : "refresh") + holders(run, b.getBundleId()));
		return "class loader collected after " + (run.subject.installedForRun ? "uninstall" : "refresh");
	}

	/**
	 * What the framework can tell about who still holds the loader: bundles still using a service the controller's
	 * bundle registered, and live threads whose context class loader is the controller's.
	 */
	private static String holders(RunContext run, long bundleId) {
		StringBuilder out = new StringBuilder();
		for (Bundle user : run.context.getBundles()) {
			ServiceReference<?>[] inUse;
			try {
				inUse = user.getServicesInUse();
			} catch (IllegalStateException e) {
				continue;
			}
			for (ServiceReference<?> r : inUse == null ? new ServiceReference<?>[0] : inUse) {
				if (Long.valueOf(bundleId).equals(r.getProperty(Constants.SERVICE_BUNDLEID))) {
					out.append("; bundle ").append(user.getSymbolicName()).append(" still uses its service ")
							.append(r.getProperty(Constants.OBJECTCLASS) instanceof String[] c ? String.join(",", c)
									: "?");
				}
			}
		}
		ClassLoader loader = run.subjectLoader.get();
		for (Thread t : Thread.getAllStackTraces().keySet()) {
			if (loader != null && t.getContextClassLoader() == loader) {
				out.append("; thread '").append(t.getName()).append("' has it as its context class loader");
			}
		}
		return out.toString();
	}
}
