package org.hbakit.iscsi.login;

import java.util.Set;

/**
 * Who may log in: the CHAP credentials and the initiator names allowed (empty: any). Immutable; the configuration
 * replaces it as a whole, and each login reads it once.
 */
public record AccessPolicy(ChapCredentials chap, Set<String> allowedInitiators) {
	/** Anyone, without CHAP. */
	public static final AccessPolicy OPEN = new AccessPolicy(ChapCredentials.NONE, Set.of());

	public AccessPolicy {
		allowedInitiators = Set.copyOf(allowedInitiators);
	}

	/** Whether {@code initiatorName} may log in to normal sessions. */
	public boolean allows(String initiatorName) {
		return allowedInitiators.isEmpty() || allowedInitiators.contains(initiatorName);
	}
}
