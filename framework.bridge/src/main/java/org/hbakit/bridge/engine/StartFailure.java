package org.hbakit.bridge.engine;

/** A controller's start sequence failed at a named step; the steps before it were unwound. */
public final class StartFailure extends Exception {
	private static final long serialVersionUID = 1L;

	public StartFailure(String message) {
		super(message);
	}

	public StartFailure(String message, Throwable cause) {
		super(message, cause);
	}
}
