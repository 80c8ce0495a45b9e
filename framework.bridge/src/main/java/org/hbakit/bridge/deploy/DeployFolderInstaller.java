package org.hbakit.bridge.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.hbakit.bridge.bench.Deployer;
import org.hbakit.bridge.matching.PersonalityCatalog;
import org.hbakit.bridge.osgi.BridgeCoordinator;
import org.hbakit.bridge.supervisor.Bridge;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * FileInstall's installer for controller jars: claims every {@code .jar} of the deploy folder that carries an
 * {@code Info.plist} (FileInstall asks the installers it tracks, highest ranking first, before its own bundle
 * handling), and keeps the files it claimed even while they are unreadable — FileInstall would otherwise take an
 * unreadable jar for a deleted one and uninstall its bundle. The work is done by {@link Deployments} on the deploy
 * thread ({@code hbakit-deploy}), so FileInstall's thread never waits on it.
 * <p>
 * A {@code .jar} that cannot be opened at all is left to FileInstall (which tries it again on every scan) and logged
 * once at WARN. Jars without a plist are ordinary bundles for FileInstall, configuration files are its own.
 * <p>
 * It is also the bench's {@link Deployer}: a deployment is a plain write of the jar into the folder, then a wait for
 * its outcome.
 */
@Component(service = { ArtifactInstaller.class, Deployer.class }, immediate = true)
public final class DeployFolderInstaller implements ArtifactInstaller, Deployer {
	private final Logger log;
	private final Bridge bridge;
	private final List<Path> folders;
	private final Deployments deployments;
	private final ExecutorService thread;
	private final Set<Path> claimed = ConcurrentHashMap.newKeySet();
	private final Set<Path> unreadable = ConcurrentHashMap.newKeySet();
	private final long pollMs;

	@Activate
	public DeployFolderInstaller(BundleContext context, @Reference BridgeCoordinator coordinator,
			@Reference PersonalityCatalog catalog, @Reference(service = LoggerFactory.class) Logger log) {
		this.log = log;
		this.bridge = coordinator.bridge();
		this.folders = folders(context.getProperty("felix.fileinstall.dir"));
		String poll = context.getProperty("felix.fileinstall.poll");
		this.pollMs = poll == null ? 2000 : Long.parseLong(poll.strip());
		File data = context.getDataFile("deploy-staging");
		Path staging = data != null ? data.toPath()
				: Path.of(System.getProperty("java.io.tmpdir"), "hbakit-deploy-staging");
		this.deployments = new Deployments(context, coordinator.bridge(), catalog, log, staging);
		this.thread = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "hbakit-deploy");
			t.setDaemon(true);
			return t;
		});
		post(() -> deployments.adopt(folders));
	}

	@Deactivate
	void deactivate() throws InterruptedException {
		thread.shutdown();
		if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
			thread.shutdownNow();
		}
	}

	// ---------------------------------------------------------------- FileInstall (its watcher's thread)

	@Override
	public boolean canHandle(File artifact) {
		if (!artifact.getName().toLowerCase(Locale.ROOT).endsWith(".jar")) {
			return false;
		}
		Path file = key(artifact);
		if (claimed.contains(file)) {
			return true; // whatever it holds now: refused if unreadable, never taken for a deletion
		}
		try {
			boolean controller = ControllerJar.looksLikeController(file);
			unreadable.remove(file);
			return controller;
		} catch (IOException | RuntimeException e) {
			if (unreadable.add(file)) {
				log.warn("{} is not a readable jar ({}): nothing installed from it; it is tried again when it changes",
						file.getFileName(), e.getMessage());
			}
			return false;
		}
	}

	@Override
	public void install(File artifact) {
		Path file = key(artifact);
		claimed.add(file);
		unreadable.remove(file);
		post(() -> deployments.changed(file));
	}

	@Override
	public void update(File artifact) {
		Path file = key(artifact);
		post(() -> deployments.changed(file));
	}

	@Override
	public void uninstall(File artifact) {
		Path file = key(artifact);
		claimed.remove(file);
		post(() -> deployments.removed(file));
	}

	// ---------------------------------------------------------------- the bench (its deploy thread)

	@Override
	public String deploy(String fileName, byte[] jar) throws Exception {
		Path file = folder().resolve(fileName).toAbsolutePath().normalize();
		String digest = ControllerJar.sha256(jar);
		if (Files.exists(file) && digest.equals(ControllerJar.sha256(Files.readAllBytes(file)))) {
			return fileName + " already holds that content";
		}
		deployments.forget(file);
		Files.write(file, jar); // a plain write: FileInstall may see it half-written, which is refused and retried
		Deployments.Outcome o = deployments.await(file, digest, outcomeBoundMs());
		if (o == null) {
			throw new IllegalStateException(fileName + ": no outcome within " + outcomeBoundMs() + " ms");
		}
		if (!o.accepted()) {
			throw new IllegalStateException(o.message());
		}
		return o.message();
	}

	@Override
	public String remove(String fileName) throws Exception {
		Path file = folder().resolve(fileName).toAbsolutePath().normalize();
		deployments.forget(file);
		if (!Files.deleteIfExists(file)) {
			return fileName + " was not there";
		}
		Deployments.Outcome o = deployments.await(file, Deployments.REMOVED, outcomeBoundMs());
		if (o == null) {
			throw new IllegalStateException(fileName + ": its removal was not handled within " + outcomeBoundMs() + " ms");
		}
		return o.message();
	}

	// ---------------------------------------------------------------- plumbing

	private Path folder() {
		if (folders.isEmpty()) {
			throw new IllegalStateException("no deploy folder: felix.fileinstall.dir is not set");
		}
		return folders.get(0);
	}

	/** FileInstall notices a write within two scans; the install and the moves take their own bounds. */
	private long outcomeBoundMs() {
		return 4 * pollMs + 60_000;
	}

	/** Runs {@code step} on the deploy thread; the registry's quiescence waits for it. */
	private void post(Step step) {
		Bridge.Activity activity = bridge.activity();
		try {
			thread.execute(() -> {
				try (activity) {
					step.run();
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				} catch (Throwable t) {
					// one deployment's failure never stops the deployer
					log.error("deployment step failed", t);
				}
			});
		} catch (RejectedExecutionException e) {
			activity.close();
			log.warn("the deployer is stopping; a deploy folder change is not handled");
		}
	}

	@FunctionalInterface
	private interface Step {
		void run() throws InterruptedException;
	}

	private static Path key(File artifact) {
		return artifact.toPath().toAbsolutePath().normalize();
	}

	private static List<Path> folders(String property) {
		List<Path> out = new ArrayList<>();
		if (property != null) {
			for (String d : property.split(",")) {
				if (!d.isBlank()) {
					out.add(Path.of(d.strip()).toAbsolutePath().normalize());
				}
			}
		}
		return out;
	}
}
