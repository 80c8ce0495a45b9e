package org.hbakit.bridge.supervisor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One succession move at a time across a bridge's devices ({@link Succession}: the bundle driving a device was
 * retired or superseded). A deployment moves every device the bundle it replaces drove; made all at once on a small
 * machine, those swaps share its cores with each other, with the clients and with the compiler, and each runs the
 * new bundle's code for its first times, so every one of them pauses its clients longer than the same swaps made one
 * after another. A supervisor takes the turn before such a move and gives it back after it; one that finds the turn
 * taken does not wait (its device serves on with the controller it has) but leaves a callback, run once when the
 * turn is given back, which posts it a new matching message. Operator swaps, first bindings and rebindings do not
 * take turns. Any supervisor thread; the callbacks run on the thread that gives the turn back and must only post.
 */
public final class MoveTurns {
	private Object holder;
	private final Map<Object, Runnable> waiting = new LinkedHashMap<>();

	/**
	 * Takes the turn for {@code mover}; when another holds it, {@code whenFree} (once per mover, however often it
	 * asked) runs when the turn is given back.
	 *
	 * @return whether {@code mover} holds the turn now
	 */
	synchronized boolean take(Object mover, Runnable whenFree) {
		if (holder == null || holder == mover) {
			holder = mover;
			waiting.remove(mover);
			return true;
		}
		waiting.putIfAbsent(mover, whenFree);
		return false;
	}

	/** Gives the turn back, if {@code mover} holds it, and tells every device that asked for it meanwhile. */
	void giveBack(Object mover) {
		List<Runnable> tell;
		synchronized (this) {
			if (holder != mover) {
				return;
			}
			holder = null;
			tell = new ArrayList<>(waiting.values());
			waiting.clear();
		}
		tell.forEach(Runnable::run);
	}

	/** Forgets {@code mover} (its device went away): it no longer holds the turn or waits for it. */
	void forget(Object mover) {
		synchronized (this) {
			waiting.remove(mover);
		}
		giveBack(mover);
	}
}
