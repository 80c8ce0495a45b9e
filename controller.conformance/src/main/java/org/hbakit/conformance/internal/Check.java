package org.hbakit.conformance.internal;

/** One named check. Runs on the kit's calling thread; every wait inside is bounded. */
interface Check {
	/** The check's id, e.g. {@code start.reports}. */
	String id();

	/**
	 * Runs the check.
	 *
	 * @return the detail of a pass
	 * @throws CheckFailure with the detail of a failure (any other exception fails the check too)
	 */
	String run(RunContext run) throws Exception;
}
