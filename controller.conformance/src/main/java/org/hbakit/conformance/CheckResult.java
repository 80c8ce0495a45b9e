package org.hbakit.conformance;

/**
 * The outcome of one check.
 *
 * @param id     the check's id, e.g. {@code start.reports}
 * @param passed whether the controller passed it
 * @param detail what was seen, for humans (one line)
 */
public record CheckResult(String id, boolean passed, String detail) {
	/** {@code PASS <check-id> <detail>} or {@code FAIL <check-id> <detail>}. */
	public String line() {
		return (passed ? "PASS " : "FAIL ") + id + " " + detail;
	}
}
