package org.hbakit.bridge.engine;

import java.util.Arrays;

/**
 * Finds a task by the controller's task id without boxing: an open-addressing table built once at start and
 * read-only afterwards, so completion threads read it without locks.
 */
final class TaskIndex {
	private final long[] keys;
	private final Task[] values;
	private final int mask;

	TaskIndex(Task[] tasks) {
		int capacity = Integer.highestOneBit(Math.max(4, tasks.length * 2) - 1) << 1;
		keys = new long[capacity];
		values = new Task[capacity];
		mask = capacity - 1;
		Arrays.fill(keys, -1L);
		for (Task t : tasks) {
			int i = hash(t.controllerTaskId) & mask;
			while (keys[i] != -1L) {
				if (keys[i] == t.controllerTaskId) {
					throw new IllegalArgumentException("duplicate controller task id " + t.controllerTaskId);
				}
				i = (i + 1) & mask;
			}
			keys[i] = t.controllerTaskId;
			values[i] = t;
		}
	}

	/** The task with controller id {@code id}, or null. */
	Task find(long id) {
		int i = hash(id) & mask;
		while (true) {
			long k = keys[i];
			if (k == id) {
				return values[i];
			}
			if (k == -1L) {
				return null;
			}
			i = (i + 1) & mask;
		}
	}

	private static int hash(long id) {
		long h = id * 0x9E3779B97F4A7C15L;
		return (int) (h ^ (h >>> 32));
	}
}
