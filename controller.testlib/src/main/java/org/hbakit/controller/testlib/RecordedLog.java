package org.hbakit.controller.testlib;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The log the bench gives the engine and the simulated HBA: WARNING and ERROR lines are kept for the test (a
 * violation of the contract is logged there) and everything at INFO and above is echoed to {@code System.err} when
 * the system property {@code hbakit.bench.verbose} is {@code true}.
 */
public final class RecordedLog implements System.Logger {
	private static final boolean VERBOSE = Boolean.getBoolean("hbakit.bench.verbose");
	private final List<String> warnings = new CopyOnWriteArrayList<>();

	/** WARNING and ERROR messages so far, oldest first, each with its cause appended. */
	public List<String> warnings() {
		return List.copyOf(warnings);
	}

	@Override
	public String getName() {
		return "hbakit.bench";
	}

	@Override
	public boolean isLoggable(Level level) {
		return level.getSeverity() >= Level.INFO.getSeverity();
	}

	@Override
	public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
		String line = msg + (thrown == null ? "" : ": " + thrown);
		if (level.getSeverity() >= Level.WARNING.getSeverity()) {
			warnings.add(line);
		}
		if (VERBOSE && isLoggable(level)) {
			System.err.println("[" + level + "] " + line);
		}
	}

	@Override
	public void log(Level level, ResourceBundle bundle, String format, Object... params) {
		log(level, bundle, params == null || params.length == 0 ? format : MessageFormat.format(format, params),
				(Throwable) null);
	}
}
