package org.hbakit.bridge.osgi;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * The platform's log sink: entries of the OSGi Log Service at or above {@code hbakit.log.level} (framework or
 * system property: ERROR, WARN, INFO, DEBUG; default WARN) go to standard error, one line each, so they never mix
 * with shell command output on standard out.
 */
@Component(immediate = true)
public final class ConsoleLog implements LogListener {
	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
			.withZone(ZoneId.systemDefault());

	@Reference
	private LogReaderService reader;

	/** Log Service 1.4 loggers start at WARN; the root level is set to the threshold so finer entries exist at all. */
	@Reference
	private org.osgi.service.log.admin.LoggerAdmin loggerAdmin;

	private LogLevel threshold = LogLevel.WARN;
	private final PrintStream err = System.err;

	@Activate
	void activate(BundleContext context) {
		String level = context.getProperty("hbakit.log.level");
		if (level != null) {
			try {
				threshold = LogLevel.valueOf(level.trim().toUpperCase(Locale.ROOT));
			} catch (IllegalArgumentException e) {
				err.println("hbakit.log.level: unknown level '" + level + "', using WARN");
			}
		}
		org.osgi.service.log.admin.LoggerContext root = loggerAdmin.getLoggerContext(null);
		java.util.Map<String, LogLevel> levels = new java.util.HashMap<>(root.getLogLevels());
		levels.put(org.osgi.service.log.Logger.ROOT_LOGGER_NAME, threshold);
		root.setLogLevels(levels);
		reader.addLogListener(this);
	}

	@Deactivate
	void deactivate() {
		reader.removeLogListener(this);
	}

	@Override
	public void logged(LogEntry entry) {
		if (!threshold.implies(entry.getLogLevel())) {
			return;
		}
		String message = entry.getMessage();
		if (threshold != LogLevel.DEBUG && message != null && (message.startsWith("ServiceEvent ")
				|| message.startsWith("BundleEvent ") || message.startsWith("FrameworkEvent "))) {
			return; // the framework's own event log: only at DEBUG
		}
		String bundle = entry.getBundle() == null ? "-" : entry.getBundle().getSymbolicName();
		err.println(TIME.format(Instant.ofEpochMilli(entry.getTime())) + " " + entry.getLogLevel() + " [" + bundle
				+ "] " + entry.getMessage()
				+ (entry.getException() == null ? "" : ": " + entry.getException()));
	}
}
