package org.hbakit.bridge.osgi;

import java.io.File;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.hbakit.bridge.engine.ControllerBinding;
import org.hbakit.bridge.engine.EngineLog;
import org.hbakit.bridge.engine.EngineSettings;
import org.hbakit.bridge.engine.HostAdapter;
import org.hbakit.bridge.engine.IOHostImpl;
import org.hbakit.bridge.engine.LogicalUnit;
import org.hbakit.bridge.engine.SwapRecord;
import org.hbakit.bridge.matching.Personality;
import org.hbakit.bridge.matching.PersonalityCatalog;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.hbakit.controller.api.client.IOHost;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.registry.DeviceState;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The bridge's heart: tracks provider devices (IOPCIDevice services), controller personalities (from the
 * {@link PersonalityCatalog} the extender fills) and controller services, runs IOKit matching on one lifecycle
 * thread, binds and unbinds controllers through {@link HostAdapter}s, publishes logical units, the
 * {@link IOKitRegistry} and the {@link IOHost}, and swaps controllers when their bundles change.
 */
@Component(immediate = true, configurationPid = BridgeCoordinator.PID)
@Designate(ocd = BridgeCoordinator.Config.class)
public final class BridgeCoordinator {
	/** Configuration PID of the bridge. */
	public static final String PID = "org.hbakit.bridge";

	@ObjectClassDefinition(name = "HBAKit framework bridge")
	public @interface Config {
		@AttributeDefinition(description = "Timeout of a task whose request gave none (ms)")
		long taskTimeoutMs() default 30_000;

		@AttributeDefinition(description = "Wait per timeout escalation step (ms)")
		long abortGraceMs() default 250;

		@AttributeDefinition(description = "How long a swap lets in-flight tasks complete before aborting them (ms)")
		long drainTimeoutMs() default 2_000;

		@AttributeDefinition(description = "How long SetPowerState waits for the controller's acknowledgement (ms)")
		long powerAckTimeoutMs() default 5_000;

		@AttributeDefinition(description = "How long held requests wait for a new controller after the bound one went away (ms)")
		long rebindGraceMs() default 10_000;
	}

	@Reference(service = LoggerFactory.class)
	private Logger logger;

	@Reference
	private PersonalityCatalog catalog;

	private BundleContext context;
	private EngineSettings settings;
	private EngineLog log;
	private final ExecutorService lifecycle = Executors.newSingleThreadExecutor(r -> daemon(r, "hbakit-lifecycle"));
	private final ScheduledExecutorService watchdog = Executors
			.newSingleThreadScheduledExecutor(r -> daemon(r, "hbakit-watchdog"));
	final Map<String, DeviceEntry> devices = new ConcurrentHashMap<>();
	private final Map<LogicalUnit, ServiceRegistration<SCSILogicalUnit>> unitRegistrations = new ConcurrentHashMap<>();
	private ServiceTracker<IOUserSCSIParallelInterfaceController, ControllerService> controllers;
	private final Map<ServiceReference<IOUserSCSIParallelInterfaceController>, ControllerService> controllerServices = new ConcurrentHashMap<>();
	private ServiceRegistration<?> registryRegistration;
	private ServiceRegistration<IOHost> hostRegistration;
	private Matching matching;
	private final PersonalityCatalog.Listener catalogListener = change -> post(this::matchUnbound);
	private volatile boolean active;

	/** A device and its adapter, and what matching last said about it. */
	final class DeviceEntry {
		final IOPCIDevice device;
		final HostAdapter adapter;
		volatile ControllerService bound;
		volatile Personality boundPersonality;
		volatile IOUserSCSIParallelInterfaceController instance;
		volatile DeviceState state = DeviceState.UNMATCHED;
		volatile String reason = "";
		volatile List<org.hbakit.controller.api.registry.MatchInfo> lastRound = List.of();
		/** A swap begun by the bound controller going away, finished when a successor binds. */
		volatile SwapRecord.Builder pendingSwap;

