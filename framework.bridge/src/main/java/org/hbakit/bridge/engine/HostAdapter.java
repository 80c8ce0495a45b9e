package org.hbakit.bridge.engine;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.SCSITaskAttribute;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.pci.IOPCIDevice;

/**
 * The framework's side of one HBA, for as long as the device exists: it outlives controller bindings, so a hot
 * swap changes the binding underneath while clients keep submitting. It admits requests (or holds them, in
 * order, while no controller may take them), owns the logical units found on the device, and performs swaps.
 * <p>
 * Threads: {@link #submit}, {@link #submitBatch} and {@link #pump} run on any thread without locks; binding,
 * unbinding and swapping run on the caller's thread (the bridge's lifecycle thread), one at a time.
 */
public final class HostAdapter {
	/** Told about logical units appearing, changing and disappearing, and about swaps. */
	public interface Listener {
		void logicalUnitAdded(LogicalUnit unit);

		void logicalUnitChanged(LogicalUnit unit);

		void logicalUnitRemoved(LogicalUnit unit);

		default void swapped(SwapRecord record) {
		}
	}

	final IOPCIDevice device;
	private final String name;
	private final EngineSettings settings;
	private final EngineLog log;
	private final Listener listener;

	private volatile ControllerBinding binding;
	private volatile boolean admitting;
	private final ConcurrentLinkedDeque<IORequest> held = new ConcurrentLinkedDeque<>();
	private final AtomicInteger entering = new AtomicInteger();
	/** Logical units by {@code target:lun}; changed only on the lifecycle thread. */
	private final Map<String, LogicalUnit> units = new java.util.concurrent.ConcurrentSkipListMap<>();
	private final List<SwapRecord> swaps = new CopyOnWriteArrayList<>();
	private volatile long heldSinceNanos;
	private volatile long unboundSinceNanos;
	/** How long the last start sequence and the scan after it took (for swap records). */
	volatile long lastStartNanos;
	volatile long lastScanNanos;

	public HostAdapter(IOPCIDevice device, String name, EngineSettings settings, EngineLog log, Listener listener) {
		this.device = device;
		this.name = name;
		this.settings = settings;
		this.log = log;
		this.listener = listener;
	}

	/** The HBA's short name. */
	public String name() {
		return name;
	}

	/** The device. */
	public IOPCIDevice device() {
		return device;
	}

	/** The running binding, or null. */
	public ControllerBinding binding() {
		return binding;
	}

	/** The logical units found on this HBA, by name order. */
	public Collection<LogicalUnit> logicalUnits() {
		return List.copyOf(units.values());
	}

	/** Swaps performed so far (the most recent last). */
	public List<SwapRecord> swaps() {
		return List.copyOf(swaps);
	}

	/** Requests waiting for a controller or a free task. */
	public int heldCount() {
		return held.size();
	}

	// ---------------------------------------------------------------- I/O admission

	/** Admits one request: to the controller now if possible, else held in order. Completes it exactly once. */
	public void submit(IORequest r) {
		entering.incrementAndGet();
		try {
			if (admitting && held.isEmpty()) {
				ControllerBinding b = binding;
				if (b != null && b.tryDispatch(r)) {
					return;
				}
			}
			if (r.taskAttribute == SCSITaskAttribute.HEAD_OF_QUEUE) {
				held.addFirst(r);
			} else {
				held.addLast(r);
			}
		} finally {
			entering.decrementAndGet();
		}
		pump();
	}

	/** Admits {@code count} requests from {@code requests[0]}, bundled where the controller takes bundles. */
	public void submitBatch(IORequest[] requests, int count) {
		int sent = 0;
		entering.incrementAndGet();
		try {
			if (admitting && held.isEmpty()) {
				ControllerBinding b = binding;
				if (b != null) {
					sent = b.dispatchBatch(requests, 0, count);
				}
			}
			for (int i = sent; i < count; i++) {
				held.addLast(requests[i]);
			}
		} finally {
			entering.decrementAndGet();
		}
		if (sent < count) {
			pump();
		}
	}

	/** Moves held requests to the controller while tasks are free; called after every completion. */
	void pump() {
		if (held.isEmpty() || !admitting) {
			return;
		}
		entering.incrementAndGet();
		try {
			ControllerBinding b = binding;
			while (admitting && b != null && !held.isEmpty() && b.hasFreeTask()) {
				IORequest r = held.pollFirst();
				if (r == null) {
					break;
				}
				if (!b.tryDispatch(r)) {
					held.addFirst(r);
				}
			}
		} finally {
			entering.decrementAndGet();
		}
	}

