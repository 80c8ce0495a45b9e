package org.hbakit.conformance;

/**
 * How a conformance run is made.
 *
 * @param vendorId the PCI vendor id of the run's HBA, or -1 for the one in the controller's personality
 * @param deviceId its PCI device id, or -1 likewise
 * @param seconds  how long each workload check runs (verified data, exactly once, hot swap), at least 1
 */
public record ConformanceOptions(int vendorId, int deviceId, long seconds) {
	/** Checks the values. */
	public ConformanceOptions {
		if ((vendorId < -1 || vendorId > 0xFFFF) || (deviceId < -1 || deviceId > 0xFFFF) || (vendorId == -1) != (deviceId == -1)) {
			throw new IllegalArgumentException("PCI ids must both be given, 0..0xFFFF");
		}
		if (seconds < 1 || seconds > 3600) {
			throw new IllegalArgumentException("--seconds must be 1..3600");
		}
	}

	/** The identity from the personality, two seconds per workload. */
	public static ConformanceOptions defaults() {
		return new ConformanceOptions(-1, -1, 2);
	}

	/** These options with the HBA's PCI identity {@code vendor:device}. */
	public ConformanceOptions withIds(int vendor, int device) {
		return new ConformanceOptions(vendor, device, seconds);
	}

	/** These options with {@code s} seconds per workload. */
	public ConformanceOptions withSeconds(long s) {
		return new ConformanceOptions(vendorId, deviceId, s);
	}
}
