package org.hbakit.bridge.engine;

import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * Requests waiting in one lane of an HBA's admission, in arrival order: any thread adds, only the current
 * consumer (the bound controller's queue thread while the gate is open, the supervisor while it is closed) takes.
 * One request the consumer took but could not dispatch goes back to the head. JCTools' unbounded XADD queue
 * recycles its chunks, so the steady state allocates nothing.
 */
final class WaitingLane {
	private final MpscUnboundedXaddArrayQueue<IORequest> queue = new MpscUnboundedXaddArrayQueue<>(256, 4);
	private volatile IORequest head;

	void add(IORequest r) {
		queue.offer(r);
	}

	/** Consumer only. */
	IORequest take() {
		IORequest h = head;
		if (h != null) {
			head = null;
			return h;
		}
		return queue.poll();
	}

	/** Consumer only: {@code r}, just taken, goes first again. */
	void giveBack(IORequest r) {
		head = r;
	}

	boolean isEmpty() {
		return head == null && queue.isEmpty();
	}

	int size() {
		return queue.size() + (head == null ? 0 : 1);
	}
}
