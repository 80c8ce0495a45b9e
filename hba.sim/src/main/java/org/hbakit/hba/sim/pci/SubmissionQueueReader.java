package org.hbakit.hba.sim.pci;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.hbakit.controller.api.simhba.RequestFrame;

/**
 * The device side of one submission queue: the {@code SQ_TAIL} doorbell and the device's head, and the decoding of
 * a request frame into an {@link HbaExchange}. The doorbell ({@link #ringTail}) is written by any thread and only
 * publishes a volatile value; everything else runs on the device thread (single writer).
 */
final class SubmissionQueueReader {
	private static final VarHandle I32 = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
	private static final VarHandle I64 = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private final DoorbellRegister tail = new DoorbellRegister();
	/** Counts configurations and resets, so an order recorded for one queue is not applied to the next. */
	private volatile int epoch;
	private ByteBuffer memory;
	private int base;
	private int entries;
	private int head;

	/** Starts a fresh queue of {@code entries} entries at absolute index {@code base} of {@code memory}. */
	void configure(ByteBuffer memory, int base, int entries) {
		this.memory = memory;
		this.base = base;
		this.entries = entries;
		head = 0;
		tail.clear(0);
		epoch++;
	}

	/** Forgets the queue (reset). */
	void reset() {
		memory = null;
		entries = 0;
		head = 0;
		tail.clear(0);
		epoch++;
	}

	/** The {@code SQ_TAIL} doorbell; any thread. */
	void ringTail(int value) {
		tail.ring(value);
	}

	/** The last {@code SQ_TAIL} written. */
	int tail() {
		return tail.value();
	}

	/** Whether entries wait between the device's head and the written tail. */
	boolean hasNew() {
		return memory != null && tail.value() != head;
	}

	/** Whether the written tail lies inside the queue (a tail outside it is a fatal driver error). */
	boolean tailValid() {
		int t = tail.value();
		return t >= 0 && t < entries;
	}

	/** Whether the head has reached {@code tail}. */
	boolean reached(int tail) {
		return head == tail;
	}

	/**
	 * Where a posted write stands against this queue: the epoch and the tail written last, as one value; any
	 * thread.
	 */
	long order() {
		return (long) epoch << 32 | (tail.value() & 0xFFFF_FFFFL);
	}

	/**
	 * The SQ index the device must fetch up to before it executes a write of this {@code order}: its tail if it
	 * belongs to this queue and the head has not passed it yet, else -1 (no constraint).
	 */
	int fetchLimit(long order) {
		if (order == PostedWrites.NONE || memory == null || (int) (order >>> 32) != epoch) {
			return -1;
		}
		int limit = (int) order;
		if (limit < 0 || limit >= entries) {
			return -1;
		}
		int ahead = Math.floorMod(limit - head, entries);
		int pending = Math.floorMod(tail.value() - head, entries);
		return ahead <= pending ? limit : -1;
	}

	/**
	 * Decodes the entry at the head into {@code x} (request fields; the data and sense addresses stay IOVM
	 * addresses) and advances the head.
	 */
	void fetch(HbaExchange x) {
		ByteBuffer m = memory;
		int i = base + head * RequestFrame.SIZE;
		int h = head + 1;
		head = h == entries ? 0 : h;
		int w0 = (int) I32.get(m, i);
		int flags = RequestFrame.flags(w0);
		x.tag = RequestFrame.tag(w0);
		x.direction = RequestFrame.direction(flags);
		x.attribute = RequestFrame.taskAttribute(flags);
		x.cdbLength = RequestFrame.cdbLength(w0);
		x.target = (int) I32.get(m, i + RequestFrame.TARGET_OFFSET);
		x.lun = Long.reverseBytes((long) I64.get(m, i + RequestFrame.LUN_OFFSET));
		m.get(i + RequestFrame.CDB_OFFSET, x.cdb, 0, RequestFrame.MAX_CDB_LENGTH);
		x.dataAddress = (long) I64.get(m, i + RequestFrame.DATA_OFFSET);
		x.requestLength = (int) I32.get(m, i + RequestFrame.LENGTH_OFFSET);
		x.senseAddress = (long) I64.get(m, i + RequestFrame.SENSE_OFFSET);
		x.senseBufferLength = Math.max(0, Math.min(RequestFrame.MAX_SENSE_LENGTH,
				(int) I32.get(m, i + RequestFrame.SENSE_LEN_OFFSET)));
	}
}
