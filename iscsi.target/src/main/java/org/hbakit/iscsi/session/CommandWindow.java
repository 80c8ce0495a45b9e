package org.hbakit.iscsi.session;

/**
 * Command numbering of one session (RFC 7143 §4.2.2.1): ExpCmdSN, MaxCmdSN and the order in which non-immediate
 * commands are delivered. A command numbered ExpCmdSN is delivered at once and ExpCmdSN advances past it and past any
 * later numbers already received; a command ahead of ExpCmdSN inside the window waits for the gap to fill; a command
 * outside the window is ignored, as the RFC requires. The window is {@link #SIZE} commands wide minus the tasks still
 * running, so MaxCmdSN only grows as tasks complete and bounds the tasks an initiator may have outstanding.
 * Used on the session's event loop only; allocates nothing.
 */
public final class CommandWindow {
	/** The most non-immediate commands a session may have outstanding. */
	public static final int SIZE = 128;

	/** How a command number fits the window. */
	public enum Verdict {
		/** Deliver now (ExpCmdSN advanced past it). */
		DELIVER,
		/** Ahead of ExpCmdSN inside the window: wait for {@link #advance}. */
		HOLD,
		/** Outside the window or already received: ignore. */
		IGNORE
	}

	private final Object[] held = new Object[SIZE];
	private final boolean[] received = new boolean[SIZE];
	private int expCmdSN;
	private int running;

	public CommandWindow(int initialCmdSN) {
		this.expCmdSN = initialCmdSN;
	}

	public int expCmdSN() {
		return expCmdSN;
	}

	public int maxCmdSN() {
		return expCmdSN - 1 + SIZE - running;
	}

	/** What {@link #nextReleased()} returns for a held number whose PDU needed no delivery (it was handled already). */
	public static final Object HANDLED = new Object();

	/**
	 * Classifies non-immediate command {@code cmdSN}. {@code heldItem} (not null; {@link #HANDLED} for a PDU handled
	 * at once) is what to keep for a command that must wait: {@link #nextReleased()} returns it once its turn comes.
	 */
	public Verdict offer(int cmdSN, Object heldItem) {
		if (!SerialNumbers.inWindow(cmdSN, expCmdSN, maxCmdSN())) {
			return Verdict.IGNORE;
		}
		int slot = cmdSN & (SIZE - 1);
		if (cmdSN == expCmdSN) {
			expCmdSN++;
			return Verdict.DELIVER;
		}
		if (received[slot]) {
			return Verdict.IGNORE;
		}
		received[slot] = true;
		held[slot] = heldItem;
		return Verdict.HOLD;
	}

	/**
	 * After a delivery, the next held command whose turn has come (ExpCmdSN advances past it), or null; call until
	 * null.
	 */
	public Object nextReleased() {
		int slot = expCmdSN & (SIZE - 1);
		if (!received[slot]) {
			return null;
		}
		received[slot] = false;
		Object item = held[slot];
		held[slot] = null;
		expCmdSN++;
		return item;
	}

	/** A delivered command became a running task (it narrows the window until {@link #taskDone()}). */
	public void taskStarted() {
		running++;
	}

	/** A running task completed (the window widens by one). */
	public void taskDone() {
		running--;
	}

	/** Tasks running. */
	public int running() {
		return running;
	}

	/** Forgets every held command (the session is ending); returns them for release. */
	public void clearHeld(java.util.function.Consumer<Object> release) {
		for (int i = 0; i < SIZE; i++) {
			if (received[i]) {
				received[i] = false;
				Object item = held[i];
				held[i] = null;
				if (item != null) {
					release.accept(item);
				}
			}
		}
	}
}
