package org.hbakit.controller.api;

import org.hbakit.controller.api.pci.IOPCIDevice;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * DriverKit's {@code IOUserSCSIParallelInterfaceController}: what the framework calls on a SCSI HBA controller.
 * A controller bundle implements it; the framework ({@link IOSCSIParallelFamily}) is what the controller calls.
 *
 * <h2>Publishing a controller</h2>
 * A controller bundle registers its implementation as a <b>prototype-scope</b> OSGi service of this interface
 * with the service property {@link #IO_USER_CLASS} equal to the {@code IOUserClass} of its personalities
 * (a DS {@code @Component(scope = ServiceScope.PROTOTYPE)}), and carries an {@code Info.plist} with an
 * {@code IOKitPersonalities} dictionary. For every match that starts, the framework gets a fresh instance, so one
 * instance drives exactly one device; it releases the instance when the binding ends.
 *
 * <h2>Call order (one binding)</h2>
 * {@link #probe} → {@link #start} → {@link #userInitializeController} (the controller calls
 * {@link IOSCSIParallelFamily#userReportHBAConstraints} before returning) → the reports
 * ({@link #userReportInitiatorIdentifier}, {@link #userReportHighestSupportedDeviceID},
 * {@link #userReportMaximumTaskCount}, {@link #userReportHBAHighestLogicalUnitNumber},
 * {@link #userDoesHBAPerformAutoSense}, {@link #userDoesHBAPerformDeviceManagement},
 * {@link #userDoesHBASupportMultiPathing}, {@link #userGetDMASpecification}) → {@link #userMapHBAData} once per
 * task → {@link #userMapBundledParallelTaskCommandAndResponseBuffers} → {@link #userStartController} → targets
 * ({@link #userInitializeTargetForID}) → I/O → {@link #stop}. A failure anywhere unwinds the steps before it
 * and ends with {@link #stop}.
 *
 * <h2>Threads (who calls what, and what may block)</h2>
 * <ul>
 * <li><b>The controller's queue.</b> Every instance gets its own framework thread, named {@code <hba>-controller}
 * (DriverKit's {@code Default} dispatch queue). Instantiation, {@link #probe}, the whole start sequence,
 * {@link #userInitializeTargetForID}, the task-management calls, {@link #setPowerState} and {@link #stop} are
 * called there, one at a time, never concurrently with each other. Each is bounded by the framework: instantiation,
 * probe, the whole start sequence and {@code Stop} by {@code controllerCallTimeoutMs} (configuration PID
 * {@code org.hbakit.bridge}, default 10 s); each task-management call by {@code abortGraceMs} (250 ms);
 * {@code SetPowerState} with its acknowledgement by {@code powerAckTimeoutMs} (5 s). The framework never waits
 * longer: a controller that overruns a bound is treated as hung (its tasks time out on schedule, later calls on
 * its queue are refused until the stuck one returns, and a swap or stop abandons it and takes its tasks back).
 * Block here only as long as the hardware needs, and never without a bound of your own.</li>
 * <li><b>I/O.</b> {@link #userProcessParallelTask} and {@link #userProcessBundledParallelTasks} are called on client
 * threads (the thread that submitted the request, possibly many at once) and on the controller's queue (requests
 * that waited for a free task, the framework's own REQUEST SENSE). They must not block: put the task on the
 * hardware and return. They may run concurrently with each other and with the calls on the queue.</li>
 * <li><b>Completions.</b> {@link ParallelTaskCompletion} and {@link BundledParallelTaskCompletion} may be called on
 * any thread of the controller — usually its interrupt handler — or inline, inside the {@code UserProcess…} call.
 * The framework's side only checks the completion and hands the result over: it never calls back into the
 * controller, never dispatches and never runs client code, and returns in microseconds. Ownership of the task (and
 * of bundled slots) passes back to the framework in that call.</li>
 * </ul>
 *
 * <h2>Conventions</h2>
 * Methods return DriverKit's {@code kern_return_t} as an {@link IOReturn} code. Out parameters are one-element
 * arrays the framework supplies: set element 0, as DriverKit's {@code *value = ...}. A method that throws is
 * treated as having returned {@link IOReturn#kIOReturnError}.
 */
@ConsumerType
public interface IOUserSCSIParallelInterfaceController {
	/** Service property naming the class the personalities' {@code IOUserClass} refers to. */
	String IO_USER_CLASS = "IOUserClass";
	/** {@code kMaxBundledParallelTasks}: the most slots in one bundled call, either direction. */
	int kMaxBundledParallelTasks = 32;

	/**
	 * IOKit's {@code probe}: called on the controller's queue before start during matching, possibly for a device
	 * this instance will never drive; bounded by {@code controllerCallTimeoutMs}. {@code score[0]} holds the personality's {@code IOProbeScore}; the controller may change it.
	 * Return anything but success to decline the device. Default: accept, score unchanged.
	 */
	default int probe(IOPCIDevice provider, int[] score) {
		return IOReturn.kIOReturnSuccess;
	}

	/**
	 * {@code IOService::Start}: the first call on a matched instance. Keep {@code provider} and {@code family}
	 * until {@link #stop}; open the provider here. Called on the controller's queue, first of the start sequence
	 * (the whole sequence is bounded by {@code controllerCallTimeoutMs}).
	 */
	int start(IOPCIDevice provider, IOSCSIParallelFamily family);

	/**
	 * {@code IOService::Stop}: quiesce all activity (no interrupt handler runs and no completion is made after
	 * this returns), release interrupts and DMA commands, close the provider. Called once, last, on the controller's
	 * queue, bounded by {@code controllerCallTimeoutMs}. Tasks still owned by the controller (and every bundled slot)
	 * are the framework's again when this returns; a completion after it is refused as a violation.
	 */
	int stop();

	/**
	 * {@code UserInitializeController}: called once, on the controller's queue, first after {@link #start}. Allocate everything the hardware
	 * needs and call {@link IOSCSIParallelFamily#userReportHBAConstraints} with every required key before
	 * returning.
	 */
	int userInitializeController();

	/**
	 * {@code UserStartController}: called on the controller's queue after the reports and mappings, before any
	 * task. After it returns the
	 * HBA must accept tasks (enable interrupts here).
	 */
	int userStartController();

	/**
	 * {@code UserReportInitiatorIdentifier}: the SCSI id the HBA itself uses on the bus. This and the other reports
	 * are called once each on the controller's queue during the start sequence.
	 */
	int userReportInitiatorIdentifier(long[] id);

	/** {@code UserReportHighestSupportedDeviceID}: the highest target id; the framework scans 0…this. */
	int userReportHighestSupportedDeviceID(long[] id);

	/**
	 * {@code UserReportMaximumTaskCount}: the most tasks outstanding at once; must be greater than zero or the
	 * controller fails to start. Sizes the task pool and the bundled buffers.
	 */
	int userReportMaximumTaskCount(int[] count);

	/** {@code UserDoesHBAPerformDeviceManagement}: true if the controller creates and destroys targets itself. */
	int userDoesHBAPerformDeviceManagement(boolean[] result);

	/** {@code UserReportHBAHighestLogicalUnitNumber}: the highest LUN the controller can address. */
	int userReportHBAHighestLogicalUnitNumber(long[] value);

	/** {@code UserDoesHBAPerformAutoSense}: true if every CHECK CONDITION completes with sense data already. */
	int userDoesHBAPerformAutoSense(boolean[] result);

	/** {@code UserDoesHBASupportMultiPathing}. */
	int userDoesHBASupportMultiPathing(boolean[] result);

	/** {@code UserDoesHBASupportSCSIParallelFeature}: {@code feature} is a {@link SCSIParallelFeature} value. */
	int userDoesHBASupportSCSIParallelFeature(int feature, boolean[] result);

	/** {@code UserGetDMASpecification}: set the fields of {@code specification}. */
	int userGetDMASpecification(DMASpecification specification);

	/**
	 * {@code UserMapHBAData}: called on the controller's queue once per task, {@link #userReportMaximumTaskCount}
	 * times, before {@link #userStartController}. Prepare the per-task HBA data (request frame, response) now, never on the
	 * I/O path, and set {@code uniqueTaskID[0]} to an id unique among this instance's tasks (uint32); it comes
	 * back as {@link SCSIUserParallelTask#controllerTaskIdentifier()}.
	 */
	int userMapHBAData(int[] uniqueTaskID);

	/**
	 * {@code UserMapBundledParallelTaskCommandAndResponseBuffers}: called on the controller's queue after
	 * {@link #userMapHBAData} and before {@link #userStartController} (not called when the reported task count
	 * exceeds 65,535, the most uint16 slot indices can address: the controller then uses the parallel path). Return {@link IOReturn#kIOReturnSuccess} to commit to the bundled path
	 * ({@link #userProcessBundledParallelTasks}); return {@link IOReturn#kIOReturnError} (or
	 * {@link IOReturn#kIOReturnUnsupported}) to decline and receive tasks through {@link #userProcessParallelTask}.
	 * The buffers stay valid until {@link #stop}.
	 */
	int userMapBundledParallelTaskCommandAndResponseBuffers(BundledParallelTaskCommandBuffer commands,
			BundledParallelTaskResponseBuffer responses);

	/**
	 * {@code UserProcessParallelTask}: put one task on the bus. Called on client threads or the controller's queue,
	 * possibly concurrently; must not block. The task view stays valid (and unchanged) until the task completes. Set {@code response[0]}
	 * to {@link SCSIServiceResponse#REQUEST_IN_PROCESS} and later call {@code completion} exactly once; or set
	 * any other service response to complete at once (then never call {@code completion} for it).
	 */
	int userProcessParallelTask(SCSIUserParallelTask parallelRequest, int[] response, ParallelTaskCompletion completion);

	/**
	 * {@code UserProcessBundledParallelTasks}: called on client threads or the controller's queue, possibly
	 * concurrently; must not block. The framework hands the controller
	 * {@code parallelRequestSlotIndices[0 .. count-1]} (1..{@link #kMaxBundledParallelTasks} uint16 slot indices);
	 * the controller owns those command and response slots until it returns them through {@code completion},
	 * possibly in other groups and another order. The index array is the framework's and valid only during this
	 * call. A task the controller cannot process is completed through {@code completion} with a failure response.
	 */
	void userProcessBundledParallelTasks(int[] parallelRequestSlotIndices, int parallelRequestSlotIndicesCount,
			BundledParallelTaskCompletion completion);

	/**
	 * {@code UserInitializeTargetForID}: called on the controller's queue when a target is created, before its
	 * logical units are scanned; the controller may probe it. Bounded by {@code controllerCallTimeoutMs}.
	 */
	int userInitializeTargetForID(long targetID);

	/**
	 * SAM-2 ABORT TASK: abort the task tagged {@code theQ} ({@code fTaskTagIdentifier}) on target {@code theT}, LUN
	 * {@code theL}. Called on the controller's queue (timeout escalation, a swap's drain, an initiator's task
	 * management), bounded by {@code abortGraceMs}: return once the hardware took the request; the aborted task
	 * completes through its completion as usual.
	 */
	int userAbortTaskRequest(long theT, long theL, long theQ, int[] response);

	/** SAM-2 ABORT TASK SET: abort all tasks of the logical unit. On the controller's queue, bounded like ABORT TASK. */
	int userAbortTaskSetRequest(long theT, long theL, int[] response);

	/** SAM-2 CLEAR ACA. On the controller's queue, bounded like ABORT TASK. */
	int userClearACARequest(long theT, long theL, int[] response);

	/** SAM-2 CLEAR TASK SET: abort all tasks of the logical unit. On the controller's queue, bounded like ABORT TASK. */
	int userClearTaskSetRequest(long theT, long theL, int[] response);

	/** SAM-2 LOGICAL UNIT RESET. On the controller's queue, bounded like ABORT TASK. */
	int userLogicalUnitResetRequest(long theT, long theL, int[] response);

	/** SAM-2 TARGET RESET. On the controller's queue, bounded like ABORT TASK. */
	int userTargetResetRequest(long theT, int[] response);

	/**
	 * {@code IOService::SetPowerState}: make the hardware safe for {@code powerFlags} (an
	 * {@link IOServicePowerCapability} value), then acknowledge with
	 * {@link IOSCSIParallelFamily#setPowerStateComplete(int)} (DriverKit's {@code SUPERDISPATCH} call), either
	 * before returning or later. Called on the controller's queue; the call and the acknowledgement together are
	 * bounded by {@code powerAckTimeoutMs}. For Off and Pause the framework has already held new requests and
	 * drained the ones in flight. Default: acknowledge
	 * at once.
	 */
	default int setPowerState(int powerFlags, IOSCSIParallelFamily family) {
		family.setPowerStateComplete(powerFlags);
		return IOReturn.kIOReturnSuccess;
	}
}