		DeviceEntry(IOPCIDevice device, String name) {
			this.device = device;
			this.adapter = new HostAdapter(device, name, settings, log, new UnitPublisher());
		}
	}

	@Activate
	void activate(BundleContext context, Config config) {
		this.context = context;
		this.settings = new EngineSettings(config.taskTimeoutMs(), config.abortGraceMs(), config.drainTimeoutMs(),
				config.powerAckTimeoutMs(), config.rebindGraceMs(), EngineSettings.DEFAULTS.scanRetries());
		this.log = new EngineLog() {
			@Override
			public void info(String message) {
				logger.info(message);
			}

			@Override
			public void warn(String message) {
				logger.warn(message);
			}

			@Override
			public void error(String message, Throwable cause) {
				logger.error(message, cause);
			}
		};
		this.matching = new Matching(this);
		active = true;
		ensureDeployDirectory();
		controllers = new ServiceTracker<>(context, IOUserSCSIParallelInterfaceController.class, null) {
			@Override
			public ControllerService addingService(ServiceReference<IOUserSCSIParallelInterfaceController> reference) {
				ControllerService cs = new ControllerService(context, reference);
				// known before matching runs (the tracker itself records it only after this returns)
				controllerServices.put(reference, cs);
				post(BridgeCoordinator.this::matchUnbound);
				return cs;
			}

			@Override
			public void removedService(ServiceReference<IOUserSCSIParallelInterfaceController> reference,
					ControllerService service) {
				controllerServices.remove(reference);
				// runs while the service unregisters (its bundle stops or updates): drain and stop what it drives
				// now, so the old revision is released before its bundle goes
				await(post(() -> controllerGone(service)));
			}
		};
		controllers.open();
		catalog.addListener(catalogListener);
		registryRegistration = context.registerService(IOKitRegistry.class, new RegistryService(this), null);
		hostRegistration = context.registerService(IOHost.class, new IOHostImpl(), null);
		watchdog.scheduleWithFixedDelay(this::watch, 5, 5, TimeUnit.MILLISECONDS);
	}

	@Deactivate
	void deactivate() {
		active = false;
		catalog.removeListener(catalogListener);
		await(post(() -> {
			for (DeviceEntry e : List.copyOf(devices.values())) {
				removeEntry(e, "framework bridge stopping");
			}
		}));
		controllers.close();
		registryRegistration.unregister();
		hostRegistration.unregister();
		watchdog.shutdownNow();
		lifecycle.shutdown();
	}

	// ---------------------------------------------------------------- devices

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addDevice(IOPCIDevice device, Map<String, Object> properties) {
		String name = Objects.toString(properties.get(IOPCIDevice.HBA_NAME), device.location());
		post(() -> {
			DeviceEntry e = new DeviceEntry(device, name);
			devices.put(device.location(), e);
			matchDevice(e);
		});
	}

	void removeDevice(IOPCIDevice device) {
		await(post(() -> {
			DeviceEntry e = devices.remove(device.location());
			if (e != null) {
				removeEntry(e, "device removed");
			}
		}));
	}

	private void removeEntry(DeviceEntry e, String reason) {
		e.adapter.remove(reason);
		releaseInstance(e);
		e.state = DeviceState.REMOVED;
	}

	// ---------------------------------------------------------------- matching and binding (lifecycle thread)

	/** Offers every unbound device to matching again (new personalities or controller services). */
	void matchUnbound() {
		for (DeviceEntry e : devices.values()) {
			if (e.bound == null) {
				matchDevice(e);
			}
		}
	}

	/** IOKit matching for one unbound device; binds the winner. */
	void matchDevice(DeviceEntry e) {
		if (!active || e.bound != null) {
			return;
		}
		e.state = DeviceState.STARTING;
		boolean bound = matching.run(e, null, null);
		if (!bound) {
			e.state = DeviceState.UNMATCHED;
		}
	}

