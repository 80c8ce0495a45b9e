package org.hbakit.bridge.matching;

/**
 * The outcome of class and passive matching of one personality against one provider.
 *
 * @param matched whether every key matched
 * @param key     the first key that did not match ({@code IOProviderClass}, {@code IOPCIMatch}, …), or null
 * @param reason  why it did not match, for humans (and {@code hba:matches}), or null
 */
public record PassiveMatchResult(boolean matched, String key, String reason) {
	/** The result of a personality that matched. */
	public static final PassiveMatchResult MATCHED = new PassiveMatchResult(true, null, null);

	/** A failed match on {@code key}. */
	public static PassiveMatchResult failed(String key, String reason) {
		return new PassiveMatchResult(false, key, reason);
	}

	/** {@code key: reason}, or {@code matched}. */
	public String describe() {
		return matched ? "matched" : key + ": " + reason;
	}
}
