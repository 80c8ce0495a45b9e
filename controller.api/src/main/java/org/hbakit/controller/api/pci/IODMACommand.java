package org.hbakit.controller.api.pci;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * DriverKit's {@code IODMACommand}: one reusable entry of the device's IOVM (I/O virtual memory) table.
 * <p>
 * Whoever moves data by DMA (the framework for task data buffers, a controller for its queues) creates DMA
 * commands once with {@link IOPCIDevice#createDMACommand()}, and per transfer {@link #prepareForDMA prepares}
 * one over host memory to get the IOVM address the device uses, then {@link #completeDMA() completes} it. Preparing
 * and completing allocate nothing and take no lock, so they are fit for the I/O path. A command is used by one
 * thread at a time.
 */
@ProviderType
public interface IODMACommand {
	/**
	 * Maps {@code length} bytes of {@code memory} from {@code offset} into the device's IOVM space, replacing
	 * whatever this command mapped before.
	 *
	 * @return the IOVM address of byte {@code offset}; the device may access {@code [address, address+length)}
	 * @throws IllegalArgumentException if the range is outside the buffer or longer than the window
	 */
	long prepareForDMA(ByteBuffer memory, int offset, int length);

	/** Unmaps the range; a device access to it afterwards fails as a DMA fault. */
	void completeDMA();

	/** The IOVM address the last {@link #prepareForDMA} returned, or 0 when nothing is mapped. */
	long iovmAddress();

	/** Gives the table entry back for good. */
	void release();
}
