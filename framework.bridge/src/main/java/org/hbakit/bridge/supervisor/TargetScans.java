package org.hbakit.bridge.supervisor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.hbakit.bridge.engine.ControllerBinding;
import org.hbakit.bridge.engine.ControllerCall;
import org.hbakit.bridge.engine.LunScanner;
import org.hbakit.controller.api.IOReturn;

/**
 * A device's rescans after its start: asked for by unit attentions (REPORTED LUNS DATA HAS CHANGED, CAPACITY DATA
 * HAS CHANGED) and by the controller ({@code UserCreateTargetForID}, {@code UserDestroyTargetForID},
 * {@code UserCallMediaParametersHaveChanged}). Requests fold while one is pending; one asked for while the gate is
 * closed waits until the device serves I/O again, since nothing goes past a closed gate. Runs on the supervisor.
 */
final class TargetScans {
	private final LogicalUnits units;
	private final SupervisorContext context;
	private final AtomicBoolean pending = new AtomicBoolean();
	private boolean deferred;

	TargetScans(LogicalUnits units, SupervisorContext context) {
		this.units = units;
		this.context = context;
	}

	/** Any thread: true if the caller should post a rescan (none is pending). */
	boolean request() {
		return pending.compareAndSet(false, true);
	}

	/** A bind has just scanned everything. */
	void scanned() {
		deferred = false;
	}

	/** Whether a rescan waits for the gate to open. */
	boolean deferred() {
		return deferred;
	}

	/** The rescan: reads the binding's targets again, unless the gate is closed (then later). */
	void run(DeviceBinder.Attached a, boolean serving) throws InterruptedException {
		pending.set(false);
		if (a == null) {
			return; // the next bind scans anyway
		}
		if (!serving) {
			deferred = true;
			return;
		}
		deferred = false;
		ControllerBinding b = a.binding();
		List<LunScanner.Found> found = new LunScanner(b, context.settings().get(), context.log()).scan(b.targets());
		if (!b.isStopped()) {
			units.reconcile(found);
		}
	}

	/**
	 * {@code UserCreateTargetForID} of a bound controller: the target is initialised on the controller's queue, then
	 * everything is scanned again.
	 */
	int createTarget(DeviceBinder.Attached a, ControllerBinding b, long targetID, Map<String, ?> dict, boolean serving)
			throws InterruptedException {
		if (a == null || a.binding() != b || b.isStopped()) {
			return IOReturn.kIOReturnOffline;
		}
		if (b.targets().contains(targetID)) {
			return IOReturn.kIOReturnExclusiveAccess;
		}
		ControllerCall<Integer> call = a.instance().queue.call("UserInitializeTargetForID(" + targetID + ")",
				() -> b.initializeTarget(targetID), context.settings().get().controllerCallTimeoutMs());
		if (!call.returned()) {
			b.forgetTarget(targetID);
			return call.timedOut() ? IOReturn.kIOReturnTimeout : IOReturn.kIOReturnError;
		}
		if (call.value() == IOReturn.kIOReturnSuccess) {
			b.targetProperties(targetID, dict);
			pending.set(true);
			run(a, serving);
		}
		return call.value();
	}
}
