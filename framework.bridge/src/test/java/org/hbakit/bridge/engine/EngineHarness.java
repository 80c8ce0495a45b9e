package org.hbakit.bridge.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.hbakit.bridge.matching.BundleIdentity;
import org.hbakit.bridge.matching.Personality;
import org.hbakit.bridge.matching.PersonalityParser;
import org.hbakit.bridge.matching.PersonalityProblem;
import org.hbakit.bridge.supervisor.Bridge;
import org.hbakit.bridge.supervisor.Candidate;
import org.hbakit.bridge.supervisor.CandidateSource;
import org.hbakit.bridge.supervisor.ControllerFactory;
import org.hbakit.bridge.supervisor.DeviceListener;
import org.hbakit.bridge.supervisor.DeviceSupervisor;
import org.hbakit.bridge.supervisor.SupervisorContext;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.personality.IOKitPersonalityKeys;
import org.hbakit.controller.api.registry.DeviceState;

/**
 * The framework's engine and supervisors without OSGi: a {@link Bridge} with real threads (timer, delivery,
 * supervisors, controller queues), controllers offered as candidates, and the logical units and warnings recorded.
 */
public final class EngineHarness implements AutoCloseable, CandidateSource, DeviceListener {
	public final List<LogicalUnit> units = new CopyOnWriteArrayList<>();
	public final RecordingLogger log = new RecordingLogger();
	public final AtomicReference<EngineSettings> settings;
	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
	private final ExecutorService delivery = Executors.newFixedThreadPool(2, r -> {
		Thread t = new Thread(r, "delivery");
		t.setDaemon(true);
		return t;
	});
	private final List<Candidate> candidates = new CopyOnWriteArrayList<>();
	/** Personalities offered as unavailable, with their reasons. */
	public final List<Unavailable> unavailable = new CopyOnWriteArrayList<>();
	private final AtomicLong bundleIds = new AtomicLong(100);
	public final Bridge bridge;

	public EngineHarness(EngineSettings settings) {
		this.settings = new AtomicReference<>(settings);
		this.bridge = new Bridge(new SupervisorContext(this.settings::get, timer, delivery, log, this, this));
	}

	/** Offers controllers made by {@code factory} under a personality that matches any PCI device. */
	public Candidate offer(String name, Supplier<IOUserSCSIParallelInterfaceController> factory) {
		return offer(name, 1000, factory);
	}

	public Candidate offer(String name, int score, Supplier<IOUserSCSIParallelInterfaceController> factory) {
		Candidate c = new Candidate(personality(name, score), new Factory(factory));
		candidates.add(c);
		bridge.candidatesChanged();
		return c;
	}

	/**
	 * Offers a version of the controller bundle {@code bsn} (a bundle of its own, installed after every earlier
	 * offer): its personality {@code Controller} with IOUserClass {@code bsn}-class matches any PCI device.
	 */
	public Candidate offerVersion(String bsn, String version, Supplier<IOUserSCSIParallelInterfaceController> factory) {
		Candidate c = new Candidate(personality(bsn, version, "Controller", bsn + "-class", 1000), new Factory(factory));
		candidates.add(c);
		bridge.candidatesChanged();
		return c;
	}

	/** A personality that matches any PCI device, of a bundle of its own. */
	public Personality personality(String name, int score) {
		return personality(null, null, name, name, score);
	}

	private Personality personality(String bsn, String version, String name, String ioUserClass, int score) {
		long id = bundleIds.incrementAndGet();
		Map<String, Object> d = new LinkedHashMap<>();
		d.put(IOKitPersonalityKeys.IO_CLASS, IOKitPersonalityKeys.IO_USER_SCSI_PARALLEL_INTERFACE_CONTROLLER);
		d.put(IOKitPersonalityKeys.IO_USER_CLASS, ioUserClass);
		d.put(IOKitPersonalityKeys.IO_PROVIDER_CLASS, IOKitPersonalityKeys.IO_PCI_DEVICE);
		d.put(IOKitPersonalityKeys.CF_BUNDLE_IDENTIFIER_KERNEL, IOKitPersonalityKeys.IO_SCSI_PARALLEL_FAMILY);
		d.put(IOKitPersonalityKeys.IO_PROBE_SCORE, score);
		List<PersonalityProblem> problems = new ArrayList<>();
		String symbolicName = bsn != null ? bsn : "test." + name;
		Personality p = new PersonalityParser().parsePersonality(
				new BundleIdentity(symbolicName, version != null ? version : "1.0." + id, id), name, d, symbolicName,
				problems);
		if (!problems.isEmpty()) {
			throw new IllegalStateException(problems.toString());
		}
		return p;
	}

