package org.hbakit.bridge.matching;

/**
 * Starts one ranked candidate on the device (the controller lifecycle's start sequence), implemented by the
 * coordinator. Called by {@link MatchingRound} on the round's thread, at most once per candidate, in rank order
 * within a match category until one returns normally.
 */
@FunctionalInterface
public interface Starter {
	/**
	 * Starts {@code personality} on {@code device} with its probed {@code score}. Returning normally means the
	 * driver runs and its category is consumed; throwing means it did not start (and unwound what it did), and the
	 * next candidate of the category is tried. An {@link InterruptedException} also ends the round.
	 */
	void start(Personality personality, DeviceView device, int score) throws Exception;
}
