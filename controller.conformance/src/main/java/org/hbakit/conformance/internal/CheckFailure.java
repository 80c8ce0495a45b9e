package org.hbakit.conformance.internal;

/** A check saw the controller break the contract: the message is the detail printed. */
final class CheckFailure extends Exception {
	private static final long serialVersionUID = 1L;

	CheckFailure(String detail) {
		super(detail, null, false, false);
	}

	/** Fails with {@code detail} unless {@code condition}. */
	static void require(boolean condition, String detail) throws CheckFailure {
		if (!condition) {
			throw new CheckFailure(detail);
		}
	}
}
