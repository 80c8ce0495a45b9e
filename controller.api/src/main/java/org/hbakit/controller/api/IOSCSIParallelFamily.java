package org.hbakit.controller.api;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.hbakit.controller.api.pci.IOPCIDevice;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The framework side of {@code IOUserSCSIParallelInterfaceController}: the members a controller calls (in
 * DriverKit they are implemented by the kernel's SCSI parallel family). One instance per binding, passed to
 * {@link IOUserSCSIParallelInterfaceController#start}; every method may be called from any thread and returns an
 * {@link IOReturn} code, at once unless its description says otherwise. After the binding ends every call returns
 * {@link IOReturn#kIOReturnOffline} ({@link #provider()} excepted).
 */
@ProviderType
public interface IOSCSIParallelFamily {
	/** The provider the controller was started on. */
	IOPCIDevice provider();

	/**
	 * {@code UserReportHBAConstraints}: the controller reports its I/O constraints (keys in {@link HBAConstraints});
	 * must be called, with all seven required keys, before {@code UserInitializeController} returns.
	 *
	 * @return {@link IOReturn#kIOReturnBadArgument} if a required key is missing or a value is not a number
	 */
	int userReportHBAConstraints(Map<String, ?> constraints);

	/**
	 * {@code UserCreateTargetForID}: for a controller that performs device management. Called while the controller
	 * is bound, the framework checks the id is new, calls {@code UserInitializeTargetForID} on the controller's
	 * queue and scans the target's LUNs before returning (bounded: {@code kIOReturnTimeout} after three times
	 * {@code controllerCallTimeoutMs}). Called during the start sequence, the target is recorded and initialised and
	 * scanned with the others once the controller started. Must not be called on the controller's queue (as
	 * DriverKit's AuxiliaryQueue rule): that returns {@code kIOReturnNotPermitted}. A duplicate id returns
	 * {@code kIOReturnExclusiveAccess}.
	 */
	int userCreateTargetForID(long targetID, Map<String, ?> targetDict);

	/** {@code UserDestroyTargetForID}: removes a target and its logical units; an unknown id is a no-op. */
	int userDestroyTargetForID(long targetID);

	/** {@code UserTargetPresentForID}: {@code result[0]} is set to whether the framework has the target. */
	int userTargetPresentForID(long targetID, boolean[] result);

	/**
	 * {@code UserGetDataBuffer}: from inside {@code UserProcessParallelTask} (or while owning a bundled slot), the
	 * host memory of the task's data, for a controller that moves data itself instead of by DMA. {@code buffer[0]}
	 * is set to a view of exactly the transfer in progress: the client's data, or, while the framework fetches sense
	 * data with its own REQUEST SENSE on the task, the task's sense buffer.
	 */
	int userGetDataBuffer(long targetID, long controllerTaskID, ByteBuffer[] buffer);

	/** {@code UserSetHBAProperties}: sets HBA properties (vendor, product, port, WWN…), shown in the registry. */
	int userSetHBAProperties(Map<String, ?> properties);

	/** {@code UserRemoveHBAProperties}: removes HBA properties by key. */
	int userRemoveHBAProperties(List<String> properties);

	/** {@code UserSetTargetProperties}. */
	int userSetTargetProperties(long targetID, Map<String, ?> properties);

	/** {@code UserRemoveTargetProperties}. */
	int userRemoveTargetProperties(long targetID, List<String> properties);

	/**
	 * {@code UserCallMediaParametersHaveChanged}: the framework re-reads the capacity of every logical unit of
	 * this HBA and updates their published services. Returns before the rescan finishes.
	 */
	int userCallMediaParametersHaveChanged();

	/**
	 * DriverKit's {@code SetPowerState(powerState, SUPERDISPATCH)}: acknowledges the power state change the
	 * framework asked for with {@code setPowerState}.
	 */
	int setPowerStateComplete(int powerFlags);
}
