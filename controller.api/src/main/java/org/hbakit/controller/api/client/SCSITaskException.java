package org.hbakit.controller.api.client;

import java.io.IOException;

/** A block read or write through {@link SCSILogicalUnit} that did not end with GOOD status. */
public class SCSITaskException extends IOException {
	private static final long serialVersionUID = 1L;
	private final transient SCSITaskResult result;

	/** A failure described by {@code result}. */
	public SCSITaskException(String message, SCSITaskResult result) {
		super(message + ": " + result);
		this.result = result;
	}

	/** How the command ended. */
	public SCSITaskResult result() {
		return result;
	}
}
