package org.hbakit.bridge.supervisor;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.hbakit.bridge.engine.Admission;
import org.hbakit.bridge.engine.ControllerBinding;
import org.hbakit.bridge.engine.EngineSettings;
import org.hbakit.bridge.engine.LogicalUnit;
import org.hbakit.bridge.matching.Personality;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOServicePowerCapability;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.registry.DeviceState;
import org.hbakit.controller.api.registry.MatchInfo;
import org.hbakit.controller.api.registry.TaskManagementFunction;
import org.hbakit.controller.api.scsi.LogicalUnitNumber;

/**
 * The one owner of one device: a serial executor ({@code <hba>-supervisor}) and an explicit state machine
 * ({@link DeviceState}). Every change is a message to it — match, rematch, controller gone, power, rescan, create
 * target, timeout escalation, grace expiry, stall, remove — handled one at a time on its thread, so nothing
 * reaches the controller past its gate and no two lifecycle operations overlap. The supervisor never runs
 * controller code itself: it posts to the controller's queue and waits with a bound, so a hung controller stalls
 * only its own device. Whatever a message throws is logged; the supervisor goes on.
 * <p>
 * Why one class of this size: it is the state machine, and every transition is here, so the code reads against the
 * diagram in {@code docs/architecture.md}; the mechanics of each step live in {@link DeviceBinder} (matching, start,
 * scan, drain, stop), {@link PowerSequence}, {@link TargetScans} and {@link SerialMessages}.
 */
public final class DeviceSupervisor {
	private final IOPCIDevice device;
	private final String name;
	private final SupervisorContext context;
	private final Admission admission;
	private final LogicalUnits units;
	private final DeviceBinder binder;
	private final SerialMessages messages;
	private final TargetScans scans;
	private final SwapHistory swaps = new SwapHistory();
	private final Succession succession = new Succession();
	private final ViolationHistory violations = new ViolationHistory();
	/** The one removal: the device going away and the bridge stopping may both ask for it. */
	private final AtomicReference<CompletableFuture<Void>> removal = new AtomicReference<>();
	private volatile boolean offerBundledBuffers = true;

	/** State and reason in one write, so that a reader never pairs one state with another state's reason. */
	private volatile Status status = new Status(DeviceState.UNMATCHED, "");
	private volatile DeviceBinder.Attached attached;
	private volatile List<MatchInfo> lastRound = List.of();
	// the supervisor thread's own
	private SwapRecord.Builder pendingSwap;
	private long unboundSinceNanos;
	private int failedRounds;
	private long lastStartNanos;
	private long lastScanNanos;
	private int ticks;

	public DeviceSupervisor(IOPCIDevice device, String name, SupervisorContext context) {
		this.device = device;
		this.name = name;
		this.context = context;
		this.admission = new Admission(name);
		this.units = new LogicalUnits(admission, device.location(), context.delivery(), context.listener());
		this.binder = new DeviceBinder(this, device, admission, units, context);
		this.scans = new TargetScans(units, context);
		this.messages = new SerialMessages(name, context.timer(), context.log(), binder::awaitReleases);
	}

	// ---------------------------------------------------------------- messages (any thread)

	/**
	 * Offers the device to matching if it has no controller (new personalities or services, a retry); a bound
	 * device moves if its controller's bundle was withheld or superseded by a newer version ({@link Succession}).
	 */
	public void match() {
		post(this::onMatch);
	}

	/**
	 * Operator rematch: moves the device to another controller under load, or to the named one:
	 * {@code <IOUserClass>}, {@code <bundle>} (its newest version) or {@code <bundle>:<version>} (that version, even
	 * if superseded; the device then stays on it until another version arrives).
	 */
	public CompletableFuture<String> rematch(String controller) {
		return call(() -> onRematch(controller));
	}

	/** The controller service {@code factory} is going away: the device is unbound, its requests held for a successor. */
	public CompletableFuture<Void> controllerGone(ControllerFactory factory) {
		return call(() -> {
			onControllerGone(factory);
			return null;
		});
	}

