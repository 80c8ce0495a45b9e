package org.hbakit.bridge.deploy;

/** Why a controller jar is not deployed (or not yet): it is logged with the file and the running driver stays. */
final class Refusal extends Exception {
	private static final long serialVersionUID = 1L;

	Refusal(String reason) {
		super(reason, null, false, false);
	}
}
