package org.hbakit.bridge.supervisor;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.hbakit.bridge.engine.ControllerBinding;
import org.hbakit.bridge.engine.ControllerCall;
import org.hbakit.bridge.engine.ControllerQueue;
import org.hbakit.bridge.engine.StartFailure;
import org.hbakit.bridge.engine.StartSequence;
import org.hbakit.bridge.matching.ProbeResult;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.pci.IOPCIDevice;

/**
 * One controller instance of one candidate, with its own queue: IOKit instantiates the {@code IOUserClass} per
 * match, probes it, and starts the instance that probed. Every call into the instance's code (instantiation,
 * probe, the start sequence, release) runs on its queue; the supervisor waits for each with a bound and, if the
 * instance does not answer in time, abandons it (what it returns late is stopped and released by its own queue).
 */
final class ControllerInstance {
	final Candidate candidate;
	final ControllerQueue queue;
	private final PendingReleases releases;
	private IOUserSCSIParallelInterfaceController instance;

	private ControllerInstance(Candidate candidate, ControllerQueue queue, PendingReleases releases) {
		this.candidate = candidate;
		this.queue = queue;
		this.releases = releases;
	}

	/**
	 * Instantiates {@code candidate} on a new queue.
	 *
	 * @param releases where its {@link #release()} is recorded, for the supervisor to wait for
	 * @throws StartFailure if the service refused or did not answer in time
	 */
	static ControllerInstance create(Candidate candidate, String hbaName, long timeoutMs, System.Logger log,
			PendingReleases releases) throws StartFailure, InterruptedException {
		ThreadGroup group = ControllerThreads.group(candidate.personality().bundleSymbolicName());
		ControllerQueue queue = new ControllerQueue(group, hbaName + "-controller", log);
		ControllerInstance ci = new ControllerInstance(candidate, queue, releases);
		AtomicReference<Object> handoff = new AtomicReference<>();
		ControllerCall<IOUserSCSIParallelInterfaceController> call = ci.queue.call("instantiation of "
				+ candidate.personality().ioUserClass(), () -> {
					IOUserSCSIParallelInterfaceController made = candidate.factory().newInstance();
					if (!handoff.compareAndSet(null, made)) {
						candidate.factory().release(made); // the supervisor gave up waiting
					}
					return made;
				}, timeoutMs);
		if (call.timedOut() && handoff.compareAndSet(null, ABANDONED)) {
			ci.queue.close();
			throw new StartFailure(call.failure());
		}
		Object made = handoff.get();
		if (!(made instanceof IOUserSCSIParallelInterfaceController controller)) {
			ci.queue.close();
			Throwable error = call.error();
			throw new StartFailure("could not instantiate " + candidate.personality().ioUserClass() + ": "
					+ (error == null ? "no instance" : error.getMessage() == null ? error.toString() : error.getMessage()));
		}
		ci.instance = controller;
		return ci;
	}

	private static final Object ABANDONED = new Object();

	IOUserSCSIParallelInterfaceController instance() {
		return instance;
	}

	/**
	 * Loads the classes of the instance's bundle on its queue, bounded by {@code timeoutMs} (see
	 * {@link ControllerFactory#loadClasses}); a bundle that takes longer loads the rest on the queue meanwhile.
	 */
	void loadClasses(long timeoutMs) throws InterruptedException {
		queue.call("loading the classes of " + candidate.personality().bundleSymbolicName(), () -> {
			candidate.factory().loadClasses();
			return null;
		}, timeoutMs);
	}

	/** IOKit's {@code probe}: the adjusted score, or a decline. */
	ProbeResult probe(IOPCIDevice device, int score, long timeoutMs) throws InterruptedException {
		int[] out = { score };
		ControllerCall<Integer> call = queue.call("probe", () -> instance.probe(device, out), timeoutMs);
		if (!call.returned()) {
			return ProbeResult.decline(call.failure());
		}
		if (call.value() != IOReturn.kIOReturnSuccess) {
			return ProbeResult.decline("probe returned " + IOReturn.name(call.value()));
		}
		return ProbeResult.accept(out[0]);
	}

	/** A started binding and the targets {@code UserInitializeTargetForID} accepted, for the scan. */
	record Started(ControllerBinding binding, List<Long> targets) {
	}

	/**
	 * Runs the start sequence on the queue and, in the same call, initialises the targets (the next step of the
	 * contract): one round trip to the queue fewer inside a swap's pause.
	 *
	 * @throws StartFailure naming the failed step, or if it did not finish within {@code timeoutMs}
	 */
	Started start(StartSequence.Setup setup, long timeoutMs) throws StartFailure, InterruptedException {
		AtomicReference<Object> handoff = new AtomicReference<>();
		ControllerCall<Started> call = queue.call("the start sequence", () -> {
			ControllerBinding b = new StartSequence(setup).run();
			Started started;
			try {
				started = new Started(b, b.initializeTargets());
			} catch (RuntimeException | Error e) {
				b.stop(); // a framework bug; the controller's own throws are contained inside
				throw e;
			}
			if (!handoff.compareAndSet(null, started)) {
				b.stop(); // abandoned: the supervisor gave up waiting
			}
			return started;
		}, timeoutMs);
		if (call.timedOut() && handoff.compareAndSet(null, ABANDONED)) {
			throw new StartFailure("the start sequence did not finish within " + timeoutMs + " ms (in "
					+ queue.running() + ")");
		}
		if (handoff.get() instanceof Started started) {
			return started;
		}
		Throwable error = call.error();
		if (error instanceof StartFailure failure) {
			throw failure;
		}
		throw new StartFailure("the start sequence failed: " + error, error);
	}

	/**
	 * Gives the instance back to its service on its queue and ends the queue, without waiting here: the supervisor
	 * waits for it ({@link PendingReleases}) once the message that released it is otherwise done.
	 */
	void release() {
		IOUserSCSIParallelInterfaceController i = instance;
		instance = null;
		if (i != null) {
			CountDownLatch done = new CountDownLatch(1);
			releases.add(done);
			queue.post(() -> {
				try {
					candidate.factory().release(i);
				} finally {
					done.countDown();
				}
			});
		}
		queue.close();
	}

	@Override
	public String toString() {
		return candidate.personality().id();
	}
}
