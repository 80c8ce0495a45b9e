package org.hbakit.controller.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;

/**
 * A shadow of a buffer's expected raw bytes: tests write a field through a view, record the same little-endian
 * bytes here at the offset the C layout gives, and compare every byte of the buffer, so a field at the wrong
 * offset, in the wrong order or of the wrong width, or a write that spills into a neighbour, fails.
 */
public final class LayoutBytes {
	/** Fill for bytes nobody should write (reserved, padding, memory around the view). */
	public static final byte SENTINEL = (byte) 0xA5;

	public final ByteBuffer memory;
	public final byte[] expected;

	/** A direct, big-endian buffer (the JDK default) filled with {@link #SENTINEL}. */
	public LayoutBytes(int capacity) {
		memory = ByteBuffer.allocateDirect(capacity);
		expected = new byte[capacity];
		for (int i = 0; i < capacity; i++) {
			memory.put(i, SENTINEL);
			expected[i] = SENTINEL;
		}
	}

	public LayoutBytes le(int offset, long value, int width) {
		for (int i = 0; i < width; i++) {
			expected[offset + i] = (byte) (value >>> (8 * i));
		}
		return this;
	}

	public LayoutBytes bytes(int offset, byte... values) {
		System.arraycopy(values, 0, expected, offset, values.length);
		return this;
	}

	public LayoutBytes fill(int offset, int length, int value) {
		for (int i = 0; i < length; i++) {
			expected[offset + i] = (byte) value;
		}
		return this;
	}

	public byte[] actual() {
		byte[] a = new byte[memory.capacity()];
		for (int i = 0; i < a.length; i++) {
			a[i] = memory.get(i);
		}
		return a;
	}

	public void verify(String what) {
		assertArrayEquals(expected, actual(), what);
	}

	public int rawByte(int offset) {
		return memory.get(offset) & 0xFF;
	}
}
