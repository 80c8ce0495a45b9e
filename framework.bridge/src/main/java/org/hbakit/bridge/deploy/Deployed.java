package org.hbakit.bridge.deploy;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

import org.osgi.framework.Bundle;

/**
 * A controller bundle the deployer installed, and the files of the deploy folder that provide it (files with the
 * same content share one bundle). Owned by the deploy thread.
 */
final class Deployed {
	final Bundle bundle;
	final String digest;
	final String name;
	final Set<Path> files = new LinkedHashSet<>();

	Deployed(Bundle bundle, String digest, String name) {
		this.bundle = bundle;
		this.digest = digest;
		this.name = name;
	}

	long id() {
		return bundle.getBundleId();
	}

	@Override
	public String toString() {
		return name + " (bundle " + bundle.getBundleId() + ")";
	}
}
