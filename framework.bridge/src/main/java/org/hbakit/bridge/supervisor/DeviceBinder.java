package org.hbakit.bridge.supervisor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hbakit.bridge.engine.Admission;
import org.hbakit.bridge.engine.ControllerBinding;
import org.hbakit.bridge.engine.ControllerCall;
import org.hbakit.bridge.engine.EngineSettings;
import org.hbakit.bridge.engine.IORequest;
import org.hbakit.bridge.engine.LogicalUnit;
import org.hbakit.bridge.engine.LunScanner;
import org.hbakit.bridge.engine.StartFailure;
import org.hbakit.bridge.engine.StartSequence;
import org.hbakit.bridge.matching.DeviceView;
import org.hbakit.bridge.matching.MatchingRound;
import org.hbakit.bridge.matching.PassiveMatchResult;
import org.hbakit.bridge.matching.PassiveMatcher;
import org.hbakit.bridge.matching.Personality;
import org.hbakit.bridge.matching.ProbeResult;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.registry.DeviceState;
import org.hbakit.controller.api.registry.MatchInfo;

/**
 * The mechanics of binding and unbinding one device, for its supervisor and on its thread: an IOKit matching round
 * (instantiate and probe each candidate on its own queue, start the best, fall through on failure), the start
 * sequence, the scan and the opening of the gate; and the reverse — close, drain (bounded, then abort), stop, take
 * back and re-queue. Every call into controller code goes through the instance's queue with a bound.
 */
final class DeviceBinder {
	/** What runs on the device: the instance (with its queue) and the binding it made. */
	record Attached(ControllerInstance instance, ControllerBinding binding, SupervisorEvents events) {
	}

	private final DeviceSupervisor supervisor;
	private final IOPCIDevice device;
	private final DeviceView view;
	private final Admission admission;
	private final LogicalUnits units;
	private final SupervisorContext context;
	private final PassiveMatcher passive = new PassiveMatcher();
	private final ProbedAhead ahead = new ProbedAhead();
	private final PendingReleases releases = new PendingReleases();

	DeviceBinder(DeviceSupervisor supervisor, IOPCIDevice device, Admission admission, LogicalUnits units,
			SupervisorContext context) {
		this.supervisor = supervisor;
		this.device = device;
		this.view = DeviceView.of(device);
		this.admission = admission;
		this.units = units;
		this.context = context;
	}

	/**
	 * Waits, bounded by one controller call, for the instances released since the last call to be back with their
	 * services; the supervisor calls it at the end of every message.
	 */
	void awaitReleases() throws InterruptedException {
		long bound = context.settings().get().controllerCallTimeoutMs();
		if (!releases.awaitAll(bound)) {
			context.log().log(System.Logger.Level.WARNING, admission.name() + ": a controller instance was not"
					+ " given back to its service within " + bound + " ms; going on without waiting for it");
		}
	}

	/** What a matching round ended with. */
	record Outcome(Attached attached, List<MatchInfo> matches, String reason, boolean startFailed) {
	}

	/**
	 * Matches and binds the device.
	 *
	 * @param only  if not null, only the chosen controllers (a superseded version too, when it names the version)
	 * @param avoid if not null, a personality tried only when no other starts (a rematch moves away from it)
	 */
	Outcome bindBest(ControllerChoice only, Personality avoid) throws InterruptedException {
		List<Candidate> chosen = new ArrayList<>();
		List<Candidate> avoided = new ArrayList<>();
		for (Candidate c : only == null ? context.candidates().candidates() : only.from(context.candidates())) {
			Personality p = c.personality();
			(avoid != null && p.id().equals(avoid.id()) ? avoided : chosen).add(c);
		}
		List<MatchInfo> matches = new ArrayList<>();
		Attached[] started = new Attached[1];
		MatchingRound.Result result = round(chosen, started);
		matches.addAll(result.matches());
		if (started[0] == null && !avoided.isEmpty()) {
			// the personality being moved away from is tried last, after everything else failed
			result = round(avoided, started);
			matches.addAll(result.matches());
		}
		matches.addAll(unavailable(only, false));
		boolean failed = matches.stream().anyMatch(m -> m.outcome().equals(MatchingRound.FAILED));
		String reason = null;
		if (started[0] == null) {
			reason = chosen.isEmpty() && avoided.isEmpty()
					? (only == null ? "no controller personality with a registered controller service"
							: "no controller '" + only + "' is registered")
					: result.noDriverReason();
			List<MatchInfo> missing = unavailable(only, true);
			if (!missing.isEmpty()) {
				reason = reason + "; " + missing.get(0).personality() + ": " + missing.get(0).reason();
			}
		}
		return new Outcome(started[0], List.copyOf(matches), reason, failed);
	}

