package org.hbakit.conformance;

import java.util.List;

/**
 * What one run found.
 *
 * @param controller         what the run was asked to check (symbolic name, id or path)
 * @param bundleSymbolicName the controller bundle
 * @param bundleVersion      its version
 * @param hba                the run's HBA: {@code <name> <location> <vendor>:<device>}
 * @param checks             one result per check, in run order
 */
public record ConformanceReport(String controller, String bundleSymbolicName, String bundleVersion, String hba,
		List<CheckResult> checks) {
	/** Copies the list. */
	public ConformanceReport {
		checks = List.copyOf(checks);
	}

	/** Checks passed. */
	public long passed() {
		return checks.stream().filter(CheckResult::passed).count();
	}

	/** Checks failed. */
	public long failed() {
		return checks.size() - passed();
	}

	/** {@code conformance: N passed, M failed}. */
	public String summary() {
		return "conformance: " + passed() + " passed, " + failed() + " failed";
	}

	/** One line per check, then {@link #summary()}; lines end with {@code \n}. */
	public String toText() {
		StringBuilder b = new StringBuilder();
		checks.forEach(c -> b.append(c.line()).append('\n'));
		return b.append(summary()).append('\n').toString();
	}
}
