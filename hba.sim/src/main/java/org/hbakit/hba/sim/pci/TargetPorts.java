package org.hbakit.hba.sim.pci;

/**
 * The {@link ScsiPort ports} plugged into an HBA's target ids: copy-on-write, so the device thread reads the
 * current array with one volatile load and hot-plug from any thread never blocks it.
 */
final class TargetPorts {
	private final String hbaName;
	private final int initiatorId;
	private volatile ScsiPort[] ports;

	TargetPorts(String hbaName, int targetCount, int initiatorId) {
		this.hbaName = hbaName;
		this.initiatorId = initiatorId;
		this.ports = new ScsiPort[targetCount];
	}

	synchronized void attach(int target, ScsiPort port) {
		if (target < 0 || target >= ports.length || target == initiatorId) {
			throw new IllegalArgumentException("target id " + target + " is not available on " + hbaName);
		}
		ScsiPort[] p = ports.clone();
		p[target] = port;
		ports = p;
	}

	synchronized void detach(int target) {
		if (target >= 0 && target < ports.length) {
			ScsiPort[] p = ports.clone();
			p[target] = null;
			ports = p;
		}
	}

	/** The port at {@code target}, or null. */
	ScsiPort get(int target) {
		ScsiPort[] p = ports;
		return target >= 0 && target < p.length ? p[target] : null;
	}

	/** The current ports by target id (entries may be null); do not modify. */
	ScsiPort[] snapshot() {
		return ports;
	}
}
