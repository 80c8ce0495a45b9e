package org.hbakit.bridge.supervisor;

import java.util.List;

import org.hbakit.bridge.matching.Personality;

/** The personalities matching may consider now, and those it may not, with why (for "why no driver"). */
public interface CandidateSource {
	/** Personalities with a usable controller service, in catalogue order. */
	List<Candidate> candidates();

	/**
	 * Accepted personalities that cannot be candidates now, each with a reason naming what is missing (no service
	 * registered for its {@code IOUserClass}, a service refused for its scope…).
	 */
	List<Unavailable> unavailable();

	/**
	 * A personality that is not a candidate.
	 *
	 * @param personality the personality
	 * @param reason      why, for humans
	 * @param problem     whether it is a mistake to warn about (a missing or refused service), not a state that
	 *                    is as it should be (superseded by a newer version, withheld while its bundle is checked or
	 *                    retired)
	 */
	record Unavailable(Personality personality, String reason, boolean problem) {
		/** A problem: the personality cannot match although it was meant to. */
		public Unavailable(Personality personality, String reason) {
			this(personality, reason, true);
		}
	}
}
