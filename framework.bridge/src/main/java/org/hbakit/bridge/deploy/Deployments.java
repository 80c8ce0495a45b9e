package org.hbakit.bridge.deploy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.hbakit.bridge.engine.ControllerCall;
import org.hbakit.bridge.engine.EngineSettings;
import org.hbakit.bridge.matching.Personality;
import org.hbakit.bridge.matching.PersonalityCatalog;
import org.hbakit.bridge.supervisor.Bridge;
import org.hbakit.bridge.supervisor.Candidate;
import org.hbakit.bridge.supervisor.CandidatePool;
import org.hbakit.bridge.supervisor.CandidateSource;
import org.hbakit.bridge.supervisor.DeviceSupervisor;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.log.Logger;

/**
 * The deploy folder's controller jars and the bundles installed from them, and the make-before-break sequence; every
 * method runs on the deploy thread, one event at a time.
 * <p>
 * A file that changed is {@linkplain ControllerJar read and checked}; a jar that fails is refused (WARN once per
 * file until it is accepted or removed) and whatever its file provided before keeps running. A new content is
 * installed beside the running bundle — withheld from matching while it is checked: started, its controller service
 * registered for every personality, one instance made and released — then released to matching and the bundle it
 * replaces withheld, in one change: each device moves with its supervisor's ordinary swap (newer version or
 * rebuild by the versions rule, an older one because the newer is retiring). The replaced bundle is uninstalled
 * once no device runs on it; a device whose move failed keeps it (WARN) until a later event finds it free. A
 * removed file retires its bundle only when no other file provides the same content.
 */
final class Deployments {
	/** Location prefix of the bundles the deployer installs: {@code hbakit-deploy:<sha-256>:<file name>}. */
	static final String LOCATION = "hbakit-deploy:";

	/** {@link Outcome#digest()} of a handled removal. */
	static final String REMOVED = "removed";

	/** What became of a file's content, for whoever waits on it (the bench's deployer). */
	record Outcome(String digest, boolean accepted, String message) {
	}

	private static final class FileState {
		Deployed deployed;
		boolean warned;
	}

	private final BundleContext context;
	private final Bridge bridge;
	private final PersonalityCatalog catalog;
	private final Logger log;
	private final Path staging;
	private final BoundedCalls calls;
	private final Map<Path, FileState> files = new HashMap<>();
	private final Map<String, Deployed> byDigest = new HashMap<>();
	private final Set<Deployed> retiring = new LinkedHashSet<>();
	private final Map<Path, Outcome> outcomes = new HashMap<>();

	Deployments(BundleContext context, Bridge bridge, PersonalityCatalog catalog, Logger log, Path staging) {
		this.context = context;
		this.bridge = bridge;
		this.catalog = catalog;
		this.log = log;
		this.staging = staging;
		this.calls = new BoundedCalls(bridge.context().log());
	}

	// ---------------------------------------------------------------- events (the deploy thread)

	/** {@code file} was added or changed. */
	void changed(Path file) throws InterruptedException {
		freeRetired();
		ControllerJar jar;
		try {
			jar = ControllerJar.read(file, staging);
		} catch (NoSuchFileException e) {
			return; // gone meanwhile: its removal follows
		} catch (Refusal r) {
			refuse(file, null, r.getMessage());
			return;
		}
		FileState f = files.computeIfAbsent(file, k -> new FileState());
		Deployed current = f.deployed;
		if (current != null && current.digest.equals(jar.digest())) {
			f.warned = false;
			record(file, new Outcome(jar.digest(), true, file.getFileName() + " already provides " + current));
			return;
		}
		CandidatePool pool = bridge.candidates();
		try (CandidatePool.Hold hold = pool.hold(installBoundMs())) {
			Deployed next = byDigest.get(jar.digest());
			if (next == null) {
				try {
					next = install(jar);
				} catch (Refusal r) {
					refuse(file, jar.digest(), r.getMessage());
					return;
				}
			}
			f.deployed = next;
			f.warned = false;
			next.files.add(file);
			retiring.remove(next);
			Deployed replaced = null;
			if (current != null) {
				current.files.remove(file);
				if (current.files.isEmpty()) {
					replaced = current;
				}
			}
			// one change: the new bundle becomes a candidate and the one it replaces retires
			pool.restore(next.id());
			if (replaced != null) {
				pool.withhold(replaced.id(), "retiring: " + file.getFileName() + " now holds " + next);
			}
			bridge.candidatesChanged();
			settle();
			List<String> moved = devicesOn(next);
			if (replaced != null) {
				retire(replaced, true);
			}
			String message = "deployed " + next + " from " + file.getFileName()
					+ (replaced != null ? ", replacing " + replaced : "") + "; driving " + (moved.isEmpty() ? "no HBA"
							: String.join(", ", moved));
			log.info(message);
			record(file, new Outcome(jar.digest(), true, message));
		}
	}

