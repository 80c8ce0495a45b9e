package org.hbakit.bridge.engine;

/** Where the engine logs (the OSGi adapter routes it to the Log Service). Never called per task. */
public interface EngineLog {
	void info(String message);

	void warn(String message);

	void error(String message, Throwable cause);

	/** A log that drops everything (tests). */
	EngineLog NONE = new EngineLog() {
		@Override
		public void info(String message) {
		}

		@Override
		public void warn(String message) {
		}

		@Override
		public void error(String message, Throwable cause) {
		}
	};
}
