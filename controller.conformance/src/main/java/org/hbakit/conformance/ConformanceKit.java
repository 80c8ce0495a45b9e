package org.hbakit.conformance;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The conformance kit as a service. Runs are serialised: one dedicated HBA at a time.
 */
@ProviderType
public interface ConformanceKit {
	/** The ids of every check, in the order a run performs them. */
	List<String> checkIds();

	/**
	 * Runs every check against one controller and removes what the run created. Called on the caller's thread,
	 * which it blocks for the run (about {@link ConformanceOptions#seconds()} per workload check plus the bounded
	 * waits of the others); never waits unboundedly.
	 *
	 * @param controller an installed bundle's symbolic name or id, or a path to a controller jar
	 * @return one result per check, in {@link #checkIds()} order
	 * @throws IllegalArgumentException if the controller names no bundle or jar, or has no personality the kit
	 *                                  can take a PCI identity from (and none was given)
	 */
	ConformanceReport run(String controller, ConformanceOptions options) throws InterruptedException;
}
