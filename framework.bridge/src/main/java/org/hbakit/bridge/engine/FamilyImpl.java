package org.hbakit.bridge.engine;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.hbakit.controller.api.HBAConstraints;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOSCSIParallelFamily;
import org.hbakit.controller.api.pci.IOPCIDevice;

/**
 * The framework members a controller calls ({@link IOSCSIParallelFamily}), for one binding. After the binding
 * stopped every call returns {@link IOReturn#kIOReturnOffline}.
 */
final class FamilyImpl implements IOSCSIParallelFamily {
	private final ControllerBinding binding;
	private final Map<String, Object> constraints = new ConcurrentHashMap<>();
	private final Set<Long> targets = new ConcurrentSkipListSet<>();
	private volatile CountDownLatch powerAck;
	private volatile int powerAckState;
	private volatile boolean scanned;

	FamilyImpl(ControllerBinding binding) {
		this.binding = binding;
	}

	private boolean offline() {
		return binding.adapter.binding() != binding && scanned;
	}

	@Override
	public IOPCIDevice provider() {
		return binding.device;
	}

	@Override
	public int userReportHBAConstraints(Map<String, ?> reported) {
		if (reported == null) {
			return IOReturn.kIOReturnBadArgument;
		}
		for (Map.Entry<String, ?> e : reported.entrySet()) {
			Object v = e.getValue();
			boolean ok = HBAConstraints.kIOHierarchicalLogicalUnitSupportKey.equals(e.getKey())
					? v instanceof Boolean || v instanceof Number
					: v instanceof Number;
			if (!ok) {
				binding.log.warn("controller " + binding.identity + " reported HBA constraint '" + e.getKey()
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

	/** The targets to scan: those the framework created (ids 0…highest but the initiator) or the controller did. */
	List<Long> targets() {
		if (!scanned && !binding.deviceManagement) {
			for (long id = 0; id <= binding.highestTargetId; id++) {
				if (id == binding.initiatorId) {
					continue;
				}
				long target = id;
				int rc;
				try {
					rc = binding.controller.userInitializeTargetForID(target);
				} catch (RuntimeException e) {
					rc = IOReturn.kIOReturnError;
				}
				if (rc == IOReturn.kIOReturnSuccess) {
					targets.add(target);
				}
			}
		}
		scanned = true;
		return List.copyOf(targets);
	}

	int targetCount() {
		return targets.size();
	}

	@Override
	public int userCreateTargetForID(long targetID, Map<String, ?> targetDict) {
		if (offline()) {
			return IOReturn.kIOReturnOffline;
		}
		if (targetID == binding.initiatorId || targetID < 0 || targetID > binding.highestTargetId) {
			return IOReturn.kIOReturnBadArgument;
		}
		int rc;
		try {
			rc = binding.controller.userInitializeTargetForID(targetID);
		} catch (RuntimeException e) {
			rc = IOReturn.kIOReturnError;
		}
		if (rc != IOReturn.kIOReturnSuccess) {
			return rc;
		}
		if (!targets.add(targetID)) {
			return IOReturn.kIOReturnExclusiveAccess;
		}
		if (targetDict != null) {
			binding.targetProperties.put(targetID, new HashMap<>(targetDict));
		}
		if (scanned) {
			binding.adapter.rescan();
		}
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userDestroyTargetForID(long targetID) {
		if (offline()) {
			return IOReturn.kIOReturnOffline;
		}
		if (targets.remove(targetID)) {
			binding.targetProperties.remove(targetID);
			if (scanned) {
				binding.adapter.rescan();
			}
		}
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userTargetPresentForID(long targetID, boolean[] result) {
		if (result == null || result.length == 0) {
			return IOReturn.kIOReturnBadArgument;
		}
		result[0] = targets.contains(targetID);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userGetDataBuffer(long targetID, long controllerTaskID, ByteBuffer[] buffer) {
		if (buffer == null || buffer.length == 0) {
			return IOReturn.kIOReturnBadArgument;
		}
		ByteBuffer b = binding.dataBufferOf(targetID, controllerTaskID);
		buffer[0] = b;
		return b == null ? IOReturn.kIOReturnNotFound : IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userSetHBAProperties(Map<String, ?> properties) {
		if (properties == null) {
			return IOReturn.kIOReturnBadArgument;
		}
		binding.hbaProperties.putAll(properties);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userRemoveHBAProperties(List<String> properties) {
		if (properties == null) {
			return IOReturn.kIOReturnBadArgument;
		}
		properties.forEach(binding.hbaProperties::remove);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userSetTargetProperties(long targetID, Map<String, ?> properties) {
		if (properties == null || !targets.contains(targetID)) {
			return IOReturn.kIOReturnBadArgument;
		}
		binding.targetProperties.computeIfAbsent(targetID, t -> new ConcurrentHashMap<>()).putAll(properties);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userRemoveTargetProperties(long targetID, List<String> properties) {
		Map<String, Object> p = binding.targetProperties.get(targetID);
		if (properties == null || p == null) {
			return IOReturn.kIOReturnBadArgument;
		}
		properties.forEach(p::remove);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int userCallMediaParametersHaveChanged() {
		if (offline()) {
			return IOReturn.kIOReturnOffline;
		}
		CompletableFuture.runAsync(binding.adapter::rescan);
		return IOReturn.kIOReturnSuccess;
	}

	@Override
	public int setPowerStateComplete(int powerFlags) {
		CountDownLatch ack = powerAck;
		if (ack == null || powerFlags != powerAckState) {
			return IOReturn.kIOReturnBadArgument;
		}
		ack.countDown();
		return IOReturn.kIOReturnSuccess;
	}

	/** Asks the controller to change power state and waits for its acknowledgement. */
	int setPowerState(int powerFlags, long timeoutMs) throws InterruptedException {
		CountDownLatch ack = new CountDownLatch(1);
		powerAckState = powerFlags;
		powerAck = ack;
		int rc;
		try {
			rc = binding.controller.setPowerState(powerFlags, this);
		} catch (RuntimeException e) {
			rc = IOReturn.kIOReturnError;
		}
		if (rc != IOReturn.kIOReturnSuccess) {
			return rc;
		}
		return ack.await(timeoutMs, TimeUnit.MILLISECONDS) ? IOReturn.kIOReturnSuccess : IOReturn.kIOReturnTimeout;
	}
}