	// ---------------------------------------------------------------- binding lifecycle (lifecycle thread)

	/**
	 * Starts {@code controller} on this device (the full DriverKit start sequence), scans targets and logical
	 * units, then admits requests.
	 *
	 * @throws StartFailure if any step failed (everything done was unwound; the device is unbound)
	 */
	public ControllerBinding bind(IOUserSCSIParallelInterfaceController controller, ControllerBinding.Identity identity)
			throws StartFailure {
		if (binding != null) {
			throw new IllegalStateException(name + " is already bound to " + binding.identity());
		}
		ControllerBinding b = new ControllerBinding(this, controller, identity, settings, log);
		long t0 = System.nanoTime();
		b.start();
		long t1 = System.nanoTime();
		binding = b;
		try {
			reconcile(new LunScanner(b, settings, log).scanAll());
			lastStartNanos = t1 - t0;
			lastScanNanos = System.nanoTime() - t1;
		} catch (RuntimeException e) {
			binding = null;
			b.stop();
			throw new StartFailure("scanning targets failed: " + e, e);
		}
		open();
		log.info(name + " bound to " + identity + " (" + b.path() + " path, " + b.maxTaskCount() + " tasks, "
				+ units.size() + " logical units)");
		return b;
	}

	/**
	 * Stops admitting, drains and stops the binding. Requests in flight that the old controller did not complete
	 * are re-queued ahead of the held ones; they run on the next binding.
	 *
	 * @param reason for the log
	 * @return what the quiesce did
	 */
	public SwapRecord.Builder unbind(String reason) {
		SwapRecord.Builder record = new SwapRecord.Builder(name, reason);
		ControllerBinding b = binding;
		closeGate();
		record.heldAt(heldSinceNanos, held.size());
		if (b == null) {
			return record;
		}
		record.from(b.identity().toString());
		waitForEntering();
		long inFlightAtStart = b.inFlight();
		boolean drained = awaitDrained(b, settings.drainTimeoutMs());
		if (!drained) {
			log.warn(name + ": " + b.inFlight() + " tasks still in flight after " + settings.drainTimeoutMs()
					+ " ms; aborting them through task management");
			b.abortInFlight();
			awaitDrained(b, settings.abortGraceMs());
		}
		binding = null;
		unboundSinceNanos = System.nanoTime();
		long drainedAt = unboundSinceNanos;
		List<IORequest> orphans = b.stop();
		record.phases(drainedAt, System.nanoTime());
		for (int i = orphans.size() - 1; i >= 0; i--) {
			IORequest r = orphans.get(i);
			r.requeues++;
			held.addFirst(r);
		}
		record.drained(inFlightAtStart - orphans.size(), orphans.size());
		log.info(name + " unbound from " + b.identity() + " (" + reason + "): " + (inFlightAtStart - orphans.size())
				+ " drained, " + orphans.size() + " re-queued, " + held.size() + " held");
		return record;
	}

	/** Completes a swap: records the pause (first held request to the gate opening) and tells the listener. */
	public SwapRecord finishSwap(SwapRecord.Builder record) {
		ControllerBinding b = binding;
		SwapRecord done = record.to(b == null ? "-" : b.identity().toString()).started(lastStartNanos, lastScanNanos)
				.finish(System.nanoTime());
		swaps.add(done);
		if (swaps.size() > 4096) {
			swaps.remove(0);
		}
		log.info("swap on " + name + ": " + done);
		listener.swapped(done);
		return done;
	}

	/**
	 * Changes the bound controller's power state: Off, Low and Pause hold new requests and drain in-flight ones
	 * first; On releases held requests once the controller acknowledged.
	 *
	 * @return the controller's result ({@link IOReturn#kIOReturnTimeout} if it did not acknowledge in time)
	 */
	public int setPowerState(int powerFlags) throws InterruptedException {
		ControllerBinding b = binding;
		if (b == null) {
			return IOReturn.kIOReturnNotReady;
		}
		boolean on = powerFlags == org.hbakit.controller.api.IOServicePowerCapability.kIOServicePowerCapabilityOn;
		if (!on) {
			closeGate();
			waitForEntering();
			if (!awaitDrained(b, settings.drainTimeoutMs())) {
				b.abortInFlight();
				awaitDrained(b, settings.abortGraceMs());
			}
		}
		int rc = b.setPowerState(powerFlags);
		if (on && rc == IOReturn.kIOReturnSuccess) {
			open();
		} else if (!on && rc != IOReturn.kIOReturnSuccess) {
			open(); // the controller stayed on: do not leave clients waiting
		}
		log.info(name + ": SetPowerState(" + org.hbakit.controller.api.IOServicePowerCapability.name(powerFlags)
				+ ") -> " + IOReturn.name(rc));
		return rc;
	}

