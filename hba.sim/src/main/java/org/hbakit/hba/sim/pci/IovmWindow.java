package org.hbakit.hba.sim.pci;

import java.nio.ByteBuffer;

import org.hbakit.controller.api.pci.IODMACommand;

/**
 * One entry of an {@link IovmTable}: the {@link IODMACommand} a driver or the framework prepares over host memory.
 * The IOVM address of the entry at index {@code i} is {@code (i + 1) << 40}; an address {@code a} in it is
 * byte {@code offset + (a & (2^40 - 1))} of the prepared buffer.
 * <p>
 * Prepared and completed by one user thread at a time; read by the device thread. The device sees a preparation
 * because the user rings a doorbell (a volatile write) after it.
 */
final class IovmWindow implements IODMACommand {
	private final IovmTable table;
	private final int index;
	private final long base;
	ByteBuffer memory;
	int offset;
	int length;
	volatile boolean mapped;
	volatile boolean released;

	IovmWindow(IovmTable table, int index) {
		this.table = table;
		this.index = index;
		this.base = (long) (index + 1) << IovmTable.WINDOW_SHIFT;
	}

	@Override
	public long prepareForDMA(ByteBuffer memory, int offset, int length) {
		if (released) {
			throw new IllegalStateException("DMA command released");
		}
		if (memory == null || offset < 0 || length < 0 || offset > memory.capacity() - length) {
			throw new IllegalArgumentException("range " + offset + "+" + length + " is outside the buffer");
		}
		mapped = false;
		this.memory = memory;
		this.offset = offset;
		this.length = length;
		mapped = true;
		return base;
	}

	@Override
	public void completeDMA() {
		mapped = false;
	}

	@Override
	public long iovmAddress() {
		return mapped ? base : 0;
	}

	@Override
	public void release() {
		if (!released) {
			mapped = false;
			released = true;
			memory = null;
			table.free(index);
		}
	}
}
