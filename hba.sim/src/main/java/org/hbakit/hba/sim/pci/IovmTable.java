package org.hbakit.hba.sim.pci;

import java.nio.ByteBuffer;

import org.hbakit.controller.api.pci.IODMACommand;

/**
 * The device's IOVM table: a fixed array of {@link IovmWindow windows}, one per {@link IODMACommand}. The device
 * resolves an IOVM address and length to host memory with {@link #resolve}, without allocation or lock.
 */
final class IovmTable {
	/** Bits of an IOVM address that are the offset in its window ({@code docs/simulated-hba.md}, IOVM addresses). */
	static final int WINDOW_SHIFT = 40;
	private static final long OFFSET_MASK = (1L << WINDOW_SHIFT) - 1;
	private final IovmWindow[] windows;
	private final boolean[] used;

	IovmTable(int capacity) {
		windows = new IovmWindow[capacity];
		used = new boolean[capacity];
	}

	/** Creates a command in a free entry; any thread. */
	synchronized IODMACommand create() {
		for (int i = 0; i < used.length; i++) {
			if (!used[i]) {
				used[i] = true;
				IovmWindow w = new IovmWindow(this, i);
				windows[i] = w;
				return w;
			}
		}
		throw new IllegalStateException("IOVM table full (" + used.length + " DMA commands)");
	}

	synchronized void free(int index) {
		windows[index] = null;
		used[index] = false;
	}

	/**
	 * Resolves {@code [address, address + length)} for a device access.
	 *
	 * @param write true when the device writes host memory
	 * @return the window, or null on a DMA fault (unmapped, out of range, or a read-only buffer written)
	 */
	IovmWindow resolve(long address, int length, boolean write) {
		long index = (address >>> WINDOW_SHIFT) - 1;
		if (index < 0 || index >= windows.length || length < 0) {
			return null;
		}
		IovmWindow w = windows[(int) index];
		if (w == null || !w.mapped) {
			return null;
		}
		long off = address & OFFSET_MASK;
		if (off + length > w.length) {
			return null;
		}
		ByteBuffer m = w.memory;
		if (m == null || write && m.isReadOnly()) {
			return null;
		}
		return w;
	}

	/** The absolute index in {@code w.memory} of a resolved {@code address}. */
	static int indexOf(IovmWindow w, long address) {
		return w.offset + (int) (address & OFFSET_MASK);
	}
}