	/** {@code SetPowerState} with the gate handled: Off/Pause hold and drain first, On releases held requests. */
	public CompletableFuture<Integer> power(int powerFlags) {
		return call(() -> onPower(powerFlags));
	}

	/**
	 * An operator's task-management function, sent to the bound controller on its queue (bounded by
	 * {@code abortGraceMs}): the service response it set.
	 */
	public CompletableFuture<Integer> taskManagement(TaskManagementFunction function, long targetID, long lun) {
		return call(() -> onTaskManagement(function, targetID, lun));
	}

	/** Whether controllers that start on this device from now on are offered the bundled buffers. */
	public void offerBundledBuffers(boolean offer) {
		offerBundledBuffers = offer;
	}

	boolean offersBundledBuffers() {
		return offerBundledBuffers;
	}

	/** Reads the targets and logical units again; requests while one is pending fold into it. */
	public void rescan() {
		if (scans.request()) {
			post(this::onRescan);
		}
	}

	/** The device went away (or the bridge stops): everything stops, waiting requests fail, units are withdrawn. */
	public CompletableFuture<Void> remove(String why) {
		CompletableFuture<Void> mine = new CompletableFuture<>();
		if (!removal.compareAndSet(null, mine)) {
			return removal.get(); // removed already, or being removed: the same removal
		}
		call(() -> {
			onRemove(why);
			return null;
		}).whenComplete((v, e) -> {
			messages.shutdown();
			if (e != null) {
				mine.completeExceptionally(e);
			} else {
				mine.complete(null);
			}
		});
		return mine;
	}

	/** Completes once every message posted before it ran. */
	public CompletableFuture<Void> barrier() {
		return call(() -> null);
	}

	/**
	 * One watchdog pass, on the bridge's watchdog thread: the binding's timeout check (it talks to no controller)
	 * and, every twentieth pass, whether the binding can still serve I/O.
	 */
	public void tick(long now) {
		DeviceBinder.Attached a = attached;
		if (a == null) {
			return;
		}
		ControllerBinding b = a.binding();
		b.checkTimeouts(now);
		if (++ticks % 20 == 0) {
			boolean exhausted = b.quarantined() >= b.maxTaskCount();
			DeviceState state = state();
			if (exhausted && state == DeviceState.BOUND || !exhausted && state == DeviceState.STALLED) {
				post(() -> onStall(b));
			}
		}
	}

	// ---------------------------------------------------------------- what the registry shows (any thread)

	public IOPCIDevice device() {
		return device;
	}

	public String name() {
		return name;
	}

	/**
	 * The device's state with the reason it is in it, read together (any thread). Read this, not {@link #state()}
	 * and then {@link #reason()}, where the two must agree: the supervisor's thread may move the device between
	 * the two reads.
	 */
	public Status status() {
		return status;
	}

	public DeviceState state() {
		return status.state();
	}

	public String reason() {
		return status.reason();
	}

	/** The binding serving I/O (or starting, draining…), or null. */
	public ControllerBinding binding() {
		DeviceBinder.Attached a = attached;
		return a == null ? null : a.binding();
	}

	/** The personality of the controller attached, or null. */
	public Personality personality() {
		DeviceBinder.Attached a = attached;
		return a == null ? null : a.instance().candidate.personality();
	}

	/** The candidate attached, or null. */
	Candidate candidate() {
		DeviceBinder.Attached a = attached;
		return a == null ? null : a.instance().candidate;
	}

	public Admission admission() {
		return admission;
	}

	public Collection<LogicalUnit> logicalUnits() {
		return units.all();
	}

	public List<MatchInfo> lastRound() {
		return lastRound;
	}

	/** Every personality of {@code catalog} against this device as of now (see {@link MatchesNow}). */
	public List<MatchInfo> matchesNow(List<Personality> catalog) {
		return MatchesNow.of(this, catalog, context.candidates());
	}

	public List<SwapRecord> swaps() {
		return swaps.all();
	}

