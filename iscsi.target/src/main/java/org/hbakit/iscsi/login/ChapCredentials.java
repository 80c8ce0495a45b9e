package org.hbakit.iscsi.login;

/**
 * CHAP secrets of the front door (RFC 7143 §12.1.3, RFC 1994). One-way CHAP: the initiator proves it knows
 * {@code secret} for {@code user}. Mutual CHAP: in addition the target proves it knows {@code targetSecret} and
 * names itself {@code targetUser}. Empty {@code user} means CHAP is not required.
 */
public record ChapCredentials(String user, String secret, String targetUser, String targetSecret) {
	/** No CHAP. */
	public static final ChapCredentials NONE = new ChapCredentials("", "", "", "");

	/** Whether initiators must authenticate with CHAP. */
	public boolean required() {
		return !user.isEmpty();
	}

	/** Whether the target authenticates itself to initiators that ask (mutual CHAP). */
	public boolean mutual() {
		return !targetUser.isEmpty();
	}

	@Override
	public String toString() {
		return required() ? "CHAP user " + user + (mutual() ? ", target user " + targetUser : "") : "no CHAP";
	}
}
