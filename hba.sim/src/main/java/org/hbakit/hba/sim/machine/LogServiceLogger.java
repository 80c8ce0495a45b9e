package org.hbakit.hba.sim.machine;

import java.util.ResourceBundle;

import org.osgi.service.log.Logger;

/** A {@link System.Logger} that writes to an OSGi Log Service logger, for the pure packages' devices. */
final class LogServiceLogger implements System.Logger {
	private final Logger log;

	LogServiceLogger(Logger log) {
		this.log = log;
	}

	@Override
	public String getName() {
		return log.getName();
	}

	@Override
	public boolean isLoggable(Level level) {
		return switch (level) {
			case ERROR -> log.isErrorEnabled();
			case WARNING -> log.isWarnEnabled();
			case INFO -> log.isInfoEnabled();
			case DEBUG -> log.isDebugEnabled();
			case TRACE, ALL -> log.isTraceEnabled();
			case OFF -> false;
		};
	}

	@Override
	public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
		switch (level) {
			case ERROR -> log.error(msg, thrown);
			case WARNING -> log.warn(msg, thrown);
			case INFO -> log.info(msg, thrown);
			case DEBUG -> log.debug(msg, thrown);
			default -> log.trace(msg, thrown);
		}
	}

	@Override
	public void log(Level level, ResourceBundle bundle, String format, Object... params) {
		log(level, bundle, params == null ? format : java.text.MessageFormat.format(format, params), (Throwable) null);
	}
}