	/**
	 * Starts {@code personality}'s controller on the device.
	 *
	 * @return null on success, else why it failed
	 */
	String start(DeviceEntry e, Personality personality, ControllerService service,
			IOUserSCSIParallelInterfaceController probed) {
		IOUserSCSIParallelInterfaceController instance = probed;
		try {
			if (instance == null) {
				instance = service.newInstance();
			}
		} catch (RuntimeException ex) {
			return "could not instantiate " + personality.ioUserClass() + ": " + ex;
		}
		if (instance == null) {
			return "the controller service of " + personality.ioUserClass() + " is gone";
		}
		try {
			e.adapter.bind(instance, new ControllerBinding.Identity(personality.bundleSymbolicName(),
					personality.bundleVersion(), personality.name(), personality.ioUserClass()));
		} catch (org.hbakit.bridge.engine.StartFailure failure) {
			service.release(instance);
			log.warn("controller " + personality.bundleSymbolicName() + "/" + personality.name() + " failed to start on "
					+ e.adapter.name() + ": " + failure.getMessage());
			return failure.getMessage();
		}
		e.bound = service;
		e.boundPersonality = personality;
		e.instance = instance;
		e.state = DeviceState.BOUND;
		e.reason = "";
		SwapRecord.Builder pending = e.pendingSwap;
		if (pending != null) {
			e.pendingSwap = null;
			e.adapter.finishSwap(pending);
		}
		return null;
	}

	private void releaseInstance(DeviceEntry e) {
		if (e.instance != null && e.bound != null) {
			e.bound.release(e.instance);
		}
		e.instance = null;
		e.bound = null;
		e.boundPersonality = null;
	}

	/** A controller service went away: every device it drives is unbound, its requests held for a successor. */
	private void controllerGone(ControllerService service) {
		for (DeviceEntry e : devices.values()) {
			if (e.bound == service) {
				e.state = DeviceState.DRAINING;
				SwapRecord.Builder record = e.adapter.unbind("controller " + service + " went away");
				releaseInstance(e);
				e.pendingSwap = record;
				e.state = DeviceState.UNMATCHED;
				e.reason = "waiting for a controller (held requests wait up to " + settings.rebindGraceMs() + " ms)";
			}
		}
		service.close();
		// a successor may already be there (another bundle); the updated bundle's comes when it restarts
		matchUnbound();
	}

