package org.hbakit.iscsi.session;

/** Where the front door's protocol code logs (the OSGi log in the platform). Never called per command. */
public interface FrontDoorLog {
	void info(String message);

	void warn(String message);

	void error(String message, Throwable cause);

	/** A log that prints to standard error (tests). */
	FrontDoorLog STDERR = new FrontDoorLog() {
		@Override
		public void info(String message) {
			System.err.println("iscsi INFO " + message);
		}

		@Override
		public void warn(String message) {
			System.err.println("iscsi WARN " + message);
		}

		@Override
		public void error(String message, Throwable cause) {
			System.err.println("iscsi ERROR " + message);
			if (cause != null) {
				cause.printStackTrace();
			}
		}
	};
}
