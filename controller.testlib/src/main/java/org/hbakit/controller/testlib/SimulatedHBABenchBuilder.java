package org.hbakit.controller.testlib;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.hbakit.bridge.engine.EngineSettings;
import org.hbakit.bridge.matching.BundleIdentity;
import org.hbakit.bridge.matching.Personality;
import org.hbakit.bridge.matching.PersonalityParser;
import org.hbakit.bridge.matching.PersonalityProblem;
import org.hbakit.bridge.supervisor.Candidate;
import org.hbakit.bridge.supervisor.ControllerFactory;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.personality.IOKitPersonalityKeys;
import org.hbakit.hba.sim.machine.ConfigException;
import org.hbakit.hba.sim.machine.HbaSpec;
import org.hbakit.hba.sim.machine.LunSpec;
import org.hbakit.hba.sim.machine.MachineConfig;
import org.hbakit.hba.sim.pci.SimulatedPciHba;
import org.hbakit.hba.sim.scsi.bind.ScsiTargetBinder;

/**
 * Describes one {@link SimulatedHBABench}: the HBA (the properties of an {@code org.hbakit.hba.sim.hba}
 * configuration: PCI ids, queue size, targets, faults), its logical units (those of {@code org.hbakit.hba.sim.lun}
 * configurations), the personality the controller is matched by (its {@code Info.plist}, or one matching any PCI
 * device), and the engine's timeouts. Values are checked as the simulated machine checks a configuration:
 * {@link #start} fails with the same message a refused {@code .cfg} file logs.
 */
public final class SimulatedHBABenchBuilder {
	private static final String NAME = "hba0";

	private final Supplier<? extends IOUserSCSIParallelInterfaceController> controllers;
	private final Map<String, Object> hba = new LinkedHashMap<>();
	private final List<Map<String, Object>> luns = new ArrayList<>();
	private Path infoPlist;
	private String ioUserClass;
	private EngineSettings settings = EngineSettings.DEFAULTS.withStartRetry(50, 1_000);
	private Duration bound = Duration.ofSeconds(10);

	SimulatedHBABenchBuilder(Supplier<? extends IOUserSCSIParallelInterfaceController> controllers) {
		this.controllers = Objects.requireNonNull(controllers);
		hba.put(MachineConfig.NAME, NAME);
		hba.put(MachineConfig.LOCATION, "pci0000:00:04.0");
	}

	/** The HBA's vendor and device ids (config 0x00 and 0x02); the defaults are the reference controller's. */
	public SimulatedHBABenchBuilder pciIds(int vendorId, int deviceId) {
		return hba(MachineConfig.VENDOR_ID, vendorId).hba(MachineConfig.DEVICE_ID, deviceId);
	}

	/**
	 * Any property of an {@code org.hbakit.hba.sim.hba} configuration ({@code subsystem.id}, {@code class.code},
	 * {@code max.queue.entries}, {@code targets}, {@code initiator.id}, {@code faults}…; hex strings accepted).
	 */
	public SimulatedHBABenchBuilder hba(String property, Object value) {
		hba.put(property, value);
		return this;
	}

	/** A RAM disk (sparse memory, 512-byte blocks) of {@code size} ({@code "64m"}, {@code "1g"}, bytes…). */
	public SimulatedHBABenchBuilder ramLun(int target, int lun, String size) {
		return lun(Map.of(MachineConfig.TARGET, target, MachineConfig.LUN, lun, MachineConfig.SIZE, size));
	}

	/** A null disk: it moves no data (for measuring dispatch alone). */
	public SimulatedHBABenchBuilder nullLun(int target, int lun, String size) {
		return lun(Map.of(MachineConfig.TARGET, target, MachineConfig.LUN, lun, MachineConfig.SIZE, size,
				MachineConfig.BACKING, "null"));
	}

	/**
	 * A logical unit from the properties of an {@code org.hbakit.hba.sim.lun} configuration ({@code target},
	 * {@code lun}, {@code size}, {@code block.size}, {@code backing}, {@code faults}…); {@code hba} is implied.
	 */
	public SimulatedHBABenchBuilder lun(Map<String, ?> properties) {
		Map<String, Object> p = new LinkedHashMap<>(properties);
		p.put(MachineConfig.HBA, hba.get(MachineConfig.NAME));
		luns.add(p);
		return this;
	}

	/**
	 * Matches the controller through the personalities of this {@code Info.plist} (XML or binary), as the framework
	 * does for the bundle: the first one whose {@code IOUserClass} is {@link #ioUserClass}, or the only one. Without
	 * it the controller gets a personality that matches any PCI device.
	 */
	public SimulatedHBABenchBuilder infoPlist(Path plist) {
		this.infoPlist = plist;
		return this;
	}

	/** The {@code IOUserClass} the controller's service would be registered with. */
	public SimulatedHBABenchBuilder ioUserClass(String name) {
		this.ioUserClass = name;
		return this;
	}

	/**
	 * A task's default timeout and the wait between task-management escalation steps (the configuration's
	 * {@code defaultTaskTimeoutMs} and {@code abortGraceMs}): short values let a test reach the controller's abort
	 * and reset calls in milliseconds.
	 */
	public SimulatedHBABenchBuilder taskTimeouts(Duration taskTimeout, Duration abortGrace) {
		EngineSettings s = settings;
		settings = new EngineSettings(taskTimeout.toMillis(), abortGrace.toMillis(), s.drainTimeoutMs(),
				s.powerAckTimeoutMs(), s.rebindGraceMs(), s.scanRetries(), s.controllerCallTimeoutMs(),
				s.startRetryMinMs(), s.startRetryMaxMs());
		return this;
	}