	ViolationHistory violationHistory() {
		return violations;
	}

	/** Every violation counted on this device, per controller bundle version and kind. */
	public List<ViolationHistory.Entry> violations() {
		return violations.all();
	}

	/** Whether a message runs or waits to run, or the device is between two stable states. */
	public boolean busy() {
		return messages.hasUnfinished() || state().isTransient();
	}

	// ---------------------------------------------------------------- handlers (the supervisor's thread)

	private void onMatch() throws InterruptedException {
		if (state() == DeviceState.REMOVED) {
			return;
		}
		DeviceBinder.Attached a = attached;
		if (a == null) {
			bindBest(null, null);
		} else if (serving()) {
			Succession.Move move = succession.next(context.candidates(), a.instance().candidate.personality());
			if (move != null) {
				moveOn(move);
			}
		}
	}

	/** The device's controller is withheld or superseded: the ordinary swap to its successor, if one matches. */
	private void moveOn(Succession.Move move) throws InterruptedException {
		List<Candidate> targets = move.choice() != null ? move.choice().from(context.candidates())
				: context.candidates().candidates();
		if (!binder.anyPassiveMatch(targets)) {
			return; // nothing else could drive it: it stays
		}
		if (!context.moves().take(this, this::match)) {
			return; // another device is moving: this one serves on and is told when the turn is free
		}
		String from = attached.binding().identity().toString();
		context.log().log(System.Logger.Level.INFO, name + ": " + move.reason() + "; moving it to "
				+ (move.choice() == null ? "the best other controller" : move.choice().toString()));
		try {
			Swapped s = swap(move.choice(), move.reason());
			if (s.fellBack()) {
				succession.failed(context.candidates());
				context.log().log(System.Logger.Level.WARNING, name + ": could not move to "
						+ (move.choice() == null ? "another controller" : move.choice().toString()) + " (" + reason()
						+ "); it stays on " + from);
			} else {
				succession.moved();
			}
		} catch (IllegalStateException e) {
			succession.failed(context.candidates());
		} finally {
			context.moves().giveBack(this);
		}
	}

	private boolean bindBest(ControllerChoice only, Personality avoid) throws InterruptedException {
		state(DeviceState.PROBING, "matching");
		DeviceBinder.Outcome outcome = binder.bindBest(only, avoid);
		lastRound = outcome.matches();
		if (outcome.attached() != null) {
			failedRounds = 0;
			return true;
		}
		unbound(outcome.startFailed() ? DeviceState.FAILED : DeviceState.UNMATCHED, outcome.reason());
		if (outcome.startFailed()) {
			retryLater();
		}
		return false;
	}

	private String onRematch(String controller) throws InterruptedException {
		ControllerChoice choice = ControllerChoice.parse(controller);
		CandidatePool pool = context.candidates();
		if (choice != null && choice.from(pool).isEmpty()) {
			String why = pool.unavailable().stream().filter(u -> choice.matches(u.personality()))
					.map(u -> u.personality().id() + " " + u.personality().bundleVersion() + ": " + u.reason())
					.findFirst().orElse("no personality names it (an IOUserClass, a bundle symbolic name or "
							+ "<bundle>:<version>)");
			throw new IllegalArgumentException("no controller '" + controller + "' can take " + name + ": " + why);
		}
		DeviceBinder.Attached old = attached;
		if (old == null) {
			if (state() == DeviceState.REMOVED) {
				throw new IllegalStateException(name + " was removed");
			}
			if (bindBest(choice, null)) {
				chosen(choice);
				return name + " bound to " + attached.binding().identity();
			}
			throw new IllegalStateException("no controller could start on " + name + ": " + reason());
		}
		if (state() != DeviceState.BOUND && state() != DeviceState.STALLED) {
			throw new IllegalStateException(name + " is " + state() + ": " + (state() == DeviceState.PAUSED
					? "power it on first" : "try again when it is BOUND"));
		}
		Swapped s = swap(choice, "operator rematch");
		chosen(choice);
		return s.record().toString();
	}

