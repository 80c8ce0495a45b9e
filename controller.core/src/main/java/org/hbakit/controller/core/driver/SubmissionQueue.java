package org.hbakit.controller.core.driver;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.hbakit.controller.api.simhba.RequestFrame;

/**
 * The host side of the HBA's submission queue, safe for any number of concurrent submitters without a lock.
 * <p>
 * Submitters {@linkplain #reserve reserve} sequence numbers with one atomic add (a bundle reserves all its
 * entries at once), write their frames at {@link #offsetOf}, and {@linkplain #markReady mark} each entry ready
 * (a release store of its sequence number). {@link #publish} then advances the published tail over every
 * contiguous ready entry (CAS) and rings the {@code SQ_TAIL} doorbell. Doorbell writes must never go backwards,
 * so the doorbell is rung by whoever holds a ringing flag; a submitter that finds the flag taken leaves its entries
 * to the holder, which re-checks the published tail after releasing the flag (combining, no waiting).
 * <p>
 * Entry reuse is safe without reading a device head pointer because the driver never has more than
 * {@code entries − 1} requests outstanding and the device consumes entries in order: by the time sequence
 * {@code s + entries} is reserved, some request in {@code s .. s+entries-1} has completed, so entry {@code s} has
 * been read. While {@linkplain #pause() paused} frames are still accepted and published, but the doorbell is not
 * rung until {@link #resume()}.
 */
final class SubmissionQueue {
	private static final VarHandle READY = MethodHandles.arrayElementVarHandle(long[].class);

	private final ByteBuffer memory;
	private final int entries;
	private final Doorbell doorbell;
	/** ready[i] = sequence + 1 of the frame last written at entry i. */
	private final long[] ready;
	private final AtomicLong reserved = new AtomicLong();
	private final AtomicLong published = new AtomicLong();
	private final AtomicBoolean ringing = new AtomicBoolean();
	/** Sequence written to the doorbell last; only the ringing flag holder writes it. */
	private final SingleWriterCounter rung = new SingleWriterCounter();
	private volatile boolean paused;
	private final SingleWriterCounter doorbellWrites = new SingleWriterCounter();

	/**
	 * Writes a doorbell register with an entry index: {@code SQ_TAIL} here, {@code CQ_HEAD} for the completion
	 * dispatcher.
	 */
	@FunctionalInterface
	interface Doorbell {
		void ring(int index);
	}

	SubmissionQueue(ByteBuffer memory, int entries, Doorbell doorbell) {
		if (memory.capacity() < entries * RequestFrame.SIZE) {
			throw new IllegalArgumentException("SQ memory too small for " + entries + " entries");
		}
		this.memory = memory;
		this.entries = entries;
		this.doorbell = doorbell;
		this.ready = new long[entries];
	}

	/** The queue memory (little-endian) frames are written to. */
	ByteBuffer memory() {
		return memory;
	}

	/** Number of entries. */
	int entries() {
		return entries;
	}

	/** Reserves {@code count} consecutive sequence numbers; returns the first. */
	long reserve(int count) {
		return reserved.getAndAdd(count);
	}

	/** The byte offset in {@link #memory()} of the entry for sequence {@code seq}. */
	int offsetOf(long seq) {
		return (int) (seq % entries) * RequestFrame.SIZE;
	}

	/** Declares the frame of {@code seq} written; its stores happen-before the doorbell that publishes it. */
	void markReady(long seq) {
		READY.setRelease(ready, (int) (seq % entries), seq + 1);
	}

	/** Publishes every contiguous ready entry and rings the doorbell (unless paused). */
	void publish() {
		for (;;) {
			long p = published.get();
			long q = p;
			while (q - p < entries && (long) READY.getAcquire(ready, (int) (q % entries)) == q + 1) {
				q++;
			}
			if (q == p) {
				break;
			}
			if (published.compareAndSet(p, q)) {
				continue; // more may have become ready meanwhile
			}
		}
		ring();
	}

	private void ring() {
		for (;;) {
			if (!ringing.compareAndSet(false, true)) {
				return; // the holder re-checks after releasing
			}
			long p;
			try {
				p = published.get();
				if (p != rung.get() && !paused) {
					doorbell.ring((int) (p % entries));
					rung.set(p); // only the flag holder writes both
					doorbellWrites.add(1);
				}
			} finally {
				ringing.set(false);
			}
			if (paused || published.get() == rung.get()) {
				return;
			}
		}
	}

	/**
	 * Stops ringing the doorbell. When this returns no doorbell write is in progress and none will be made until
	 * {@link #resume()}; frames keep being accepted and published.
	 */
	void pause() {
		paused = true;
		while (!ringing.compareAndSet(false, true)) {
			Thread.onSpinWait();
		}
		ringing.set(false);
	}

	/** Rings the doorbell for everything published while paused, and resumes ringing. */
	void resume() {
		paused = false;
		ring();
	}

	/** Whether the doorbell is held. */
	boolean isPaused() {
		return paused;
	}

	/** Number of requests handed to the device through the doorbell, ever. */
	long rungCount() {
		return rung.get();
	}

	/** Number of sequence numbers reserved, ever. */
	long reservedCount() {
		return reserved.get();
	}

	/** Number of doorbell writes, ever (for measurements). */
	long doorbellWrites() {
		return doorbellWrites.get();
	}
}
