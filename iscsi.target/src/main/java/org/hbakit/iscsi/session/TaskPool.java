package org.hbakit.iscsi.session;

import io.netty.util.collection.IntObjectHashMap;

/**
 * The command tasks of one connection: a fixed pool (the command window plus a few immediate commands) with a free
 * stack, and the active tasks by Initiator Task Tag in an open-addressing map with primitive keys, so taking and
 * finding a task allocates nothing. Used on the connection's event loop only.
 */
final class TaskPool {
	/** Immediate commands a connection may have running besides its window. */
	static final int IMMEDIATE_LIMIT = 16;

	private final CommandTask[] tasks;
	private final int[] free;
	private int freeCount;
	private final IntObjectHashMap<CommandTask> byItt = new IntObjectHashMap<>(CommandWindow.SIZE * 2);

	TaskPool(CommandEngine engine) {
		int n = CommandWindow.SIZE + IMMEDIATE_LIMIT;
		tasks = new CommandTask[n];
		free = new int[n];
		for (int i = 0; i < n; i++) {
			tasks[i] = new CommandTask(engine, i);
			free[i] = n - 1 - i;
		}
		freeCount = n;
	}

	/** A free task registered under {@code itt}, or null when none is free. */
	CommandTask take(int itt) {
		if (freeCount == 0) {
			return null;
		}
		CommandTask t = tasks[free[--freeCount]];
		t.itt = itt;
		byItt.put(itt, t);
		return t;
	}

	/** Returns a task to the pool. */
	void give(CommandTask t) {
		if (byItt.get(t.itt) == t) {
			byItt.remove(t.itt);
		}
		t.reset();
		free[freeCount++] = t.index;
	}

	/** Forgets the ITT of a task that stays in use (aborted, still in the logical unit). */
	void forget(CommandTask t) {
		if (byItt.get(t.itt) == t) {
			byItt.remove(t.itt);
		}
	}

	/** The active task with {@code itt}, or null. */
	CommandTask find(int itt) {
		return byItt.get(itt);
	}

	/** The task named by Target Transfer Tag {@code ttt}, or null if the tag is stale. */
	CommandTask byTtt(int ttt) {
		int index = ttt & 0xFFFF;
		if (index >= tasks.length) {
			return null;
		}
		CommandTask t = tasks[index];
		return t.state != CommandTask.State.FREE && t.ttt() == ttt ? t : null;
	}

	/** Every task that is not free (for task management and shutdown). */
	java.util.List<CommandTask> inUse() {
		java.util.List<CommandTask> l = new java.util.ArrayList<>();
		for (CommandTask t : tasks) {
			if (t.state != CommandTask.State.FREE) {
				l.add(t);
			}
		}
		return l;
	}

	/** Tasks not free. */
	int used() {
		return tasks.length - freeCount;
	}
}