	/** {@code file} was removed. */
	void removed(Path file) throws InterruptedException {
		freeRetired();
		FileState f = files.remove(file);
		if (f == null || f.deployed == null) {
			record(file, new Outcome(REMOVED, true, file.getFileName() + " removed; it provided nothing"));
			return;
		}
		Deployed d = f.deployed;
		d.files.remove(file);
		if (!d.files.isEmpty()) {
			String message = file.getFileName() + " removed; " + d + " stays: " + d.files.iterator().next().getFileName()
					+ " provides it too";
			log.info(message);
			record(file, new Outcome(REMOVED, true, message));
			return;
		}
		bridge.candidates().withhold(d.id(), "retiring: " + file.getFileName() + " was removed");
		bridge.candidatesChanged();
		settle(); // devices another controller can drive move to it first
		retire(d, false);
		record(file, new Outcome(REMOVED, true, file.getFileName() + " removed; " + d + " uninstalled"));
	}

	/**
	 * At activation: bundles a previous deployer instance installed (the bridge restarted, or the framework kept its
	 * bundles) are adopted when a file in {@code folders} still holds their content, else retired.
	 */
	void adopt(List<Path> folders) throws InterruptedException {
		List<Deployed> orphans = new ArrayList<>();
		for (Bundle b : context.getBundles()) {
			String location = b.getLocation();
			if (!location.startsWith(LOCATION) || b.getState() == Bundle.UNINSTALLED) {
				continue;
			}
			String[] parts = location.substring(LOCATION.length()).split(":", 2);
			Deployed d = new Deployed(b, parts[0], b.getSymbolicName() + " " + b.getVersion());
			for (Path folder : folders) {
				Path file = folder.resolve(parts.length > 1 ? parts[1] : "");
				if (parts.length > 1 && parts[0].equals(digestOf(file))) {
					FileState f = files.computeIfAbsent(file, k -> new FileState());
					f.deployed = d;
					d.files.add(file);
				}
			}
			if (d.files.isEmpty()) {
				orphans.add(d);
			} else {
				byDigest.put(d.digest, d);
				log.info("adopted {} deployed from {}", d, d.files);
			}
		}
		for (Deployed d : orphans) {
			bridge.candidates().withhold(d.id(), "retiring: its file is no longer in the deploy folder");
			bridge.candidatesChanged();
			settle();
			retire(d, false);
		}
	}

	// ---------------------------------------------------------------- for waiters (any thread)

	/**
	 * Waits until {@code file}'s content {@code digest} was accepted or refused ({@link #REMOVED}: until the file's
	 * removal was handled).
	 *
	 * @return the outcome, or null if none came within {@code timeoutMillis}
	 */
	synchronized Outcome await(Path file, String digest, long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		while (true) {
			Outcome o = outcomes.get(file);
			if (o != null && digest.equals(o.digest())) {
				return o;
			}
			long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (left <= 0) {
				return null;
			}
			wait(left);
		}
	}

