package org.hbakit.iscsi.session;

/** Where the front door's protocol code logs (the OSGi log in the platform). Never called per command. */
public interface FrontDoorLog {
	void info(String message);

	void warn(String message);

	void error(String message, Throwable cause);

	/** A log made of three functions (e.g. an OSGi {@code Logger}'s {@code info}, {@code warn} and {@code error}). */
	static FrontDoorLog of(java.util.function.Consumer<String> info, java.util.function.Consumer<String> warn,
			java.util.function.BiConsumer<String, Throwable> error) {
		return new FrontDoorLog() {
			@Override
			public void info(String message) {
				info.accept(message);
			}

			@Override
			public void warn(String message) {
				warn.accept(message);
			}

			@Override
			public void error(String message, Throwable cause) {
				error.accept(message, cause);
			}
		};
	}
}
