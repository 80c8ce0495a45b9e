package org.hbakit.bridge.supervisor;

import java.util.Set;
import java.util.stream.Collectors;

import org.hbakit.bridge.matching.Personality;

/**
 * Whether a bound device should move to another controller without being asked, for its supervisor (on its
 * thread): when the bundle driving it is withheld (the deployer retires it), or superseded by a newer version of
 * the same identifier that arrived — IOKit's "the highest version matches", applied to running devices as a hot
 * swap. An operator who named a superseded version ({@code hba:swap hba0 bundle:version}) keeps it until another
 * version arrives. A move that failed (the successor did not start, the device went back to its controller) is not
 * tried again until the candidates change.
 */
final class Succession {
	/** A move to make: to the chosen bundle, or to the best candidate when {@code choice} is null. */
	record Move(ControllerChoice choice, String reason) {
	}

	private long pinnedBundle = -1;
	private long pinnedAgainst = -1;
	private Set<Long> failedWith;

	/** What to do now for a device driven by {@code current}, or null to stay. */
	Move next(CandidatePool pool, Personality current) {
		String withheld = pool.withheldReason(current.bundleId());
		Candidate successor = pool.successorOf(current);
		Move move;
		if (withheld != null) {
			move = new Move(successor == null ? null : ControllerChoice.bundleOf(successor),
					name(current) + " is " + withheld);
		} else if (successor != null && !pool.isCandidate(current)) {
			if (pinnedBundle == current.bundleId() && pinnedAgainst == successor.personality().bundleId()) {
				return null; // the operator chose this version over that one
			}
			move = new Move(ControllerChoice.bundleOf(successor), name(current) + " "
					+ CandidatePool.supersededBy(successor.personality()));
		} else {
			return null;
		}
		return failedWith != null && failedWith.equals(bundles(pool)) ? null : move;
	}

	/** The move did not happen (nothing started): not again while the candidates are the same. */
	void failed(CandidatePool pool) {
		failedWith = bundles(pool);
	}

	/** The device moved, or the operator swapped it: what was learnt no longer holds. */
	void moved() {
		failedWith = null;
		pinnedBundle = -1;
		pinnedAgainst = -1;
	}

	/** The operator chose {@code chosen} by its version while {@code newest} (or nothing newer) was there. */
	void pinned(Personality chosen, Candidate newest) {
		moved();
		if (newest != null) {
			pinnedBundle = chosen.bundleId();
			pinnedAgainst = newest.personality().bundleId();
		}
	}

	private static Set<Long> bundles(CandidatePool pool) {
		return pool.candidates().stream().map(c -> c.personality().bundleId()).collect(Collectors.toSet());
	}

	private static String name(Personality p) {
		return p.bundleSymbolicName() + " " + p.bundleVersion() + " (bundle " + p.bundleId() + ")";
	}
}
