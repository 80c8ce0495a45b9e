package org.hbakit.controller.core;

import java.text.MessageFormat;
import java.util.ResourceBundle;

import org.osgi.service.log.Logger;

/**
 * The {@link System.Logger} the OSGi-free driver logs lifecycle events to, backed by the OSGi Log Service logger DS
 * hands the component; drops everything when the platform has no Log Service.
 */
final class LogServiceSystemLogger implements System.Logger {
	private final Logger osgi;

	/** @param osgi the component's logger, or null */
	LogServiceSystemLogger(Logger osgi) {
		this.osgi = osgi;
	}

	@Override
	public String getName() {
		return osgi != null ? osgi.getName() : HBAKitSimulatedHBAController.PID;
	}

	@Override
	public boolean isLoggable(Level level) {
		if (osgi == null || level == Level.OFF) {
			return false;
		}
		int severity = level.getSeverity();
		return severity >= Level.ERROR.getSeverity() ? osgi.isErrorEnabled()
				: severity >= Level.WARNING.getSeverity() ? osgi.isWarnEnabled()
						: severity >= Level.INFO.getSeverity() ? osgi.isInfoEnabled() : osgi.isDebugEnabled();
	}

	@Override
	public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
		if (!isLoggable(level)) {
			return;
		}
		int severity = level.getSeverity();
		if (severity >= Level.ERROR.getSeverity()) {
			osgi.error(message, thrown);
		} else if (severity >= Level.WARNING.getSeverity()) {
			osgi.warn(message, thrown);
		} else if (severity >= Level.INFO.getSeverity()) {
			osgi.info(message, thrown);
		} else {
			osgi.debug(message, thrown);
		}
	}

	@Override
	public void log(Level level, ResourceBundle bundle, String format, Object... params) {
		if (isLoggable(level)) {
			log(level, bundle, params == null || params.length == 0 ? format : MessageFormat.format(format, params),
					(Throwable) null);
		}
	}
}
