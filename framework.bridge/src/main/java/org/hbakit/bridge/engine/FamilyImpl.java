package org.hbakit.bridge.engine;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;

import org.hbakit.controller.api.HBAConstraints;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOSCSIParallelFamily;
import org.hbakit.controller.api.pci.IOPCIDevice;

/**
 * The framework members a controller calls ({@link IOSCSIParallelFamily}), for one binding; made before
 * {@code Start} (the controller keeps it), attached to its binding once the start sequence built it. Every member
 * may be called on any thread; after the binding stopped every member returns {@link IOReturn#kIOReturnOffline}
 * ({@link #provider()} excepted, which has no return code).
 */
final class FamilyImpl implements IOSCSIParallelFamily {
	private final IOPCIDevice device;
	private final System.Logger log;
	private final String who;
	private final Map<String, Object> constraints = new ConcurrentHashMap<>();
	/** Targets present: created by the framework's scan or by the controller. */
	final Set<Long> targets = new ConcurrentSkipListSet<>();
	final Map<Long, Map<String, Object>> targetProperties = new ConcurrentHashMap<>();
	final Map<String, Object> hbaProperties = new ConcurrentHashMap<>();
	private volatile ControllerBinding binding;
	private volatile boolean offline;
	private volatile CountDownLatch powerAck;
	private volatile int powerAckState;

	FamilyImpl(IOPCIDevice device, String who, System.Logger log) {
		this.device = device;
		this.who = who;
		this.log = log;
	}

	void attach(ControllerBinding b) {
		binding = b;
	}

	/** The binding ended: every member answers kIOReturnOffline from now on. */
	void goOffline() {
		offline = true;
		CountDownLatch ack = powerAck;
		if (ack != null) {
			ack.countDown();
		}
	}

	@Override
	public IOPCIDevice provider() {
		return device;
	}

	@Override
	public int userReportHBAConstraints(Map<String, ?> reported) {
		if (offline) {
			return IOReturn.kIOReturnOffline;
		}
		if (reported == null) {
			return IOReturn.kIOReturnBadArgument;
		}
		for (Map.Entry<String, ?> e : reported.entrySet()) {
			Object v = e.getValue();
			boolean ok = HBAConstraints.kIOHierarchicalLogicalUnitSupportKey.equals(e.getKey())
					? v instanceof Boolean || v instanceof Number
					: v instanceof Number;
			if (!ok) {
				log.log(System.Logger.Level.WARNING, "controller " + who + " reported HBA constraint '" + e.getKey()
						+ "' with a non-numeric value " + v);
				return IOReturn.kIOReturnBadArgument;
			}
		}
		constraints.putAll(reported);
		return missingConstraint() == null ? IOReturn.kIOReturnSuccess : IOReturn.kIOReturnBadArgument;
	}

	/** The first required constraint not reported, or null. */
	String missingConstraint() {
		for (String key : HBAConstraints.REQUIRED_KEYS) {
			if (!constraints.containsKey(key)) {
				return key;
			}
		}
		return null;
	}

	Map<String, Object> constraints() {
		return Map.copyOf(constraints);
	}

	@Override
	public int userCreateTargetForID(long targetID, Map<String, ?> targetDict) {
		if (offline) {
			return IOReturn.kIOReturnOffline;
		}
		ControllerBinding b = binding;
		if (b == null) {
			// during the start sequence: the target is scanned with the others once the controller started
			if (targetID < 0 || !targets.add(targetID)) {
				return targetID < 0 ? IOReturn.kIOReturnBadArgument : IOReturn.kIOReturnExclusiveAccess;
			}
			if (targetDict != null) {
				targetProperties.put(targetID, new HashMap<>(targetDict));
			}
			return IOReturn.kIOReturnSuccess;
		}
		if (targetID == b.reports.initiatorId() || targetID < 0 || targetID > b.reports.highestTargetId()) {
			return IOReturn.kIOReturnBadArgument;
		}
		if (b.queue.isOnQueueThread()) {
			// DriverKit's rule: not from a thread the framework is calling the controller on
			return IOReturn.kIOReturnNotPermitted;
		}
		try {
			return b.events.createTarget(b, targetID, targetDict);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return IOReturn.kIOReturnAborted;
		}
	}

	@Override
	public int userDestroyTargetForID(long targetID) {
		if (offline) {
			return IOReturn.kIOReturnOffline;
		}
		if (targets.remove(targetID)) {
			targetProperties.remove(targetID);
			ControllerBinding b = binding;
			if (b != null) {
				b.features.forget(targetID);
				b.events.rescanRequested();
			}
		}
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userTargetPresentForID(long targetID, boolean[] result) {
		if (offline) {
			return IOReturn.kIOReturnOffline;
		}
		if (result == null || result.length == 0) {
			return IOReturn.kIOReturnBadArgument;
		}
		result[0] = targets.contains(targetID);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userGetDataBuffer(long targetID, long controllerTaskID, ByteBuffer[] buffer) {
		if (offline) {
			return IOReturn.kIOReturnOffline;
		}
		if (buffer == null || buffer.length == 0) {
			return IOReturn.kIOReturnBadArgument;
		}
		ControllerBinding b = binding;
		ByteBuffer data = b == null ? null : b.dataBufferOf(targetID, controllerTaskID);
		buffer[0] = data;
		return data == null ? IOReturn.kIOReturnNotFound : IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userSetHBAProperties(Map<String, ?> properties) {
		if (offline) {
			return IOReturn.kIOReturnOffline;
		}
		if (properties == null) {
			return IOReturn.kIOReturnBadArgument;
		}
		hbaProperties.putAll(properties);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userRemoveHBAProperties(List<String> properties) {
		if (offline) {
			return IOReturn.kIOReturnOffline;
		}
		if (properties == null) {
			return IOReturn.kIOReturnBadArgument;
		}
		properties.forEach(hbaProperties::remove);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userSetTargetProperties(long targetID, Map<String, ?> properties) {
		if (offline) {
			return IOReturn.kIOReturnOffline;
		}
		if (properties == null || !targets.contains(targetID)) {
			return IOReturn.kIOReturnBadArgument;
		}
		targetProperties.computeIfAbsent(targetID, t -> new ConcurrentHashMap<>()).putAll(properties);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userRemoveTargetProperties(long targetID, List<String> properties) {
		if (offline) {
			return IOReturn.kIOReturnOffline;
		}
		Map<String, Object> p = targetProperties.get(targetID);
		if (properties == null || p == null) {
			return IOReturn.kIOReturnBadArgument;
		}
		properties.forEach(p::remove);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userCallMediaParametersHaveChanged() {
		if (offline) {
			return IOReturn.kIOReturnOffline;
		}
		ControllerBinding b = binding;
		if (b != null) {
			b.events.rescanRequested();
		}
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int setPowerStateComplete(int powerFlags) {
		if (offline) {
			return IOReturn.kIOReturnOffline;
		}
		CountDownLatch ack = powerAck;
		if (ack == null || powerFlags != powerAckState) {
			return IOReturn.kIOReturnBadArgument;
		}
		ack.countDown();
		return IOReturn.kIOReturnSuccess;
	}

	/** Arms the acknowledgement of {@code SetPowerState(powerFlags)}; returns what {@link #setPowerStateComplete} opens. */
	CountDownLatch expectPowerAck(int powerFlags) {
		CountDownLatch ack = new CountDownLatch(1);
		powerAckState = powerFlags;
		powerAck = ack;
		return ack;
	}
}