	/** Operator rematch: move a device to another (or a named) controller under load. */
	String rematch(String locationOrName, String controller) throws InterruptedException {
		DeviceEntry e = find(locationOrName);
		Future<String> f = post(() -> {
			ControllerService old = e.bound;
			Personality oldPersonality = e.boundPersonality;
			e.state = DeviceState.DRAINING;
			SwapRecord.Builder record = e.adapter.unbind("operator rematch");
			IOUserSCSIParallelInterfaceController oldInstance = e.instance;
			e.instance = null;
			e.bound = null;
			e.boundPersonality = null;
			boolean bound = matching.run(e, controller, controller == null ? oldPersonality : null);
			if (!bound && oldPersonality != null && old != null && !old.isClosed()) {
				// the previous controller takes the device back rather than leave it without a driver
				bound = start(e, oldPersonality, old, null) == null;
			}
			SwapRecord done = e.adapter.finishSwap(record);
			// the stopped instance goes back to DS after the gate reopened: disposing of it is off the pause
			if (oldInstance != null && old != null) {
				old.release(oldInstance);
			}
			if (!bound) {
				e.state = DeviceState.UNMATCHED;
				e.adapter.failHeld("no controller could start on " + e.adapter.name());
				return "no controller could start on " + e.adapter.name() + ": " + e.reason;
			}
			return done.toString();
		});
		try {
			return f.get();
		} catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	/** Changes the power state of a device's controller, on the lifecycle thread. */
	String setPowerState(String locationOrName, int powerFlags) throws InterruptedException {
		DeviceEntry e = find(locationOrName);
		Future<Integer> f = post(() -> e.adapter.setPowerState(powerFlags));
		int rc;
		try {
			rc = f.get();
		} catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		String state = org.hbakit.controller.api.IOServicePowerCapability.name(powerFlags);
		if (rc == org.hbakit.controller.api.IOReturn.kIOReturnNotReady) {
			throw new IllegalArgumentException(e.adapter.name() + " has no controller");
		}
		if (rc == org.hbakit.controller.api.IOReturn.kIOReturnTimeout) {
			throw new IllegalStateException("the controller of " + e.adapter.name() + " did not acknowledge SetPowerState("
					+ state + ") within " + settings.powerAckTimeoutMs() + " ms");
		}
		if (rc != org.hbakit.controller.api.IOReturn.kIOReturnSuccess) {
			throw new IllegalStateException("the controller of " + e.adapter.name() + " refused SetPowerState(" + state
					+ "): " + org.hbakit.controller.api.IOReturn.name(rc));
		}
		return e.adapter.name() + " power " + state;
	}

	DeviceEntry find(String locationOrName) {
		DeviceEntry e = devices.get(locationOrName);
		if (e == null) {
			e = devices.values().stream().filter(d -> d.adapter.name().equals(locationOrName)).findFirst().orElse(null);
		}
		if (e == null) {
			throw new IllegalArgumentException("no HBA named or located '" + locationOrName + "'");
		}
		return e;
	}

	// ---------------------------------------------------------------- timeouts and grace (watchdog thread)

	private void watch() {
		long now = System.nanoTime();
		for (DeviceEntry e : devices.values()) {
			ControllerBinding b = e.adapter.binding();
			if (b != null) {
				b.checkTimeouts(now);
			} else if (e.adapter.rebindGraceExpired(now)) {
				post(() -> {
					if (e.adapter.binding() == null) {
						e.adapter.giveUpWaiting("no controller took " + e.adapter.name() + " within "
								+ settings.rebindGraceMs() + " ms");
					}
				});
			}
		}
	}

	// ---------------------------------------------------------------- logical unit services

	private final class UnitPublisher implements HostAdapter.Listener {
		@Override
		public void logicalUnitAdded(LogicalUnit unit) {
			unitRegistrations.put(unit, context.registerService(SCSILogicalUnit.class, unit, dict(unit)));
		}

		@Override
		public void logicalUnitChanged(LogicalUnit unit) {
			ServiceRegistration<SCSILogicalUnit> r = unitRegistrations.get(unit);
			if (r != null) {
				r.setProperties(dict(unit));
			}
		}

		@Override
		public void logicalUnitRemoved(LogicalUnit unit) {
			ServiceRegistration<SCSILogicalUnit> r = unitRegistrations.remove(unit);
			if (r != null) {
				try {
					r.unregister();
				} catch (IllegalStateException ignored) {
					// already gone with the framework
				}
			}
		}
	}

	private static Dictionary<String, Object> dict(LogicalUnit unit) {
		return new Hashtable<>(unit.serviceProperties());
	}

	// ---------------------------------------------------------------- plumbing

	EngineSettings settings() {
		return settings;
	}

	Logger logger() {
		return logger;
	}

	PersonalityCatalog catalog() {
		return catalog;
	}

	List<ControllerService> controllerServices() {
		return List.copyOf(controllerServices.values());
	}

	<T> Future<T> post(java.util.concurrent.Callable<T> task) {
		return lifecycle.submit(() -> {
			try {
				return task.call();
			} catch (Exception | Error e) {
				logger.error("lifecycle task failed", e);
				throw e;
			}
		});
	}

	Future<?> post(Runnable task) {
		return post(() -> {
			task.run();
			return null;
		});
	}

	private static void await(Future<?> f) {
		try {
			f.get(5, TimeUnit.MINUTES);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (ExecutionException | java.util.concurrent.TimeoutException e) {
			// logged by post
		} catch (java.util.concurrent.RejectedExecutionException e) {
			// shutting down
		}
	}

	private void ensureDeployDirectory() {
		String dir = context.getProperty("felix.fileinstall.dir");
		if (dir != null) {
			for (String d : dir.split(",")) {
				new File(d.trim()).mkdirs();
			}
		}
	}

	private static Thread daemon(Runnable r, String name) {
		Thread t = new Thread(r, name);
		t.setDaemon(true);
		return t;
	}
}
