package org.hbakit.bridge.osgi;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.hbakit.bridge.engine.EngineSettings;
import org.hbakit.bridge.matching.PersonalityCatalog;
import org.hbakit.bridge.supervisor.Bridge;
import org.hbakit.bridge.supervisor.SupervisorContext;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The bridge's OSGi shell: feeds the pure {@link Bridge} the provider devices ({@code IOPCIDevice} services), the
 * catalogue's changes and the controller services, publishes the logical units as {@code SCSILogicalUnit}
 * services, and takes configuration changes at run time ({@link Modified}: the supervisors read the new values for
 * their next decision, I/O is not disturbed). Provides itself to the bridge's registry component.
 */
@Component(service = BridgeCoordinator.class, immediate = true, configurationPid = BridgeCoordinator.PID)
@Designate(ocd = BridgeCoordinator.Config.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.hbakit.controller.api.client.SCSILogicalUnit\"")
public final class BridgeCoordinator {
	/** Configuration PID of the bridge. */
	public static final String PID = "org.hbakit.bridge";

	@ObjectClassDefinition(name = "HBAKit framework bridge")
	public @interface Config {
		@AttributeDefinition(description = "Timeout of a task whose request gave none (ms)")
		long taskTimeoutMs() default 30_000;

		@AttributeDefinition(description = "Wait per timeout escalation step, and bound of each task-management call (ms)")
		long abortGraceMs() default 250;

		@AttributeDefinition(description = "How long a swap or power change lets in-flight tasks complete before aborting them (ms)")
		long drainTimeoutMs() default 2_000;

		@AttributeDefinition(description = "How long SetPowerState may take, call and acknowledgement (ms)")
		long powerAckTimeoutMs() default 5_000;

		@AttributeDefinition(description = "How long held requests wait for a new controller after the bound one went away (ms)")
		long rebindGraceMs() default 10_000;

		@AttributeDefinition(description = "Bound of every other call into a controller: instantiation, probe, the start sequence, stop (ms)")
		long controllerCallTimeoutMs() default 10_000;

		@AttributeDefinition(description = "First back-off before a device whose every candidate failed to start is retried (ms); doubles each time")
		long startRetryMinMs() default 1_000;

		@AttributeDefinition(description = "Longest back-off between start retries (ms)")
		long startRetryMaxMs() default 60_000;
	}

	private final Logger logger;
	private final PersonalityCatalog catalog;
	private final AtomicReference<EngineSettings> settings = new AtomicReference<>();
	private final ScheduledExecutorService timer;
	private final ExecutorService delivery;
	private final UnitPublisher units;
	private final Bridge bridge;
	private final ControllerServices controllers;
	private final PersonalityCatalog.Listener catalogListener;

	@Activate
	public BridgeCoordinator(BundleContext context, Config config,
			@Reference(service = LoggerFactory.class) Logger logger, @Reference PersonalityCatalog catalog) {
		this.logger = logger;
		this.catalog = catalog;
		settings.set(settings(config));
		System.Logger log = new OsgiSystemLogger("org.hbakit.bridge", logger);
		timer = Executors.newSingleThreadScheduledExecutor(daemons("hbakit-watchdog"));
		// futures of SCSILogicalUnit.submit complete here, never on a controller's thread
		delivery = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
				daemons("hbakit-delivery"));
		units = new UnitPublisher(context);
		controllers = new ControllerServices(context, catalog, logger, this::candidatesChanged,
				service -> bridge().controllerGone(service));
		bridge = new Bridge(new SupervisorContext(settings::get, timer, delivery, log, controllers, units));
		catalogListener = change -> bridge.candidatesChanged();
		controllers.open();
		catalog.addListener(catalogListener);
	}

	/** The configuration changed: every supervisor takes the new values for its next decision. */
	@Modified
	void modified(Config config) {
		try {
			EngineSettings next = settings(config);
			settings.set(next);
			logger.info("bridge configuration changed: {}", next);
		} catch (IllegalArgumentException e) {
			logger.error("{}; keeping {}", e.getMessage(), settings.get());
		}
	}

	@Deactivate
	void deactivate() {
		catalog.removeListener(catalogListener);
		bridge.close();
		controllers.close();
		units.withdrawAll();
		timer.shutdownNow();
		delivery.shutdown();
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addDevice(IOPCIDevice device, Map<String, Object> properties) {
		bridge().addDevice(device, Objects.toString(properties.get(IOPCIDevice.HBA_NAME), device.location()));
	}

	void removeDevice(IOPCIDevice device) {
		bridge().removeDevice(device);
	}

	/** The supervisors (for the registry component and the shell). */
	public Bridge bridge() {
		return bridge;
	}

	EngineSettings settings() {
		return settings.get();
	}

	private void candidatesChanged() {
		Bridge b = bridge;
		if (b != null) {
			b.candidatesChanged();
		}
	}

	private static EngineSettings settings(Config c) {
		try {
			return new EngineSettings(c.taskTimeoutMs(), c.abortGraceMs(), c.drainTimeoutMs(), c.powerAckTimeoutMs(),
					c.rebindGraceMs(), EngineSettings.DEFAULTS.scanRetries(), c.controllerCallTimeoutMs(),
					c.startRetryMinMs(), c.startRetryMaxMs());
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("configuration " + PID + " refused: " + e.getMessage(), e);
		}
	}

	private static ThreadFactory daemons(String prefix) {
		AtomicInteger n = new AtomicInteger();
		return r -> {
			Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
			t.setDaemon(true);
			return t;
		};
	}
}
