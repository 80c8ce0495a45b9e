package org.hbakit.controller.api.registry;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The framework's matching registry, published as an OSGi service: what is known, what matched, what runs,
 * and why a device has no driver. Snapshots: each call returns an immutable list.
 */
@ProviderType
public interface IOKitRegistry {
	/** Every accepted personality of every started controller bundle. */
	List<PersonalityInfo> personalities();

	/** Every provider device. */
	List<DeviceInfo> devices();

	/**
	 * Every personality against every device as matching sees them now (bound devices included): whether it
	 * matches passively, its score, and what became of it.
	 */
	List<MatchInfo> matches();

	/** Every running binding. */
	List<BindingInfo> bindings();

	/** The swaps performed, oldest first, per device at most the last 1024. */
	List<SwapInfo> swaps();

	/** I/O figures of every HBA. */
	List<HBAStatistics> statistics();

	/**
	 * Rematch (the operator's hot swap): moves the device at {@code location} to the best other matching
	 * controller, or, if {@code controller} is not null, to the one it names: an {@code IOUserClass}, a bundle
	 * symbolic name (its newest version) or {@code <bundle>:<version>} (that version, even when a newer one is
	 * installed; the device then stays on it until another version arrives), with tasks held, drained and released
	 * as in any swap. Blocks until the device is bound again or no controller could start.
	 *
	 * @return a one-line description of what happened
	 * @throws IllegalArgumentException if no device has that location or name, or no such controller matches it
	 * @throws IllegalStateException    if no controller could start on the device (its held requests failed)
	 */
	String rematch(String location, String controller) throws InterruptedException;

	/**
	 * Changes the power state of the controller bound to a device ({@code IOService::SetPowerState}): for
	 * {@code kIOServicePowerCapabilityOff} and {@code kIOServicePowerCapabilityPause} new requests are held first
	 * and in-flight ones drained; for {@code kIOServicePowerCapabilityOn} held requests are released after the
	 * controller acknowledged. Waits for the acknowledgement with the configured timeout.
	 *
	 * @param powerFlags an {@link org.hbakit.controller.api.IOServicePowerCapability} value
	 * @return a one-line description of what happened
	 * @throws IllegalArgumentException if no device has that location or name, or it has no controller
	 * @throws IllegalStateException    if the controller refused or did not acknowledge in time
	 */
	String setPowerState(String location, int powerFlags) throws InterruptedException;

	/**
	 * Waits until no matching, start, stop or swap is in progress, every scan is done and no change of the deploy
	 * folder is being handled.
	 *
	 * @return false if that did not happen within {@code timeoutMillis}
	 */
	boolean awaitQuiescence(long timeoutMillis) throws InterruptedException;
}
