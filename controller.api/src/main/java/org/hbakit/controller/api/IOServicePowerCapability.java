package org.hbakit.controller.api;

/**
 * The power states a controller's {@link IOUserSCSIParallelInterfaceController#setPowerState(int)} receives
 * ({@code IOService.iig} and {@code IOUserSCSIParallelInterfaceController.iig}).
 */
public final class IOServicePowerCapability {
	/** The system is entering sleep: make the hardware safe and quiet. */
	public static final int kIOServicePowerCapabilityOff = 0x0;
	/** Fully powered. */
	public static final int kIOServicePowerCapabilityOn = 0x2;
	/** Low power. */
	public static final int kIOServicePowerCapabilityLow = 0x10000;
	/** PCIe-specific: halt transactions while resources are reallocated. */
	public static final int kIOServicePowerCapabilityPause = 0x1000;

	private IOServicePowerCapability() {
	}

	/** The DriverKit name of a power state, for logs and shell output. */
	public static String name(int state) {
		return switch (state) {
			case kIOServicePowerCapabilityOff -> "Off";
			case kIOServicePowerCapabilityOn -> "On";
			case kIOServicePowerCapabilityLow -> "Low";
			case kIOServicePowerCapabilityPause -> "Pause";
			default -> String.format("0x%X", state);
		};
	}
}
