package org.hbakit.controller.testlib;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.hbakit.bridge.engine.ControllerBinding;
import org.hbakit.bridge.engine.EngineSettings;
import org.hbakit.bridge.engine.LogicalUnit;
import org.hbakit.bridge.supervisor.Bridge;
import org.hbakit.bridge.supervisor.Candidate;
import org.hbakit.bridge.supervisor.CandidateSource;
import org.hbakit.bridge.supervisor.DeviceListener;
import org.hbakit.bridge.supervisor.DeviceSupervisor;
import org.hbakit.bridge.supervisor.SupervisorContext;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.registry.DeviceState;
import org.hbakit.hba.sim.machine.MachineConfig;
import org.hbakit.hba.sim.pci.SimulatedPciHba;
import org.hbakit.hba.sim.scsi.bind.ScsiTargetBinder;

/**
 * One simulated PCI HBA with its SCSI targets and disks, driven by a controller through the real framework engine
 * (matching, the start sequence, the LUN scan, task routing, timeouts and task management, power, hot swap), in
 * this process and without OSGi. Made by {@link #builder}; {@link #close} unbinds the controller (its {@code Stop})
 * and stops the hardware.
 * <p>
 * Clients use {@link #lun} (the same {@link SCSILogicalUnit} the framework publishes as a service); the running
 * controller instance is {@link #controller()}. Thread-safe.
 */
public final class SimulatedHBABench implements AutoCloseable {
	private static final AtomicInteger THREADS = new AtomicInteger();

	private final SimulatedPciHba hba;
	private final ScsiTargetBinder binder;
	private final Bridge bridge;
	private final DeviceSupervisor supervisor;
	private final RecordedLog log;
	private final ScheduledExecutorService timer;
	private final ExecutorService delivery;
	private final Duration bound;

	SimulatedHBABench(SimulatedPciHba hba, ScsiTargetBinder binder, Candidate candidate, EngineSettings settings,
			RecordedLog log, Duration bound) {
		this.hba = hba;
		this.binder = binder;
		this.log = log;
		this.bound = bound;
		this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bench-timer"));
		this.delivery = Executors.newFixedThreadPool(2, r -> daemon(r, "bench-delivery"));
		CandidateSource candidates = new CandidateSource() {
			@Override
			public List<Candidate> candidates() {
				return List.of(candidate);
			}

			@Override
			public List<Unavailable> unavailable() {
				return List.of();
			}
		};
		this.bridge = new Bridge(new SupervisorContext(() -> settings, timer, delivery, log, candidates,
				DeviceListener.NONE));
		this.supervisor = bridge.addDevice(hba, hba.hbaName());
	}

	/**
	 * A bench for controllers made by {@code controllers} (a new instance for every probe and start, as the
	 * framework takes one from a prototype-scope service).
	 */
	public static SimulatedHBABenchBuilder builder(
			java.util.function.Supplier<? extends IOUserSCSIParallelInterfaceController> controllers) {
		return new SimulatedHBABenchBuilder(controllers);
	}

	private static Thread daemon(Runnable r, String name) {
		Thread t = new Thread(r, name + "-" + THREADS.incrementAndGet());
		t.setDaemon(true);
		return t;
	}

	/** Waits until the device is bound; fails with the device's state and reason otherwise. */
	SimulatedHBABench awaitBound() {
		try {
			// one snapshot: read apart, an UNMATCHED before the first match pairs with the "matching" after it
			Awaitility.await().atMost(bound).pollInterval(Duration.ofMillis(2)).until(supervisor::status,
					DeviceSupervisor.Status::settled);
		} catch (ConditionTimeoutException e) {
			// reported below with the state it is in
		}
		DeviceSupervisor.Status status = supervisor.status();
		if (status.state() != DeviceState.BOUND) {
			throw new AssertionError("the controller did not bind " + hba.hbaName() + ": " + status.state() + " ("
					+ status.reason() + ")" + (log.warnings().isEmpty() ? "" : "; log: " + log.warnings()));
		}
		return this;
	}

	/** The device's state now. */
	public DeviceState state() {
		return supervisor.state();
	}

	/** Why the device is in its state (the "why no driver" of {@code hba:devices}). */
	public String reason() {
		return supervisor.reason();
	}