	/** The bound of each call into controller code (instantiation, probe, the start sequence, {@code Stop}). */
	public SimulatedHBABenchBuilder controllerCallTimeout(Duration timeout) {
		settings = settings.withControllerCallTimeoutMs(timeout.toMillis());
		return this;
	}

	/** How long the bench waits for the device to bind, a LUN to appear, or a power change or swap to finish. */
	public SimulatedHBABenchBuilder waitAtMost(Duration bound) {
		this.bound = bound;
		return this;
	}

	/**
	 * Builds the hardware, offers the controller and waits until it is bound and the LUN scan is done.
	 *
	 * @throws IllegalArgumentException if a property is refused (the message names it) or the plist has no usable
	 *                                  personality
	 * @throws AssertionError           if the controller does not bind, with the device's state and reason
	 */
	public SimulatedHBABench start() {
		MachineConfig config = new MachineConfig(ScsiTargetBinder::validate, Path.of("target", "hbakit-data"));
		HbaSpec spec;
		List<LunSpec> lunSpecs = new ArrayList<>();
		try {
			spec = config.parseHba(MachineConfig.HBA_FACTORY_PID + "~bench", hba);
			for (int i = 0; i < luns.size(); i++) {
				lunSpecs.add(config.parseLun(MachineConfig.LUN_FACTORY_PID + "~bench" + i, luns.get(i)));
			}
		} catch (ConfigException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
		RecordedLog log = new RecordedLog();
		SimulatedPciHba device = new SimulatedPciHba(spec.name(), spec.location(), spec.identity(),
				spec.maxQueueEntries(), spec.interruptVectors(), spec.targets(), spec.initiatorId(),
				SimulatedPciHba.DEFAULT_IOVM_ENTRIES, log);
		ScsiTargetBinder binder = new ScsiTargetBinder();
		binder.bind(device, spec, lunSpecs);
		device.start();
		Candidate candidate = new Candidate(personality(), new Factory(controllers));
		SimulatedHBABench bench = new SimulatedHBABench(device, binder, candidate, settings, log, bound);
		try {
			return bench.awaitBound();
		} catch (RuntimeException | Error e) {
			bench.close();
			throw e;
		}
	}

	private Personality personality() {
		BundleIdentity bundle = new BundleIdentity("bench.controller", "0.0.0", 1);
		PersonalityParser parser = new PersonalityParser();
		if (infoPlist == null) {
			String name = ioUserClass != null ? ioUserClass : "BenchController";
			Map<String, Object> d = new LinkedHashMap<>();
			d.put(IOKitPersonalityKeys.IO_CLASS, IOKitPersonalityKeys.IO_USER_SCSI_PARALLEL_INTERFACE_CONTROLLER);
			d.put(IOKitPersonalityKeys.IO_USER_CLASS, name);
			d.put(IOKitPersonalityKeys.IO_PROVIDER_CLASS, IOKitPersonalityKeys.IO_PCI_DEVICE);
			d.put(IOKitPersonalityKeys.CF_BUNDLE_IDENTIFIER_KERNEL, IOKitPersonalityKeys.IO_SCSI_PARALLEL_FAMILY);
			List<PersonalityProblem> problems = new ArrayList<>();
			Personality p = parser.parsePersonality(bundle, name, d, bundle.symbolicName(), problems);
			if (p == null || !problems.isEmpty()) {
				throw new IllegalStateException(problems.toString());
			}
			return p;
		}
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(infoPlist);
		} catch (IOException e) {
			throw new UncheckedIOException("cannot read " + infoPlist, e);
		}
		PersonalityParser.Result r = parser.parse(bundle, bytes);
		if (!r.problems().isEmpty()) {
			throw new IllegalArgumentException(infoPlist + ": " + r.problems());
		}
		List<Personality> usable = r.personalities().stream()
				.filter(p -> ioUserClass == null || p.ioUserClass().equals(ioUserClass)).toList();
		if (usable.isEmpty() || ioUserClass == null && usable.size() > 1) {
			throw new IllegalArgumentException(infoPlist + ": " + (usable.isEmpty() ? "no personality with IOUserClass "
					+ ioUserClass : "several personalities; name the IOUserClass") + " (it has "
					+ r.personalities().stream().map(p -> p.name() + "=" + p.ioUserClass()).toList() + ")");
		}
		return usable.get(0);
	}

	/** New instances from the supplier, as DS hands them out from a prototype-scope service. */
	private static final class Factory implements ControllerFactory {
		private final Supplier<? extends IOUserSCSIParallelInterfaceController> supplier;

		Factory(Supplier<? extends IOUserSCSIParallelInterfaceController> supplier) {
			this.supplier = supplier;
		}

		@Override
		public IOUserSCSIParallelInterfaceController newInstance() {
			return supplier.get();
		}

		@Override
		public void release(IOUserSCSIParallelInterfaceController instance) {
		}

		@Override
		public boolean isClosed() {
			return false;
		}
	}
}