	/** Runs {@code action} whenever the supervisor asks {@code c}'s service to load its bundle's classes. */
	public void onLoadClasses(Candidate c, Runnable action) {
		((Factory) c.factory()).onLoadClasses = action;
	}

	/** Runs {@code action} whenever the supervisor gives one of {@code c}'s instances back to its service. */
	public void onRelease(Candidate c, Consumer<IOUserSCSIParallelInterfaceController> action) {
		((Factory) c.factory()).onRelease = action;
	}

	/** Withdraws a candidate (its service goes away): the devices it drives are unbound. */
	public void withdraw(Candidate c) {
		candidates.remove(c);
		((Factory) c.factory()).closed = true;
		bridge.controllerGone(c.factory());
	}

	/** Adds a device and waits until it is bound (or the bound ran out). */
	public DeviceSupervisor device(IOPCIDevice device, String name) throws InterruptedException {
		DeviceSupervisor s = bridge.addDevice(device, name);
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(s::status, DeviceSupervisor.Status::settled);
		return s;
	}

	/** Offers {@code controller} (that one instance) and adds device {@code hba9}, which must bind to it. */
	public DeviceSupervisor bound(IOUserSCSIParallelInterfaceController controller) throws InterruptedException {
		offer("Software", () -> controller);
		DeviceSupervisor s = device(new FakeDevice(), "hba9");
		if (s.state() != DeviceState.BOUND) {
			throw new AssertionError("hba9 is " + s.state() + ": " + s.reason());
		}
		return s;
	}

	/** The first logical unit of the HBA named {@code hba}. */
	public LogicalUnit unit(String hba) {
		return units.stream().filter(u -> u.admission().name().equals(hba)).findFirst().orElseThrow();
	}

	@Override
	public List<Candidate> candidates() {
		// fresh records on every call, as the OSGi source makes them: nothing may rely on their identity
		return candidates.stream().map(c -> new Candidate(c.personality(), c.factory())).toList();
	}

	@Override
	public List<Unavailable> unavailable() {
		return List.copyOf(unavailable);
	}

	@Override
	public void logicalUnitAdded(LogicalUnit unit) {
		units.add(unit);
	}

	@Override
	public void logicalUnitChanged(LogicalUnit unit) {
	}

	@Override
	public void logicalUnitRemoved(LogicalUnit unit) {
		units.remove(unit);
	}

	@Override
	public void close() {
		bridge.close();
		timer.shutdownNow();
		delivery.shutdownNow();
	}

	private static final class Factory implements ControllerFactory {
		private final Supplier<IOUserSCSIParallelInterfaceController> supplier;
		volatile boolean closed;
		volatile Runnable onLoadClasses = () -> {
		};
		volatile Consumer<IOUserSCSIParallelInterfaceController> onRelease = i -> {
		};

		Factory(Supplier<IOUserSCSIParallelInterfaceController> supplier) {
			this.supplier = supplier;
		}

		@Override
		public IOUserSCSIParallelInterfaceController newInstance() {
			if (closed) {
				throw new IllegalStateException("closed");
			}
			return supplier.get();
		}

		@Override
		public void release(IOUserSCSIParallelInterfaceController instance) {
			onRelease.accept(instance);
		}

		@Override
		public void loadClasses() {
			onLoadClasses.run();
		}

		@Override
		public boolean isClosed() {
			return closed;
		}
	}
}
