package org.hbakit.hba.sim.pci;

/**
 * Delayed completions: a binary min-heap of {@link HbaExchange exchanges} ordered by due time, with removal of any
 * member (abort, task management). Fixed capacity (the exchange pool's size); used by the device thread only.
 */
final class CompletionTimers {
	private HbaExchange[] heap;
	private int size;

	CompletionTimers(int capacity) {
		heap = new HbaExchange[Math.max(1, capacity)];
	}

	/** Drops all members and sets a new capacity. */
	void reset(int capacity) {
		for (int i = 0; i < size; i++) {
			heap[i].heapIndex = -1;
		}
		heap = new HbaExchange[Math.max(1, capacity)];
		size = 0;
	}

	int size() {
		return size;
	}

	void add(HbaExchange x) {
		int i = size++;
		heap[i] = x;
		x.heapIndex = i;
		siftUp(i);
	}

	/** The earliest member, or null. */
	HbaExchange peek() {
		return size == 0 ? null : heap[0];
	}

	void remove(HbaExchange x) {
		int i = x.heapIndex;
		if (i < 0) {
			return;
		}
		x.heapIndex = -1;
		int last = --size;
		if (i != last) {
			HbaExchange moved = heap[last];
			heap[i] = moved;
			moved.heapIndex = i;
			heap[last] = null;
			siftDown(i);
			if (moved.heapIndex == i) {
				siftUp(i);
			}
		} else {
			heap[last] = null;
		}
	}

	private void siftUp(int i) {
		HbaExchange x = heap[i];
		while (i > 0) {
			int parent = (i - 1) >>> 1;
			HbaExchange p = heap[parent];
			if (p.due - x.due <= 0) {
				break;
			}
			heap[i] = p;
			p.heapIndex = i;
			i = parent;
		}
		heap[i] = x;
		x.heapIndex = i;
	}

	private void siftDown(int i) {
		HbaExchange x = heap[i];
		int half = size >>> 1;
		while (i < half) {
			int c = 2 * i + 1;
			int r = c + 1;
			if (r < size && heap[r].due - heap[c].due < 0) {
				c = r;
			}
			if (x.due - heap[c].due <= 0) {
				break;
			}
			heap[i] = heap[c];
			heap[i].heapIndex = i;
			i = c;
		}
		heap[i] = x;
		x.heapIndex = i;
	}
}
