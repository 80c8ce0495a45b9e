package org.hbakit.bridge.osgi;

import java.text.MessageFormat;
import java.util.ResourceBundle;

import org.osgi.service.log.Logger;

/** The pure packages' {@link System.Logger}, written to an OSGi Log Service logger. */
final class OsgiSystemLogger implements System.Logger {
	private final String name;
	private final Logger log;

	OsgiSystemLogger(String name, Logger log) {
		this.name = name;
		this.log = log;
	}

	@Override
	public String getName() {
		return name;
	}

	@Override
	public boolean isLoggable(Level level) {
		return switch (level) {
			case ERROR -> log.isErrorEnabled();
			case WARNING -> log.isWarnEnabled();
			case INFO -> log.isInfoEnabled();
			case DEBUG -> log.isDebugEnabled();
			case TRACE -> log.isTraceEnabled();
			default -> level != Level.OFF;
		};
	}

	@Override
	public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
		switch (level) {
			case ERROR -> log.error(msg, thrown);
			case WARNING -> log.warn(msg, thrown);
			case INFO -> log.info(msg, thrown);
			case DEBUG -> log.debug(msg, thrown);
			case TRACE -> log.trace(msg, thrown);
			default -> {
			}
		}
	}

	@Override
	public void log(Level level, ResourceBundle bundle, String format, Object... params) {
		log(level, bundle, params == null || params.length == 0 ? format : MessageFormat.format(format, params),
				(Throwable) null);
	}
}