	/** After an operator's choice: a named version sticks while what superseded it stays the newest. */
	private void chosen(ControllerChoice choice) {
		Personality now = personality();
		if (choice != null && choice.version() != null && now != null) {
			succession.pinned(now, context.candidates().successorOf(now));
		} else {
			succession.moved();
		}
	}

	/** What a swap ended with: its record, and whether the device went back to the controller it left. */
	private record Swapped(SwapRecord record, boolean fellBack) {
	}

	/**
	 * The swap: unbind (gate, drain, stop), bind the chosen controller (or the best other one), fall back to the one
	 * it left if none starts, release the old instance after the gate reopened.
	 *
	 * @throws IllegalStateException if no controller could start, the previous one included (held requests failed)
	 */
	private Swapped swap(ControllerChoice choice, String why) throws InterruptedException {
		DeviceBinder.Attached old = attached;
		Candidate from = old.instance().candidate;
		SwapRecord.Builder record;
		boolean bound;
		try {
			binder.probeAhead(choice); // instantiation and probe of the successors, before the pause
			record = binder.unbind(old, why);
			attached = null;
			bound = bindBest(choice, choice == null ? from.personality() : null);
		} finally {
			binder.discardProbedAhead();
		}
		boolean fellBack = false;
		if (!bound && !from.factory().isClosed()) {
			// the previous controller takes the device back rather than leave it without a driver
			bound = binder.bind(from) != null;
			fellBack = bound;
		}
		SwapRecord done = finishSwap(record);
		old.instance().release(); // the stopped instance goes back to DS after the gate reopened: off the pause
		if (!bound) {
			failWaiting("no controller could start on " + name);
			throw new IllegalStateException("no controller could start on " + name + ": " + reason());
		}
		return new Swapped(done, fellBack);
	}

	private void onControllerGone(ControllerFactory factory) throws InterruptedException {
		DeviceBinder.Attached a = attached;
		if (a == null || a.instance().candidate.factory() != factory) {
			return;
		}
		SwapRecord.Builder record = binder.unbind(a, "controller " + a.binding().identity() + " went away");
		attached = null;
		a.instance().release();
		pendingSwap = record;
		unbound(DeviceState.UNMATCHED, "waiting for a controller (held requests wait up to "
				+ context.settings().get().rebindGraceMs() + " ms)");
		// a successor may already be there (another bundle); an updated bundle's comes when it restarts
		bindBest(null, null);
	}

	private int onPower(int flags) throws InterruptedException {
		DeviceBinder.Attached a = attached;
		if (a == null) {
			return IOReturn.kIOReturnNotReady;
		}
		EngineSettings settings = context.settings().get();
		boolean on = flags == IOServicePowerCapability.kIOServicePowerCapabilityOn;
		String what = "SetPowerState(" + IOServicePowerCapability.name(flags) + ")";
		if (!on) {
			if (state() != DeviceState.BOUND && state() != DeviceState.STALLED && state() != DeviceState.PAUSED) {
				throw new IllegalStateException(name + " is " + state());
			}
			if (state() != DeviceState.PAUSED) {
				state(DeviceState.DRAINING, what);
				PowerSequence.quiesce(admission, a, settings);
			}
		}
		int rc = PowerSequence.setPowerState(a, flags, settings);
		if (on && rc == IOReturn.kIOReturnSuccess || !on && rc != IOReturn.kIOReturnSuccess) {
			// powered on, or the controller stayed on: do not leave clients waiting
			state(DeviceState.BOUND, "");
			admission.open(Admission.Mode.OPEN);
			if (scans.deferred()) {
				rescan();
			}
		} else if (!on) {
			state(DeviceState.PAUSED, "powered " + IOServicePowerCapability.name(flags));
		}
		context.log().log(System.Logger.Level.INFO, name + ": " + what + " -> " + IOReturn.name(rc));
		return rc;
	}

