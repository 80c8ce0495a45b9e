package org.hbakit.hba.sim.pci;

import java.util.Arrays;

/**
 * The exchanges of one queue pair: a fixed pool (one per CQ entry, so a completion always has room to be posted
 * once its exchange was taken with room checked), a free stack, and the requests the device holds (delayed or
 * dropped) by TAG. Made at enable; used by the device thread only.
 */
final class ExchangePool {
	private static final int TAGS = 1 << 16;

	private HbaExchange[] pool = new HbaExchange[0];
	private HbaExchange[] free = new HbaExchange[0];
	private int freeTop;
	private final HbaExchange[] held = new HbaExchange[TAGS];

	/** Makes (or reuses) {@code size} exchanges, all free. */
	void configure(int size) {
		if (pool.length != size) {
			pool = new HbaExchange[size];
			free = new HbaExchange[size];
			for (int i = 0; i < size; i++) {
				pool[i] = new HbaExchange();
			}
		}
		for (int i = 0; i < size; i++) {
			pool[i].state = HbaExchange.IDLE;
			free[i] = pool[i];
		}
		freeTop = size;
		Arrays.fill(held, null);
	}

	/** Forgets every request (reset): nothing is free until the next {@link #configure}. */
	void reset() {
		for (HbaExchange x : pool) {
			x.state = HbaExchange.IDLE;
			x.data = null;
		}
		Arrays.fill(held, null);
		freeTop = 0;
	}

	/** Whether an exchange is free. */
	boolean available() {
		return freeTop > 0;
	}

	/** Takes a free exchange; the caller checked {@link #available()}. */
	HbaExchange take() {
		HbaExchange x = free[--freeTop];
		free[freeTop] = null;
		return x;
	}

	/** Gives an exchange back. */
	void release(HbaExchange x) {
		x.state = HbaExchange.IDLE;
		x.data = null;
		free[freeTop++] = x;
	}

	/** Records {@code x} as held by TAG (delayed or dropped). */
	void hold(HbaExchange x) {
		held[x.tag] = x;
	}

	/** Whether a request with this TAG is held. */
	boolean isHeld(int tag) {
		return held[tag & 0xFFFF] != null;
	}

	/** The held request with this TAG, or null. */
	HbaExchange held(int tag) {
		return held[tag & 0xFFFF];
	}

	/** Forgets the held request with this TAG. */
	void unhold(HbaExchange x) {
		held[x.tag] = null;
	}

	/** Every exchange (free or not), for scans by task management; do not modify. */
	HbaExchange[] all() {
		return pool;
	}
}
