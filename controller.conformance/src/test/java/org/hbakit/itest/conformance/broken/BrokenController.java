package org.hbakit.itest.conformance.broken;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.hbakit.controller.api.BundledParallelTaskCommandBuffer;
import org.hbakit.controller.api.BundledParallelTaskCompletion;
import org.hbakit.controller.api.BundledParallelTaskResponseBuffer;
import org.hbakit.controller.api.DMASpecification;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOSCSIParallelFamily;
import org.hbakit.controller.api.IOServicePowerCapability;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.ParallelTaskCompletion;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;

/**
 * The reference controller with one {@link Defect}: a prototype-scope DS component (declared by the bundle
 * {@link BrokenBundles} builds) that takes an instance of the reference controller service
 * ({@code IOUserClass=HBAKitSimulatedHBAController}, through the API only) and delegates every call to it, except
 * where its defect changes the call or the completion.
 */
public final class BrokenController implements IOUserSCSIParallelInterfaceController {
	/** Its IOUserClass. */
	public static final String BROKEN_IO_USER_CLASS = "HBAKitBrokenController";
	/** The system-property prefix under which the CLASSLOADER defect leaks its instances. */
	public static final String LEAK_PREFIX = "org.hbakit.itest.conformance.leak.";
	private static final AtomicInteger INSTANCES = new AtomicInteger();
	/** SWAP: starts of this bundle's instances (per bundle: per class loader). */
	private static final AtomicInteger STARTS = new AtomicInteger();
	/** SWAP: the starts that succeed; the kit's set-up and its verified-data check take at most four. */
	static final int SWAP_STARTS = 4;

	private Defect defect;
	private ServiceObjects<IOUserSCSIParallelInterfaceController> objects;
	private IOUserSCSIParallelInterfaceController inner;
	private IOSCSIParallelFamily family;
	private volatile ParallelTaskCompletion lastParallel;
	private volatile BundledParallelTaskCompletion lastBundled;
	private final AtomicInteger completions = new AtomicInteger();
	private final Map<Long, long[]> tasks = new ConcurrentHashMap<>();

	/** DS: activation, with the component's properties ({@code defect}). */
	public void activate(BundleContext context, Map<String, Object> properties) throws InvalidSyntaxException {
		defect = Defect.valueOf((String) properties.get("defect"));
		ServiceReference<IOUserSCSIParallelInterfaceController> ref = context
				.getServiceReferences(IOUserSCSIParallelInterfaceController.class,
						"(" + IO_USER_CLASS_PROPERTY + "=HBAKitSimulatedHBAController)")
				.iterator().next();
		objects = context.getServiceObjects(ref);
		inner = objects.getService();
	}

	private static final String IO_USER_CLASS_PROPERTY = IOUserSCSIParallelInterfaceController.IO_USER_CLASS;

	/** DS: deactivation. */
	public void deactivate() {
		objects.ungetService(inner);
	}

	@Override
	public int start(IOPCIDevice provider, IOSCSIParallelFamily family) {
		this.family = family;
		if (defect == Defect.CLASSLOADER) {
			System.getProperties().put(LEAK_PREFIX + INSTANCES.incrementAndGet(), this);
		}
		return inner.start(provider, family);
	}

	@Override
	public int stop() {
		int rc = inner.stop();
		if (defect == Defect.QUIESCE) {
			ParallelTaskCompletion p = lastParallel;
			BundledParallelTaskCompletion b = lastBundled;
			if (p != null) {
				p.parallelTaskCompletion(new SCSIUserParallelResponse());
			}
			if (b != null) {
				b.bundledParallelTaskCompletion(new int[] { 0 }, 1);
			}
		}
		return rc;
	}

	@Override
	public int userInitializeController() {
		return inner.userInitializeController();
	}

	@Override
	public int userStartController() {
		if (defect == Defect.SWAP && STARTS.incrementAndGet() > SWAP_STARTS) {
			return IOReturn.kIOReturnError;
		}
		if (defect == Defect.THREADS) {
			// an idle pool thread, made of JDK classes only, in the queue's thread group, alive 15 s
			ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 15, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
			pool.allowCoreThreadTimeOut(true);
			pool.prestartCoreThread();
		}
		return inner.userStartController();
	}

	@Override
	public int userReportInitiatorIdentifier(long[] id) {
		return inner.userReportInitiatorIdentifier(id);
	}

	@Override
	public int userReportHighestSupportedDeviceID(long[] id) {
		return inner.userReportHighestSupportedDeviceID(id);
	}

	@Override
	public int userReportMaximumTaskCount(int[] count) {
		return inner.userReportMaximumTaskCount(count);
	}

	@Override
	public int userDoesHBAPerformDeviceManagement(boolean[] result) {
		return inner.userDoesHBAPerformDeviceManagement(result);
	}

	@Override
	public int userReportHBAHighestLogicalUnitNumber(long[] value) {
		return inner.userReportHBAHighestLogicalUnitNumber(value);
	}

	@Override
	public int userDoesHBAPerformAutoSense(boolean[] result) {
		return inner.userDoesHBAPerformAutoSense(result);
	}

	@Override
	public int userDoesHBASupportMultiPathing(boolean[] result) {
		return inner.userDoesHBASupportMultiPathing(result);
	}

	@Override
	public int userDoesHBASupportSCSIParallelFeature(int feature, boolean[] result) {
		return inner.userDoesHBASupportSCSIParallelFeature(feature, result);
	}

	@Override
	public int userGetDMASpecification(DMASpecification specification) {
		int rc = inner.userGetDMASpecification(specification);
		if (defect == Defect.REPORTS) {
			specification.setNumAddressBits(16);
		}
		return rc;
	}