	/**
	 * Instantiates, loads the classes of and probes every candidate that passively matches the device (filtered by
	 * {@code only} as in {@link #bindBest}), while the current controller still runs: the round after the unbind takes
	 * them (see {@link ProbedAhead}). {@link #discardProbedAhead} releases what it did not take.
	 */
	void probeAhead(ControllerChoice only) throws InterruptedException {
		long timeoutMs = context.settings().get().controllerCallTimeoutMs();
		for (Candidate c : only == null ? context.candidates().candidates() : only.from(context.candidates())) {
			Personality p = c.personality();
			if (!passive.match(p, view, Set.of("IOKit")).matched()) {
				continue;
			}
			try {
				ControllerInstance ci = ControllerInstance.create(c, admission.name(), timeoutMs, context.log(),
						releases);
				ci.loadClasses(timeoutMs); // a bundle that has not run yet: its classes are not loaded in the pause
				ProbeResult r = ci.probe(device, p.probeScore(), timeoutMs);
				if (!r.accepted()) {
					ci.release();
				}
				ahead.put(p, r.accepted() ? ci : null, r);
			} catch (StartFailure e) {
				ahead.put(p, null, ProbeResult.decline(e.getMessage()));
			}
		}
	}

	/** Releases the instances probed ahead that no round took. */
	void discardProbedAhead() {
		ahead.releaseAll();
	}

	/**
	 * The personalities that match this device but are no candidates (no usable service, superseded, withheld),
	 * for "why no driver"; with {@code problems}, only the mistakes (a missing or refused service).
	 */
	private List<MatchInfo> unavailable(ControllerChoice only, boolean problems) {
		List<MatchInfo> out = new ArrayList<>();
		for (CandidateSource.Unavailable u : context.candidates().unavailable()) {
			Personality p = u.personality();
			if (only != null && !only.matches(p) || problems && !u.problem()) {
				continue;
			}
			PassiveMatchResult m = passive.match(p, view, Set.of("IOKit"));
			if (m.matched()) {
				out.add(new MatchInfo(device.location(), p.bundleSymbolicName(), p.name(), p.matchCategory(), true,
						p.probeScore(), MatchesNow.UNAVAILABLE, u.reason()));
			}
		}
		return out;
	}

	/** Whether any of {@code candidates} matches this device passively (what a swap to them needs first). */
	boolean anyPassiveMatch(List<Candidate> candidates) {
		for (Candidate c : candidates) {
			if (passive.match(c.personality(), view, Set.of("IOKit")).matched()) {
				return true;
			}
		}
		return false;
	}

	private MatchingRound.Result round(List<Candidate> candidates, Attached[] started) throws InterruptedException {
		EngineSettings settings = context.settings().get();
		Map<Personality, Candidate> byPersonality = new IdentityHashMap<>();
		candidates.forEach(c -> byPersonality.put(c.personality(), c));
		// as in IOKit, the instance that probed is the one started; the others are released after the round
		Map<Personality, ControllerInstance> probed = new IdentityHashMap<>();
		MatchingRound round = new MatchingRound(passive, (p, d, score) -> {
			ProbeResult early = ahead.take(p, byPersonality.get(p), probed);
			if (early != null) {
				return early; // instantiated and probed before the gate closed
			}
			ControllerInstance ci;
			try {
				ci = ControllerInstance.create(byPersonality.get(p), admission.name(),
						settings.controllerCallTimeoutMs(), context.log(), releases);
			} catch (StartFailure e) {
				return ProbeResult.decline(e.getMessage());
			}
			ProbeResult r = ci.probe(device, score, settings.controllerCallTimeoutMs());
			if (r.accepted()) {
				probed.put(p, ci);
			} else {
				ci.release();
			}
			return r;
		}, (p, d, score) -> {
			if (started[0] != null) {
				throw new IllegalStateException(admission.name() + " already has a controller");
			}
			ControllerInstance ci = probed.remove(p);
			try {
				started[0] = start(ci);
			} catch (StartFailure e) {
				ci.release();
				context.log().log(System.Logger.Level.WARNING, "controller " + p.bundleSymbolicName() + "/" + p.name()
						+ " failed to start on " + admission.name() + ": " + e.getMessage());
				throw new IllegalStateException(e.getMessage());
			}
		});
		try {
			return round.run(view, new ArrayList<>(byPersonality.keySet()), Set.of("IOKit"), Set.of());
		} finally {
			probed.values().forEach(ControllerInstance::release);
			if (Thread.interrupted()) {
				throw new InterruptedException("matching round on " + admission.name() + " interrupted");
			}
		}
	}

	/** Binds one given candidate (a swap falling back to the controller it left). */
	Attached bind(Candidate c) throws InterruptedException {
		EngineSettings settings = context.settings().get();
		try {
			ControllerInstance ci = ControllerInstance.create(c, admission.name(), settings.controllerCallTimeoutMs(),
					context.log(), releases);
			try {
				return start(ci);
			} catch (StartFailure e) {
				ci.release();
				throw e;
			}
		} catch (StartFailure e) {
			context.log().log(System.Logger.Level.WARNING, "controller " + c.personality().id() + " failed to start on "
					+ admission.name() + ": " + e.getMessage());
			return null;
		}
	}