	/** Forgets what {@link #await} would find for {@code file}. */
	synchronized void forget(Path file) {
		outcomes.remove(file);
	}

	private synchronized void record(Path file, Outcome o) {
		outcomes.put(file, o);
		notifyAll();
	}

	// ---------------------------------------------------------------- the steps

	/**
	 * Installs {@code jar} beside what runs, withheld, and checks it: it starts, registers a usable controller
	 * service for each personality, and each service makes (and takes back) one instance.
	 *
	 * @throws Refusal after uninstalling it again
	 */
	private Deployed install(ControllerJar jar) throws Refusal, InterruptedException {
		String location = LOCATION + jar.digest() + ":" + jar.file().getFileName();
		Bundle b;
		try {
			b = context.installBundle(location, new ByteArrayInputStream(jar.bytes()));
		} catch (BundleException | IllegalStateException e) {
			throw new Refusal("it could not be installed: " + e.getMessage());
		}
		CandidatePool pool = bridge.candidates();
		pool.withhold(b.getBundleId(), "being checked by the deployer");
		Deployed d = new Deployed(b, jar.digest(), jar.bundle());
		try {
			ControllerCall<Void> start = calls.call("start of " + d, () -> {
				b.start();
				return null;
			}, settings().controllerCallTimeoutMs());
			if (!start.returned()) {
				throw new Refusal("it did not start: " + (start.error() instanceof BundleException e ? e.getMessage()
						: start.failure()));
			}
			check(b, jar);
			// off the pause: the swaps that follow then run classes already loaded and verified
			calls.call("class loading of " + d, () -> BundleClassLinker.link(b), settings().controllerCallTimeoutMs());
		} catch (Refusal r) {
			uninstall(d);
			throw r;
		}
		byDigest.put(jar.digest(), d);
		return d;
	}

	private void check(Bundle b, ControllerJar jar) throws Refusal, InterruptedException {
		long bound = settings().controllerCallTimeoutMs();
		CandidatePool pool = bridge.candidates();
		long id = b.getBundleId();
		if (!bridge.awaitCandidates(() -> everyPersonalityUsable(id, jar), bound)) {
			List<String> why = new ArrayList<>();
			for (CandidateSource.Unavailable u : pool.unavailable()) {
				if (u.personality().bundleId() == id && u.problem()) {
					why.add(u.personality().name() + ": " + u.reason());
				}
			}
			throw new Refusal("it registered no usable controller service within " + bound + " ms"
					+ (why.isEmpty() ? " (personalities read: " + catalog.personalities(id).size() + " of "
							+ jar.personalities().size() + ")" : ": " + String.join("; ", why)));
		}
		Set<Object> tried = new HashSet<>();
		for (Candidate c : pool.usableOf(id)) {
			if (!tried.add(c.factory())) {
				continue;
			}
			String what = "instantiation of " + c.personality().ioUserClass();
			ControllerCall<Void> made = calls.call(what, () -> {
				IOUserSCSIParallelInterfaceController instance = c.factory().newInstance();
				c.factory().release(instance);
				return null;
			}, bound);
			if (!made.returned()) {
				Throwable error = made.error();
				throw new Refusal("its controller " + c.personality().ioUserClass() + " cannot be instantiated: "
						+ (error == null ? made.failure() : error.getMessage() != null ? error.getMessage() : error));
			}
		}
	}

	private boolean everyPersonalityUsable(long bundleId, ControllerJar jar) {
		List<Personality> read = catalog.personalities(bundleId);
		if (read.size() < jar.personalities().size()) {
			return false;
		}
		List<Candidate> usable = bridge.candidates().usableOf(bundleId);
		return read.stream().allMatch(p -> usable.stream().anyMatch(c -> c.personality() == p));
	}

