package org.hbakit.bridge.supervisor;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.hbakit.bridge.engine.BindingEvents;
import org.hbakit.bridge.engine.ControllerBinding;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.registry.ViolationKind;

/**
 * What one binding tells its device's supervisor, turned into messages; what an old binding says after it was
 * replaced is ignored. One per binding.
 */
final class SupervisorEvents implements BindingEvents {
	private final DeviceSupervisor supervisor;
	volatile ControllerBinding binding;

	SupervisorEvents(DeviceSupervisor supervisor) {
		this.supervisor = supervisor;
	}

	@Override
	public void escalate(int level, int slot, long generation, long targetID, long lunBytes, long tag) {
		ControllerBinding b = binding;
		supervisor.escalate(b, level, slot, generation, targetID, lunBytes, tag);
	}

	@Override
	public void rescanRequested() {
		if (supervisor.attachedEvents() == this) {
			supervisor.rescan();
		}
	}

	@Override
	public void violation(ControllerBinding.Identity identity, ViolationKind kind, String message) {
		supervisor.violationHistory().record(identity, kind, message);
	}

	@Override
	public boolean offerBundledBuffers() {
		return supervisor.offersBundledBuffers();
	}

	@Override
	public int createTarget(ControllerBinding b, long targetID, Map<String, ?> dict) throws InterruptedException {
		long bound = supervisor.controllerCallBoundMs() * 3;
		try {
			return supervisor.createTarget(b, targetID, dict).get(bound, TimeUnit.MILLISECONDS);
		} catch (ExecutionException e) {
			return IOReturn.kIOReturnError;
		} catch (TimeoutException e) {
			return IOReturn.kIOReturnTimeout;
		}
	}
}
