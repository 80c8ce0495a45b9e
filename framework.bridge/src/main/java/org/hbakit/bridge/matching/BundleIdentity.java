package org.hbakit.bridge.matching;

import java.util.Objects;

/**
 * The controller bundle a personality came from, without any OSGi type: the extender fills it from the
 * {@code Bundle}, tests make their own.
 *
 * @param symbolicName the bundle symbolic name
 * @param version      the bundle version, as text
 * @param bundleId     the framework's bundle id (install order; the tie-break of equal probe scores)
 */
public record BundleIdentity(String symbolicName, String version, long bundleId) {
	/** Checks that the names are present. */
	public BundleIdentity {
		Objects.requireNonNull(symbolicName, "symbolicName");
		Objects.requireNonNull(version, "version");
	}

	@Override
	public String toString() {
		return symbolicName + "/" + version + "[" + bundleId + "]";
	}
}