	@Override
	public int userMapHBAData(int[] uniqueTaskID) {
		return inner.userMapHBAData(uniqueTaskID);
	}

	@Override
	public int userMapBundledParallelTaskCommandAndResponseBuffers(BundledParallelTaskCommandBuffer commands,
			BundledParallelTaskResponseBuffer responses) {
		if (defect.parallelOnly()) {
			return IOReturn.kIOReturnUnsupported;
		}
		return inner.userMapBundledParallelTaskCommandAndResponseBuffers(commands, responses);
	}

	@Override
	public int userProcessParallelTask(SCSIUserParallelTask task, int[] response, ParallelTaskCompletion completion) {
		lastParallel = completion;
		if (defect == Defect.DATA || defect == Defect.RESIDUAL || defect == Defect.EXACTLY_ONCE) {
			byte[] cdb = new byte[16];
			task.commandDescriptorBlock(cdb);
			tasks.put(task.controllerTaskIdentifier(),
					new long[] { task.targetID(), task.requestedTransferCount(), cdb[0] & 0xFF });
		}
		return inner.userProcessParallelTask(task, response, r -> complete(r, completion));
	}

	private void complete(SCSIUserParallelResponse r, ParallelTaskCompletion completion) {
		long[] info = r == null ? null : tasks.remove(r.controllerTaskIdentifier());
		switch (defect) {
			case EXACTLY_ONCE -> {
				completion.parallelTaskCompletion(r);
				// only on target 1 (the kit's null unit): a second completion that raced into the task's next
				// dispatch must not corrupt the data of the checks that do not look for this defect
				if (info != null && info[0] == 1 && completions.incrementAndGet() % 16 == 0) {
					completion.parallelTaskCompletion(r);
				}
				return;
			}
			case DATA -> {
				if (info != null && info[2] == 0x88 && info[1] >= 65536) {
					ByteBuffer[] data = new ByteBuffer[1];
					if (family.userGetDataBuffer(info[0], r.controllerTaskIdentifier(), data) == IOReturn.kIOReturnSuccess
							&& data[0] != null) {
						data[0].put(100, (byte) (data[0].get(100) ^ 0x5A));
					}
				}
			}
			case RESIDUAL -> {
				if (info != null) {
					r.setBytesTransferred(info[1]);
				}
			}
			case SENSE -> {
				if (r.completionStatus() == SCSITaskStatus.CHECK_CONDITION && r.senseLength() >= 14) {
					byte[] sense = new byte[r.senseLength()];
					int n = r.senseBuffer(sense);
					boolean descriptor = (sense[0] & 0x7F) >= 0x72;
					if ((sense[descriptor ? 1 : 2] & 0x0F) == 0x3) { // MEDIUM ERROR only: unit attentions stay right
						sense[descriptor ? 2 : 12] = 0;
						r.setSense(sense, n);
					}
				}
			}
			case ERRORS -> {
				if (r.serviceResponse() == SCSIServiceResponse.TASK_COMPLETE && r.completionStatus() == SCSITaskStatus.BUSY) {
					r.setCompletionStatus(SCSITaskStatus.GOOD);
				}
			}
			default -> {
			}
		}
		completion.parallelTaskCompletion(r);
	}

	@Override
	public void userProcessBundledParallelTasks(int[] slots, int count, BundledParallelTaskCompletion completion) {
		lastBundled = completion;
		if (defect == Defect.SLOTS) {
			inner.userProcessBundledParallelTasks(slots, count, (s, n) -> {
				if (completions.incrementAndGet() % 64 == 0) {
					completion.bundledParallelTaskCompletion(new int[0], 1);
				}
				completion.bundledParallelTaskCompletion(s, n);
			});
			return;
		}
		inner.userProcessBundledParallelTasks(slots, count, completion);
	}

	@Override
	public int userInitializeTargetForID(long targetID) {
		return inner.userInitializeTargetForID(targetID);
	}

	@Override
	public int userAbortTaskRequest(long theT, long theL, long theQ, int[] response) {
		if (defect == Defect.ABORT) {
			response[0] = SCSIServiceResponse.FUNCTION_REJECTED;
			return IOReturn.kIOReturnSuccess;
		}
		return inner.userAbortTaskRequest(theT, theL, theQ, response);
	}

	@Override
	public int userAbortTaskSetRequest(long theT, long theL, int[] response) {
		return inner.userAbortTaskSetRequest(theT, theL, response);
	}

	@Override
	public int userClearACARequest(long theT, long theL, int[] response) {
		return inner.userClearACARequest(theT, theL, response);
	}

	@Override
	public int userClearTaskSetRequest(long theT, long theL, int[] response) {
		return inner.userClearTaskSetRequest(theT, theL, response);
	}

	@Override
	public int userLogicalUnitResetRequest(long theT, long theL, int[] response) {
		if (defect == Defect.LUN_RESET) {
			response[0] = SCSIServiceResponse.FUNCTION_COMPLETE;
			return IOReturn.kIOReturnSuccess;
		}
		return inner.userLogicalUnitResetRequest(theT, theL, response);
	}

	@Override
	public int userTargetResetRequest(long theT, int[] response) {
		if (defect == Defect.TARGET_RESET) {
			response[0] = SCSIServiceResponse.FUNCTION_COMPLETE;
			return IOReturn.kIOReturnSuccess;
		}
		return inner.userTargetResetRequest(theT, response);
	}

	@Override
	public int setPowerState(int powerFlags, IOSCSIParallelFamily family) {
		if (defect == Defect.POWER && powerFlags == IOServicePowerCapability.kIOServicePowerCapabilityPause) {
			return IOReturn.kIOReturnSuccess; // and never SetPowerStateComplete
		}
		return inner.setPowerState(powerFlags, family);
	}
}
