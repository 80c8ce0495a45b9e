package org.hbakit.bridge.matching;

/**
 * Why a plist or one personality of it was refused. The extender logs each one; {@link #toString()} is the log
 * line's text, naming the bundle, the personality, the key and the reason.
 *
 * @param bundle      the bundle whose plist it is
 * @param personality the personality's name, or {@link #WHOLE_FILE} for a problem of the whole plist
 * @param key         the offending key: a personality key, {@code IOKitPersonalities}, or {@link #FILE}
 * @param reason      what is wrong, for humans (names the offending token where there is one)
 */
public record PersonalityProblem(BundleIdentity bundle, String personality, String key, String reason) {
	/** The {@link #key()} of problems with the file itself (unreadable, not a plist, not a dictionary). */
	public static final String FILE = "<file>";
	/** The {@link #personality()} of problems that refuse every personality of the plist. */
	public static final String WHOLE_FILE = "*";

	/** Whether this problem refused the whole plist rather than one personality. */
	public boolean wholeFile() {
		return WHOLE_FILE.equals(personality);
	}

	@Override
	public String toString() {
		return "bundle=" + bundle + " personality=" + personality + " key=" + key + " reason=" + reason;
	}
}