	/** The start sequence with the targets' initialisation, the scan, then the gate opens. */
	private Attached start(ControllerInstance ci) throws StartFailure, InterruptedException {
		EngineSettings settings = context.settings().get();
		Personality p = ci.candidate.personality();
		ControllerBinding.Identity identity = new ControllerBinding.Identity(p.bundleSymbolicName(),
				p.bundleVersion(), p.name(), p.ioUserClass());
		SupervisorEvents events = new SupervisorEvents(supervisor);
		supervisor.state(DeviceState.STARTING, "starting " + identity);
		long t0 = System.nanoTime();
		ControllerInstance.Started started = ci.start(new StartSequence.Setup(device, ci.instance(), identity,
				ci.queue, admission, events, context.settings(), context.log()), settings.controllerCallTimeoutMs());
		ControllerBinding b = started.binding();
		long t1 = System.nanoTime();
		events.binding = b;
		admission.bind(b);
		supervisor.state(DeviceState.SCANNING, "scanning targets and logical units");
		admission.open(Admission.Mode.SCAN);
		List<LunScanner.Found> found;
		try {
			found = new LunScanner(b, settings, context.log()).scanAfterReset(started.targets(), expectedLuns());
		} catch (RuntimeException | InterruptedException e) {
			admission.close(settings.drainTimeoutMs());
			admission.bind(null);
			stop(ci, b, settings);
			if (e instanceof InterruptedException ie) {
				throw ie;
			}
			throw new StartFailure("scanning targets failed: " + e, e);
		}
		units.reconcile(found);
		supervisor.startFigures(t1 - t0, System.nanoTime() - t1);
		Attached attached = new Attached(ci, b, events);
		admission.open(Admission.Mode.OPEN);
		supervisor.attached(attached);
		context.log().log(System.Logger.Level.INFO, admission.name() + " bound to " + identity + " (" + b.path()
				+ " path, " + b.maxTaskCount() + " tasks, " + units.size() + " logical units)");
		return attached;
	}

	/** The units published now (a swap's previous controller's), as the scan after a reset expects them. */
	private Map<Long, List<Long>> expectedLuns() {
		Map<Long, List<Long>> expected = new HashMap<>();
		for (LogicalUnit u : units.all()) {
			expected.computeIfAbsent(u.targetID(), t -> new ArrayList<>()).add(u.lunBytes());
		}
		return expected;
	}

	/**
	 * Closes the gate, drains (bounded, then aborts), stops the controller and re-queues what it did not complete
	 * ahead of the waiting requests. The instance is not released (the caller does that, off the pause).
	 */
	SwapRecord.Builder unbind(Attached a, String reason) {
		EngineSettings settings = context.settings().get();
		ControllerBinding b = a.binding();
		SwapRecord.Builder record = new SwapRecord.Builder(admission.name(), reason).from(b.identity().toString());
		supervisor.state(DeviceState.DRAINING, reason);
		if (!admission.close(settings.drainTimeoutMs())) {
			context.log().log(System.Logger.Level.WARNING, admission.name() + ": a thread is still inside "
					+ b.identity() + "'s dispatch after " + settings.drainTimeoutMs() + " ms; going on without it");
		}
		record.heldAt(admission.closedSinceNanos(), admission.waitingCount());
		long inFlightAtStart = b.inFlight();
		if (!Drain.await(b, settings.drainTimeoutMs())) {
			context.log().log(System.Logger.Level.WARNING, admission.name() + ": " + b.inFlight()
					+ " tasks still in flight after " + settings.drainTimeoutMs() + " ms; aborting them through task management");
			try {
				a.instance().queue.call("UserAbortTaskSetRequest", () -> {
					b.abortInFlight();
					return null;
				}, settings.abortGraceMs());
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			Drain.await(b, settings.abortGraceMs());
		}
		supervisor.state(DeviceState.STOPPING, reason);
		long drainedAt = System.nanoTime();
		admission.bind(null);
		List<IORequest> orphans = stop(a.instance(), b, settings);
		record.phases(drainedAt, System.nanoTime());
		admission.requeue(orphans);
		record.drained(inFlightAtStart - orphans.size(), orphans.size());
		context.log().log(System.Logger.Level.INFO, admission.name() + " unbound from " + b.identity() + " (" + reason
				+ "): " + (inFlightAtStart - orphans.size()) + " drained, " + orphans.size() + " re-queued, "
				+ admission.waitingCount() + " waiting");
		return record;
	}

	/** {@code Stop} on the controller's queue, bounded; a controller that does not return is abandoned. */
	private List<IORequest> stop(ControllerInstance ci, ControllerBinding b, EngineSettings settings) {
		ControllerCall<List<IORequest>> stop;
		try {
			stop = ci.queue.call("Stop", b::stop, settings.controllerCallTimeoutMs());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			stop = new ControllerCall<>(null, e, false, "Stop");
		}
		if (stop.returned()) {
			return stop.value();
		}
		context.log().log(System.Logger.Level.ERROR, "controller " + b.identity() + " on " + admission.name() + ": "
				+ stop.failure() + "; abandoning it and taking its tasks back");
		return b.reclaim();
	}
}
