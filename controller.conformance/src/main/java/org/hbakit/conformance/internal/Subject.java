package org.hbakit.conformance.internal;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.hbakit.controller.api.personality.IOKitPersonalityKeys;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.hbakit.controller.api.registry.PersonalityInfo;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * The controller under test: an installed bundle found by symbolic name or id, or a jar installed for the run
 * (and uninstalled by {@link #close()}), with its PCI identity from its first personality's
 * {@code IOPCIPrimaryMatch}.
 */
final class Subject implements AutoCloseable {
	/** How long a jar's personalities may take to be accepted. */
	static final long PERSONALITY_MS = 30_000;

	final Bundle bundle;
	final boolean installedForRun;
	final boolean wasActive;

	private Subject(Bundle bundle, boolean installedForRun) {
		this.bundle = bundle;
		this.installedForRun = installedForRun;
		this.wasActive = bundle.getState() == Bundle.ACTIVE;
	}

	static Subject open(BundleContext context, String controller) throws BundleException, IOException {
		Optional<Bundle> installed = Arrays.stream(context.getBundles())
				.filter(b -> controller.equals(b.getSymbolicName()) || controller.equals(Long.toString(b.getBundleId())))
				.findFirst();
		if (installed.isPresent()) {
			return new Subject(installed.get(), false);
		}
		File jar = new File(controller);
		if (!jar.isFile()) {
			throw new IllegalArgumentException(controller + " is no installed bundle (symbolic name or id) and no jar");
		}
		Bundle b;
		try (InputStream in = new FileInputStream(jar)) {
			b = context.installBundle("conformance:" + jar.getAbsolutePath(), in);
		}
		Subject s = new Subject(b, true);
		try {
			b.start();
		} catch (BundleException e) {
			s.close();
			throw e;
		}
		return s;
	}

	String symbolicName() {
		return bundle.getSymbolicName();
	}

	/** The first accepted personality of the bundle, waited for (bounded) after an install. */
	PersonalityInfo personality(IOKitRegistry registry) throws InterruptedException {
		PersonalityInfo[] found = new PersonalityInfo[1];
		Waits.until(() -> {
			List<PersonalityInfo> mine = registry.personalities().stream()
					.filter(p -> p.bundleId() == bundle.getBundleId()).toList();
			found[0] = mine.isEmpty() ? null : mine.get(0);
			return found[0] != null;
		}, PERSONALITY_MS);
		if (found[0] == null) {
			throw new IllegalArgumentException(symbolicName() + " has no accepted IOKitPersonality (see hba:personalities)");
		}
		return found[0];
	}

	/** {@code {vendor, device}} from a personality's {@code IOPCIPrimaryMatch} (its first value, mask ignored). */
	static int[] ids(PersonalityInfo p) {
		Object match = p.properties().get(IOKitPersonalityKeys.IO_PCI_PRIMARY_MATCH);
		if (match == null) {
			throw new IllegalArgumentException("personality " + p.name() + " has no IOPCIPrimaryMatch: give --ids");
		}
		String first = match.toString().trim().split("\\s+")[0].split("&")[0];
		long v = Long.decode(first);
		return new int[] { (int) (v & 0xFFFF), (int) ((v >>> 16) & 0xFFFF) };
	}

	/** Uninstalls a jar installed for the run; leaves an installed bundle as it found it (started again if it was). */
	@Override
	public void close() throws BundleException {
		if (installedForRun) {
			if (bundle.getState() != Bundle.UNINSTALLED) {
				bundle.uninstall();
			}
		} else if (wasActive && bundle.getState() != Bundle.ACTIVE) {
			bundle.start();
		}
	}
}
