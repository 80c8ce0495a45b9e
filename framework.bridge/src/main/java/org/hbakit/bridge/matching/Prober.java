package org.hbakit.bridge.matching;

/**
 * The active phase's probe of one passive match (DriverKit's {@code probe(provider, &score)}): the coordinator
 * implements it, typically by asking the controller class (or nothing, accepting the score). Called by
 * {@link MatchingRound} on the round's thread, once per candidate, before any start; must not start anything.
 */
@FunctionalInterface
public interface Prober {
	/** A prober that accepts every candidate with its personality's score (IOKit's default probe). */
	Prober ACCEPT = (personality, device, score) -> ProbeResult.accept(score);

	/**
	 * Probes {@code personality} on {@code device}.
	 *
	 * @param score the personality's {@code IOProbeScore}
	 * @return the adjusted score, or a decline with its reason; an exception counts as a decline
	 */
	ProbeResult probe(Personality personality, DeviceView device, int score) throws Exception;
}
