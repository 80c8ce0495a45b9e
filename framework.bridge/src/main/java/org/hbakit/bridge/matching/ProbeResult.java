package org.hbakit.bridge.matching;

import java.util.Objects;

/**
 * What a {@link Prober} answered.
 *
 * @param accepted whether the candidate stays in the round
 * @param score    the (possibly adjusted) score when accepted
 * @param reason   why it declined, or null
 */
public record ProbeResult(boolean accepted, int score, String reason) {
	/** Accepts with {@code score}. */
	public static ProbeResult accept(int score) {
		return new ProbeResult(true, score, null);
	}

	/** Declines for {@code reason}. */
	public static ProbeResult decline(String reason) {
		return new ProbeResult(false, 0, Objects.requireNonNull(reason));
	}
}
