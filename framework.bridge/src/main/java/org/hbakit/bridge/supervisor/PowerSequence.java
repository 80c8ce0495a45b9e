package org.hbakit.bridge.supervisor;

import java.util.concurrent.TimeUnit;

import org.hbakit.bridge.engine.Admission;
import org.hbakit.bridge.engine.ControllerBinding;
import org.hbakit.bridge.engine.ControllerCall;
import org.hbakit.bridge.engine.EngineSettings;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOServicePowerCapability;

/**
 * {@code SetPowerState} on a bound device, on its supervisor: Off, Low and Pause close the gate and drain first
 * (bounded, then abort); the call and the controller's acknowledgement together are bounded by
 * {@code powerAckTimeoutMs}, so a controller that never answers costs one bound, not a hang.
 */
final class PowerSequence {
	private PowerSequence() {
	}

	/** Closes the gate and drains the binding's tasks (Off, Low, Pause). */
	static void quiesce(Admission admission, DeviceBinder.Attached a, EngineSettings settings)
			throws InterruptedException {
		ControllerBinding b = a.binding();
		admission.close(settings.drainTimeoutMs());
		if (!Drain.await(b, settings.drainTimeoutMs())) {
			a.instance().queue.call("UserAbortTaskSetRequest", () -> {
				b.abortInFlight();
				return null;
			}, settings.abortGraceMs());
			Drain.await(b, settings.abortGraceMs());
		}
	}

	/** The call and its acknowledgement, within {@code powerAckTimeoutMs}: an IOReturn code. */
	static int setPowerState(DeviceBinder.Attached a, int flags, EngineSettings settings) throws InterruptedException {
		ControllerBinding b = a.binding();
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.powerAckTimeoutMs());
		ControllerCall<ControllerBinding.PowerRequest> call = a.instance().queue.call(
				"SetPowerState(" + IOServicePowerCapability.name(flags) + ")", () -> b.setPowerState(flags),
				settings.powerAckTimeoutMs());
		if (!call.returned()) {
			return call.timedOut() ? IOReturn.kIOReturnTimeout : IOReturn.kIOReturnError;
		}
		if (call.value().returnCode() != IOReturn.kIOReturnSuccess) {
			return call.value().returnCode();
		}
		long left = Math.max(0, deadline - System.nanoTime());
		return call.value().acknowledgement().await(left, TimeUnit.NANOSECONDS) ? IOReturn.kIOReturnSuccess
				: IOReturn.kIOReturnTimeout;
	}
}
