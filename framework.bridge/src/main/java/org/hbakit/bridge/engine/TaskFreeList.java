package org.hbakit.bridge.engine;

import org.jctools.queues.MpmcArrayQueue;

/** The free tasks of a binding: a bounded lock-free MPMC queue, so taking and returning a task allocates nothing. */
final class TaskFreeList {
	private final MpmcArrayQueue<Task> free;

	TaskFreeList(Task[] tasks) {
		free = new MpmcArrayQueue<>(Math.max(2, tasks.length));
		for (Task t : tasks) {
			free.offer(t);
		}
	}

	Task poll() {
		return free.poll();
	}

	void offer(Task t) {
		if (!free.offer(t)) {
			throw new IllegalStateException("task free list overflow: task " + t.slot + " returned twice");
		}
	}

	boolean peekAvailable() {
		return !free.isEmpty();
	}
}
