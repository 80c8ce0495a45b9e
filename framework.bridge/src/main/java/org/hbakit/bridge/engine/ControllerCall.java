package org.hbakit.bridge.engine;

/**
 * How one bounded call into controller code ended (see {@link ControllerQueue#call}).
 *
 * @param value    what it returned, when it returned
 * @param error    what it threw (an {@link Error} included), or null
 * @param timedOut whether it did not return within its bound (it may still be running)
 * @param what     the member called, for messages
 * @param <T>      the result type
 */
public record ControllerCall<T>(T value, Throwable error, boolean timedOut, String what) {
	/** Whether it returned normally in time. */
	public boolean returned() {
		return error == null && !timedOut;
	}

	/** A description of a call that did not return normally, for logs and start failures. */
	public String failure() {
		if (timedOut) {
			return what + " did not return in time";
		}
		return error == null ? what + " returned" : what + " threw " + error;
	}
}
