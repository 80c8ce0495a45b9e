package org.hbakit.hba.sim.scsi.store;

import java.io.IOException;

/**
 * Thrown by {@link BlockStore#write} when the store cannot allocate space; the disk reports it as
 * 07/27/07 SPACE ALLOCATION FAILED WRITE PROTECT, as a thin-provisioned array would.
 */
public final class StoreFullException extends IOException {
	private static final long serialVersionUID = 1L;

	/** An exception with a message saying what could not be allocated. */
	public StoreFullException(String message, Throwable cause) {
		super(message, cause);
	}
}
