package org.hbakit.hba.sim.pci;

/**
 * Long commands a port executes in steps ({@link HbaExchange#continueLater()}), in round-robin order: the device
 * takes the oldest, runs one step, and puts it back at the end if it continues. A fixed ring as large as the
 * exchange pool; removal from the middle (abort) shifts the ring. Device thread only.
 */
final class ContinuingRequests {
	private HbaExchange[] ring = new HbaExchange[1];
	private int head;
	private int size;

	/** Empties the ring and sets its capacity (the exchange pool's size). */
	void reset(int capacity) {
		ring = new HbaExchange[Math.max(1, capacity)];
		head = 0;
		size = 0;
	}

	int size() {
		return size;
	}

	void add(HbaExchange x) {
		ring[(head + size++) % ring.length] = x;
	}

	/** The oldest, removed; null when empty. */
	HbaExchange poll() {
		if (size == 0) {
			return null;
		}
		HbaExchange x = ring[head];
		ring[head] = null;
		head = (head + 1) % ring.length;
		size--;
		return x;
	}

	/** Removes {@code x} wherever it is; no effect if it is not here. */
	void remove(HbaExchange x) {
		for (int i = 0; i < size; i++) {
			if (ring[(head + i) % ring.length] == x) {
				for (int j = i; j < size - 1; j++) {
					ring[(head + j) % ring.length] = ring[(head + j + 1) % ring.length];
				}
				ring[(head + size - 1) % ring.length] = null;
				size--;
				return;
			}
		}
	}
}