	private int onTaskManagement(TaskManagementFunction function, long targetID, long lun) throws InterruptedException {
		DeviceBinder.Attached a = attached;
		if (a == null || !serving()) {
			throw new IllegalArgumentException(name + " has no controller serving I/O (" + state() + ")");
		}
		long bound = context.settings().get().abortGraceMs();
		long lunBytes = LogicalUnitNumber.encode((int) lun);
		ControllerBinding b = a.binding();
		org.hbakit.bridge.engine.ControllerCall<Integer> call = a.instance().queue.call(function.name(),
				() -> b.taskManagementFunction(function, targetID, lunBytes), bound);
		if (call.timedOut()) {
			throw new IllegalStateException("the controller of " + name + " did not return from " + function
					+ " within " + bound + " ms");
		}
		if (!call.returned()) {
			throw new IllegalStateException(call.error().getMessage());
		}
		context.log().log(System.Logger.Level.INFO, name + ": " + function + " target " + targetID + " lun " + lun
				+ " -> " + org.hbakit.controller.api.SCSIServiceResponse.name(call.value()));
		return call.value();
	}

	private void onRescan() throws InterruptedException {
		scans.run(attached, serving());
	}

	private boolean serving() {
		return state() == DeviceState.BOUND || state() == DeviceState.STALLED;
	}

	/** The watchdog asks for task management on one dispatch (from {@link SupervisorEvents}). */
	void escalate(ControllerBinding b, int level, int slot, long generation, long targetID, long lunBytes, long tag) {
		post(() -> onEscalate(b, level, slot, generation, targetID, lunBytes, tag));
	}

	/** {@code UserCreateTargetForID} of a bound controller (from {@link SupervisorEvents}). */
	CompletableFuture<Integer> createTarget(ControllerBinding b, long targetID, Map<String, ?> dict) {
		return call(() -> scans.createTarget(attached, b, targetID, dict, serving()));
	}

	SupervisorEvents attachedEvents() {
		DeviceBinder.Attached a = attached;
		return a == null ? null : a.events();
	}

	long controllerCallBoundMs() {
		return context.settings().get().controllerCallTimeoutMs();
	}

	private void onEscalate(ControllerBinding b, int level, int slot, long generation, long targetID, long lunBytes,
			long tag) {
		DeviceBinder.Attached a = attached;
		if (a != null && a.binding() == b && state() != DeviceState.STOPPING) {
			b.taskManagement(level, slot, generation, targetID, lunBytes, tag);
		}
	}

	private void onStall(ControllerBinding b) {
		DeviceBinder.Attached a = attached;
		if (a == null || a.binding() != b) {
			return;
		}
		boolean exhausted = b.quarantined() >= b.maxTaskCount();
		if (exhausted && state() == DeviceState.BOUND) {
			context.log().log(System.Logger.Level.WARNING, name + ": every one of the " + b.maxTaskCount() + " tasks of "
					+ b.identity() + " timed out and the controller returned none; no I/O can be served. "
					+ "Requests wait up to " + context.settings().get().rebindGraceMs() + " ms; swap the controller "
					+ "(hba:swap " + name + ") or update its bundle");
			state(DeviceState.STALLED, "every task timed out and is held by " + b.identity() + ": no I/O can be served");
			unboundSinceNanos = System.nanoTime();
			scheduleGraceCheck();
		} else if (!exhausted && state() == DeviceState.STALLED) {
			state(DeviceState.BOUND, "");
			context.log().log(System.Logger.Level.INFO, name + ": " + b.identity() + " returned tasks; serving I/O again");
		}
	}

	private void onGraceCheck() {
		long grace = TimeUnit.MILLISECONDS.toNanos(context.settings().get().rebindGraceMs());
		long now = System.nanoTime();
		boolean waitingTooLong = unboundSinceNanos != 0 && now - unboundSinceNanos >= grace;
		if (!waitingTooLong) {
			return;
		}
		long holdUntil = context.candidates().holdUntilNanos();
		if (attached == null && holdUntil != 0) {
			// a checked controller jar is being installed: it may be the one that takes this device
			messages.schedule(this::onGraceCheck, TimeUnit.NANOSECONDS.toMillis(holdUntil - now) + 1);
			return;
		}
		if (attached == null && (admission.hasWaiting() || !units.isEmpty())) {
			failWaiting("no controller took " + name + " within " + context.settings().get().rebindGraceMs() + " ms");
			units.withdrawAll();
		} else if (state() == DeviceState.STALLED) {
			failWaiting(name + " has been stalled for " + context.settings().get().rebindGraceMs() + " ms");
		}
	}