	/**
	 * {@code d} is no longer provided by any file and withheld; its devices that could move have moved. It is
	 * uninstalled, unless it was replaced and a device still runs on it (its move failed): then it stays until a later
	 * event finds it free.
	 */
	private void retire(Deployed d, boolean replaced) throws InterruptedException {
		List<String> still = devicesOn(d);
		if (!still.isEmpty() && replaced) {
			retiring.add(d);
			log.warn("{} stays installed for {}: {} could not move to its replacement (see the swap warnings); it is "
					+ "uninstalled once nothing runs on it", d, still, still.size() == 1 ? "it" : "they");
			return;
		}
		if (!still.isEmpty()) {
			log.warn("{} uninstalled: {} lose their controller (held requests wait up to rebindGraceMs for another)", d,
					still);
		}
		uninstall(d);
	}

	/** Retired bundles kept for a device that has since moved away are uninstalled now. */
	private void freeRetired() throws InterruptedException {
		for (Deployed d : List.copyOf(retiring)) {
			if (devicesOn(d).isEmpty()) {
				uninstall(d);
			}
		}
	}

	private void uninstall(Deployed d) throws InterruptedException {
		ControllerCall<Void> gone = calls.call("uninstall of " + d, () -> {
			d.bundle.uninstall();
			return null;
		}, uninstallBoundMs());
		if (!gone.returned() && !(gone.error() instanceof IllegalStateException)) {
			log.error("{}: {}; going on without it", d, gone.failure());
		} else {
			refresh(d.bundle);
		}
		byDigest.remove(d.digest);
		retiring.remove(d);
		bridge.candidates().restore(d.id());
	}

	/** An uninstalled bundle something was wired to stays pending removal until refreshed: refresh it, bounded. */
	private void refresh(Bundle bundle) throws InterruptedException {
		FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
		if (wiring.getRemovalPendingBundles().contains(bundle)) {
			CountDownLatch done = new CountDownLatch(1);
			wiring.refreshBundles(List.of(bundle), e -> {
				if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED || e.getType() == FrameworkEvent.ERROR) {
					done.countDown();
				}
			});
			if (!done.await(uninstallBoundMs(), TimeUnit.MILLISECONDS)) {
				log.warn("refreshing {} did not finish within {} ms", bundle, uninstallBoundMs());
			}
		}
	}

	private void refuse(Path file, String digest, String reason) {
		FileState f = files.computeIfAbsent(file, k -> new FileState());
		String running = f.deployed == null ? "" : "; " + f.deployed + " keeps running";
		String message = file.getFileName() + " refused: " + reason + running
				+ " (the file is tried again when it changes)";
		if (!f.warned) {
			f.warned = true;
			log.warn(message);
		} else {
			log.debug(message);
		}
		record(file, new Outcome(digest, false, message));
	}

	private List<String> devicesOn(Deployed d) {
		List<String> out = new ArrayList<>();
		for (DeviceSupervisor s : bridge.devices()) {
			Personality p = s.personality();
			if (p != null && p.bundleId() == d.id()) {
				out.add(s.name());
			}
		}
		return out;
	}

	private void settle() throws InterruptedException {
		long bound = uninstallBoundMs() + installBoundMs();
		if (!bridge.awaitSettled(bound)) {
			log.warn("the HBAs did not settle within {} ms after a deployment; going on", bound);
		}
	}

	private EngineSettings settings() {
		return bridge.context().settings().get();
	}

	/** Start, service registration, one instantiation: each bounded by {@code controllerCallTimeoutMs}. */
	private long installBoundMs() {
		return 3 * settings().controllerCallTimeoutMs();
	}

	/** Uninstall stops the bundle, which unbinds its devices (drain, abort, stop): bounded as one unbind. */
	private long uninstallBoundMs() {
		EngineSettings s = settings();
		return 2 * s.drainTimeoutMs() + s.abortGraceMs() + s.controllerCallTimeoutMs() + 1_000;
	}

	private static String digestOf(Path file) {
		try {
			return ControllerJar.sha256(Files.readAllBytes(file));
		} catch (IOException e) {
			return null;
		}
	}
}
