package org.hbakit.bridge.engine;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link System.Logger} that keeps warnings and errors for the test to look at. */
public final class RecordingLogger implements System.Logger {
	/** WARNING and ERROR messages, with the cause appended. */
	public final List<String> warnings = new CopyOnWriteArrayList<>();

	@Override
	public String getName() {
		return "test";
	}

	@Override
	public boolean isLoggable(Level level) {
		return true;
	}

	@Override
	public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
		if (level.getSeverity() >= Level.WARNING.getSeverity()) {
			warnings.add(msg + (thrown == null ? "" : ": " + thrown));
		}
	}

	@Override
	public void log(Level level, ResourceBundle bundle, String format, Object... params) {
		log(level, bundle, params == null || params.length == 0 ? format : MessageFormat.format(format, params),
				(Throwable) null);
	}
}
