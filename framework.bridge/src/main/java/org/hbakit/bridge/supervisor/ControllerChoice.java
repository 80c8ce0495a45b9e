package org.hbakit.bridge.supervisor;

import java.util.List;

import org.hbakit.bridge.matching.BundleVersion;
import org.hbakit.bridge.matching.Personality;

/**
 * Which controllers a rematch may start: those whose {@code IOUserClass} or bundle symbolic name is {@code name},
 * of {@code version} if given (then a superseded version may be named too), of one bundle if {@code bundleId} is not
 * negative (a move onto a successor).
 *
 * @param name     an {@code IOUserClass} or a bundle symbolic name
 * @param version  a bundle version, or null for the newest
 * @param bundleId a bundle id, or -1 for any
 */
record ControllerChoice(String name, String version, long bundleId) {
	/**
	 * {@code hba:swap}'s argument: {@code <IOUserClass>}, {@code <bundle>} or {@code <bundle>:<version>}; null for
	 * none.
	 */
	static ControllerChoice parse(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		String t = text.strip();
		int colon = t.indexOf(':');
		if (colon < 0) {
			return new ControllerChoice(t, null, -1);
		}
		String name = t.substring(0, colon).strip();
		String version = t.substring(colon + 1).strip();
		if (name.isEmpty() || version.isEmpty()) {
			throw new IllegalArgumentException("'" + text + "': expected <IOUserClass>, <bundle> or <bundle>:<version>");
		}
		return new ControllerChoice(name, version, -1);
	}

	/** Exactly the bundle of {@code c}. */
	static ControllerChoice bundleOf(Candidate c) {
		Personality p = c.personality();
		return new ControllerChoice(p.bundleSymbolicName(), p.bundleVersion(), p.bundleId());
	}

	/** Whether {@code p} is one of the chosen. */
	boolean matches(Personality p) {
		return (bundleId < 0 || p.bundleId() == bundleId)
				&& (name.equals(p.ioUserClass()) || name.equals(p.bundleSymbolicName()))
				&& (version == null || BundleVersion.same(version, p.bundleVersion()));
	}

	/** The candidates to choose from: with a version, superseded ones too; else only the newest of each. */
	List<Candidate> from(CandidatePool pool) {
		return (version == null ? pool.candidates() : pool.usable()).stream().filter(c -> matches(c.personality()))
				.toList();
	}

	@Override
	public String toString() {
		return version == null ? name : name + ":" + version;
	}
}
