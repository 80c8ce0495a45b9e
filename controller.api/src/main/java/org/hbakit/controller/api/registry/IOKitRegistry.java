package org.hbakit.controller.api.registry;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The framework's matching registry, published as an OSGi service: what is known, what matched, what runs,
 * and why a device has no driver. Snapshots: each call returns an immutable list.
 */
@ProviderType
public interface IOKitRegistry {
	/**
	 * The framework runs the queues of a controller bundle's instances in a thread group named this prefix and the
	 * bundle's symbolic name; threads the controller starts from its queue join it (a new thread joins its creator's
	 * group). What a controller left running after its last {@code Stop} is found there.
	 *
	 * @since 2.1
	 */
	String CONTROLLER_THREAD_GROUP_PREFIX = "controller:";

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

	/**
	 * The violations every controller bundle made on every device since the device appeared, one entry per device,
	 * bundle version and kind (see {@link ViolationKind}).
	 *
	 * @since 2.1
	 */
	List<ViolationInfo> violations();

	/**
	 * What the controller of every running binding reported in its start sequence.
	 *
	 * @since 2.1
	 */
	List<StartReportInfo> startReports();

	/**
	 * Sends a task-management function to the controller bound to a device, as an initiator's task management
	 * would: on the controller's queue, bounded by {@code abortGraceMs}. The tasks the function affects complete
	 * through their completions as usual.
	 *
	 * @param targetID the target
	 * @param lun      the logical unit number (single level, 0..16383); ignored for {@link TaskManagementFunction#TARGET_RESET}
	 * @return the service response the controller set ({@code SCSIServiceResponse.FUNCTION_COMPLETE} or
	 *         {@code FUNCTION_REJECTED})
	 * @throws IllegalArgumentException if no device has that location or name, or it has no controller
	 * @throws IllegalStateException    if the controller did not return within the bound, or threw
	 * @since 2.1
	 */
	int taskManagement(String location, TaskManagementFunction function, long targetID, long lun)
			throws InterruptedException;

	/**
	 * Whether the framework offers the bundled buffers ({@code UserMapBundledParallelTaskCommandAndResponseBuffers})
	 * to the controllers that start on a device from now on; true unless changed. With false the device behaves as
	 * under a framework without bundled I/O (before macOS 15.4): its controllers use the parallel path.
	 *
	 * @throws IllegalArgumentException if no device has that location or name
	 * @since 2.1
	 */
	void offerBundledBuffers(String location, boolean offer);
}
