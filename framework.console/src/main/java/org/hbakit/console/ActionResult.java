package org.hbakit.console;

/**
 * How an action ended, as its JSON answer says.
 *
 * @param status  the HTTP status
 * @param ok      whether the action did what was asked
 * @param message what happened, for humans (the registry's or the command's own words)
 */
record ActionResult(int status, boolean ok, String message) {
	static ActionResult done(String message) {
		return new ActionResult(200, true, message);
	}

	static ActionResult refused(int status, String message) {
		return new ActionResult(status, false, message);
	}
}