	/** The simulated HBA the controller drives (config space and BAR0 can be read to check what it programmed). */
	public IOPCIDevice hba() {
		return hba;
	}

	/** The controller instance bound now. */
	public IOUserSCSIParallelInterfaceController controller() {
		return binding().controller();
	}

	/** {@code bundled} or {@code parallel}: the path the controller chose at start. */
	public String path() {
		return binding().path();
	}

	/** The task count the controller reported ({@code UserReportMaximumTaskCount}). */
	public int maxTaskCount() {
		return binding().maxTaskCount();
	}

	/** Contract violations the framework counted for the bound controller (each one is also in {@link #log}). */
	public long violations() {
		return binding().violations();
	}

	/** Tasks completed by the bound controller. */
	public long completed() {
		return binding().completed();
	}

	/** Tasks that reached their timeout (and were escalated through task management). */
	public long timeouts() {
		return binding().timeouts();
	}

	/** Tasks the bound controller holds now. */
	public long inFlight() {
		return binding().inFlight();
	}

	private ControllerBinding binding() {
		ControllerBinding b = supervisor.binding();
		if (b == null) {
			throw new IllegalStateException(hba.hbaName() + " has no controller: " + state() + " (" + reason() + ")");
		}
		return b;
	}

	/** What the engine and the hardware logged at WARNING and above. */
	public RecordedLog log() {
		return log;
	}

	/** The logical unit at {@code target}:{@code lun}, waiting for the scan to publish it. */
	public SCSILogicalUnit lun(int target, int lun) {
		String key = LogicalUnit.key(target, lun);
		try {
			return Awaitility.await().atMost(bound).pollInterval(Duration.ofMillis(2)).until(
					() -> supervisor.logicalUnits().stream().filter(u -> u.key().equals(key)).findFirst().orElse(null),
					u -> u != null);
		} catch (ConditionTimeoutException e) {
			throw new AssertionError("no logical unit " + hba.hbaName() + ":" + target + ":" + lun + " (found "
					+ luns().stream().map(SCSILogicalUnit::name).toList() + ")");
		}
	}

	/** Every logical unit published now, by target and LUN. */
	public List<SCSILogicalUnit> luns() {
		List<LogicalUnit> units = new ArrayList<>(supervisor.logicalUnits());
		units.sort(Comparator.comparingLong(LogicalUnit::targetID).thenComparingLong(LogicalUnit::lun));
		return List.copyOf(units);
	}

	/**
	 * Changes the power state as the operator's {@code hba:power} does (flags from
	 * {@link org.hbakit.controller.api.IOServicePowerCapability}): Off/Pause drain the HBA, call
	 * {@code SetPowerState} and wait for its acknowledgement; On brings it back and releases held requests.
	 *
	 * @return the {@code IOReturn} of the transition
	 */
	public int power(int powerFlags) throws Exception {
		return supervisor.power(powerFlags).get(bound.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Swaps the controller as {@code hba:swap} does: holds and drains requests, stops the instance, starts a new one
	 * and releases them.
	 *
	 * @return the swap's summary line
	 */
	public String swap() throws Exception {
		String summary = supervisor.rematch(null).get(bound.toMillis(), TimeUnit.MILLISECONDS);
		awaitBound();
		return summary;
	}

	/**
	 * Sets the faults of one logical unit, in force at once: {@code key=value} items as in a LUN configuration's
	 * {@code faults} (for example {@code "every_nth=1,drop=true"}; {@code ""} clears them). Keys:
	 * {@code docs/simulated-machine.md}.
	 */
	public void faults(int target, int lun, String faults) {
		binder.setFaults(hba, target, lun, MachineConfig.parseFaults(faults));
	}

	/** Unbinds the controller (drain, {@code Stop}), then stops the hardware and the engine's threads. */
	@Override
	public void close() {
		try {
			bridge.removeDevice(hba);
			bridge.close();
		} finally {
			hba.stop();
			binder.unbind(hba);
			timer.shutdownNow();
			delivery.shutdownNow();
		}
	}

	@Override
	public String toString() {
		return "SimulatedHBABench[" + hba.hbaName() + " " + hba.identity() + " " + state() + "]";
	}
}
