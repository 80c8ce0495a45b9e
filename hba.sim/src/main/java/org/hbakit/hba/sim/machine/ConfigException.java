package org.hbakit.hba.sim.machine;

/** A configuration refused: names the configuration's PID, the property and the reason. */
public final class ConfigException extends Exception {
	private static final long serialVersionUID = 1L;
	private final String pid;
	private final String property;
	private final String reason;

	/** Creates the refusal of {@code property} in configuration {@code pid}. */
	public ConfigException(String pid, String property, String reason) {
		super("configuration " + pid + " refused: property '" + property + "': " + reason);
		this.pid = pid;
		this.property = property;
		this.reason = reason;
	}

	/** The configuration's PID. */
	public String pid() {
		return pid;
	}

	/** The property at fault. */
	public String property() {
		return property;
	}

	/** Why. */
	public String reason() {
		return reason;
	}
}
