package org.hbakit.controller.core.driver;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.hbakit.controller.api.simhba.CompletionEntry;

/**
 * The host side of the HBA's completion queue: a head index and the phase the driver expects. Used by one thread
 * at a time (the drain owner, see {@link CompletionDispatcher}); nothing here is thread-safe on its own.
 */
final class CompletionQueue {
	private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

	private final ByteBuffer memory;
	private final int entries;
	private int head;
	private int phase = 1;
	// the entry read by the last successful next()
	private long word0;
	private int statusWord;

	CompletionQueue(ByteBuffer memory, int entries) {
		if (memory.capacity() < entries * CompletionEntry.SIZE) {
			throw new IllegalArgumentException("CQ memory too small for " + entries + " entries");
		}
		this.memory = memory;
		this.entries = entries;
	}

	/**
	 * Reads the entry at the head if the device has posted it (its phase tag matches), and advances the head.
	 *
	 * @return false at the phase boundary (nothing new)
	 */
	boolean next() {
		int offset = head * CompletionEntry.SIZE;
		// acquire: the phase tag is checked before the rest of the entry is read
		int sw = (int) INT.getAcquire(memory, offset + CompletionEntry.STATUS_WORD_OFFSET);
		if (CompletionEntry.phase(sw) != phase) {
			return false;
		}
		statusWord = sw;
		word0 = memory.getLong(offset);
		if (++head == entries) {
			head = 0;
			phase ^= 1;
		}
		return true;
	}

	/** Whether an entry is waiting at the head. */
	boolean hasNext() {
		int sw = (int) INT.getAcquire(memory, head * CompletionEntry.SIZE + CompletionEntry.STATUS_WORD_OFFSET);
		return CompletionEntry.phase(sw) == phase;
	}

	/** The head index: the value for the {@code CQ_HEAD} doorbell. */
	int head() {
		return head;
	}

	/** Word 0 (TAG, STATUS, SR, XFER) of the entry {@link #next()} read. */
	long word0() {
		return word0;
	}

	/** The status word (SENSE_LEN, P) of the entry {@link #next()} read. */
	int statusWord() {
		return statusWord;
	}
}