	private void onRemove(String why) {
		DeviceBinder.Attached a = attached;
		if (a != null) {
			binder.unbind(a, why);
			attached = null;
			a.instance().release();
		}
		admission.close(context.settings().get().drainTimeoutMs());
		failWaiting("device " + name + " removed");
		units.withdrawAll();
		context.moves().forget(this);
		state(DeviceState.REMOVED, why);
	}

	// ---------------------------------------------------------------- for the binder (the supervisor's thread)

	void state(DeviceState to, String why) {
		status = new Status(to, why == null ? "" : why);
	}

	void attached(DeviceBinder.Attached a) {
		attached = a;
		scans.scanned();
		state(DeviceState.BOUND, "");
		unboundSinceNanos = 0;
		SwapRecord.Builder pending = pendingSwap;
		if (pending != null) {
			pendingSwap = null;
			finishSwap(pending);
		}
	}

	void startFigures(long startNanos, long scanNanos) {
		lastStartNanos = startNanos;
		lastScanNanos = scanNanos;
	}

	// ---------------------------------------------------------------- plumbing

	private void unbound(DeviceState to, String why) {
		state(to, why);
		if (pendingSwap != null || admission.hasWaiting() || !units.isEmpty()) {
			if (unboundSinceNanos == 0) {
				unboundSinceNanos = System.nanoTime();
			}
			scheduleGraceCheck();
		}
	}

	private SwapRecord finishSwap(SwapRecord.Builder record) {
		ControllerBinding b = binding();
		SwapRecord done = record.to(b == null ? "-" : b.identity().toString()).started(lastStartNanos, lastScanNanos)
				.finish(System.nanoTime());
		swaps.add(done);
		context.log().log(System.Logger.Level.INFO, "swap on " + name + ": " + done);
		context.listener().swapped(done);
		return done;
	}

	private void failWaiting(String why) {
		int n = admission.drainWaiting(r -> {
			r.fail(SCSITaskStatus.DEVICE_NOT_PRESENT, IOReturn.kIOReturnNoDevice);
			r.complete();
		});
		if (n > 0) {
			context.log().log(System.Logger.Level.WARNING, name + ": failed " + n + " held requests: " + why);
		}
	}

	private void scheduleGraceCheck() {
		messages.schedule(this::onGraceCheck, context.settings().get().rebindGraceMs() + 1);
	}

	private void retryLater() {
		EngineSettings s = context.settings().get();
		long delay = Math.min(s.startRetryMaxMs(), s.startRetryMinMs() << Math.min(20, failedRounds));
		failedRounds++;
		state(state(), reason() + " (retrying in " + delay + " ms)");
		messages.schedule(this::onMatch, delay);
	}

	private void post(SerialMessages.Handler h) {
		messages.post(h);
	}

	private <T> CompletableFuture<T> call(Callable<T> c) {
		return messages.call(c);
	}

	/**
	 * What {@code hba:devices} shows of a device: its state and why it is in it ({@code ""} when bound, or the
	 * "why no driver" otherwise). Immutable; one snapshot of the supervisor's state.
	 */
	public record Status(DeviceState state, String reason) {
		/**
		 * Whether the device has come to rest after it was offered: bound, failed, or unmatched for a stated reason
		 * (UNMATCHED with no reason is a device not matched yet).
		 */
		public boolean settled() {
			return state == DeviceState.BOUND || state == DeviceState.FAILED
					|| state == DeviceState.UNMATCHED && !reason.isEmpty();
		}
	}
}