	/** Fails every held request (no controller can take the device). */
	public void failHeld(String why) {
		int n = 0;
		IORequest r;
		while ((r = held.pollFirst()) != null) {
			r.fail(SCSITaskStatus.DEVICE_NOT_PRESENT, IOReturn.kIOReturnNoDevice);
			r.complete();
			n++;
		}
		if (n > 0) {
			log.warn(name + ": failed " + n + " held requests: " + why);
		}
	}

	/** Whether requests have been held without a controller for longer than the rebind grace. */
	public boolean rebindGraceExpired(long now) {
		return binding == null && (!held.isEmpty() || !units.isEmpty()) && unboundSinceNanos != 0
				&& now - unboundSinceNanos > TimeUnit.MILLISECONDS.toNanos(settings.rebindGraceMs());
	}

	/**
	 * No controller took the device within the rebind grace: fail what is held and withdraw the logical units (a
	 * device without a driver offers none). A controller that binds later publishes them again.
	 */
	public void giveUpWaiting(String why) {
		failHeld(why);
		for (LogicalUnit u : List.copyOf(units.values())) {
			units.remove(u.key());
			u.detach();
			listener.logicalUnitRemoved(u);
		}
	}

	/** The device is gone: stop everything, fail what is held, withdraw the logical units. */
	public void remove(String reason) {
		if (binding != null) {
			unbind(reason);
		}
		closeGate();
		failHeld("device " + name + " removed");
		for (LogicalUnit u : List.copyOf(units.values())) {
			units.remove(u.key());
			u.detach();
			listener.logicalUnitRemoved(u);
		}
	}

	private void open() {
		admitting = true;
		pump();
	}

	private void closeGate() {
		if (admitting) {
			heldSinceNanos = System.nanoTime();
		}
		admitting = false;
	}

	private void waitForEntering() {
		while (entering.get() != 0) {
			Thread.onSpinWait();
		}
	}

	private static boolean awaitDrained(ControllerBinding b, long timeoutMs) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
		int spins = 0;
		while (b.inFlight() > 0) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			// completions arrive on the controller's threads within microseconds; back off gently
			if (++spins < 1000) {
				Thread.onSpinWait();
			} else {
				LockSupport.parkNanos(20_000);
			}
		}
		return true;
	}

	// ---------------------------------------------------------------- logical units (lifecycle thread)

	/** Makes the published logical units those found by a scan: same identity is kept, the rest added or removed. */
	synchronized void reconcile(List<LunScanner.Found> found) {
		Map<String, LunScanner.Found> byKey = new TreeMap<>();
		for (LunScanner.Found f : found) {
			byKey.put(LogicalUnit.key(f.targetID(), f.lun()), f);
		}
		for (LogicalUnit u : List.copyOf(units.values())) {
			if (!byKey.containsKey(u.key())) {
				units.remove(u.key());
				u.detach();
				listener.logicalUnitRemoved(u);
			}
		}
		for (LunScanner.Found f : byKey.values()) {
			LogicalUnit existing = units.get(LogicalUnit.key(f.targetID(), f.lun()));
			if (existing == null) {
				LogicalUnit u = new LogicalUnit(this, f);
				units.put(u.key(), u);
				listener.logicalUnitAdded(u);
			} else if (existing.update(f)) {
				listener.logicalUnitChanged(existing);
			}
		}
	}

	private final java.util.concurrent.atomic.AtomicBoolean rescanPending = new java.util.concurrent.atomic.AtomicBoolean();

	/**
	 * Asks for a {@link #rescan()} on a thread of its own (never on the completion thread that noticed the unit
	 * attention); requests made while one is pending are folded into it.
	 */
	void requestRescan() {
		if (rescanPending.compareAndSet(false, true)) {
			Thread t = new Thread(() -> {
				rescanPending.set(false);
				try {
					rescan();
				} catch (RuntimeException e) {
					log.error(name + ": rescan failed", e);
				}
			}, name + "-rescan");
			t.setDaemon(true);
			t.start();
		}
	}

	/** Re-reads the targets and logical units of the running binding (REPORTED LUNS DATA HAS CHANGED, device management). */
	public void rescan() {
		ControllerBinding b = binding;
		if (b != null) {
			List<LunScanner.Found> found = new LunScanner(b, settings, log).scanAll();
			synchronized (this) {
				// a swap that happened meanwhile rescanned with its own binding: this scan's view is stale
				if (binding == b) {
					reconcile(found);
				}
			}
		}
	}

}
