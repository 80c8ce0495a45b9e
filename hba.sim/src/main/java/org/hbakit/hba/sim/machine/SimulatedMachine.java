package org.hbakit.hba.sim.machine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.hba.sim.pci.SimulatedPciHba;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The simulated machine: keeps the running HBAs equal to the {@code org.hbakit.hba.sim.hba} and
 * {@code org.hbakit.hba.sim.lun} factory configurations (or, while there is no HBA configuration and the framework
 * property {@code org.hbakit.hba.sim.default} is not {@code false}, the {@link MachineConfig#defaultMachine()
 * default machine}), and publishes each HBA as an {@link IOPCIDevice} service with the {@code PCI_*} and
 * {@code HBA_NAME} properties.
 * <p>
 * It listens to configuration events and reconciles on its own single thread: reads all configurations, lets the
 * {@link MachinePlanner} decide what should run (refusals, last valid versions, running devices first), logs each
 * new refusal with PID, property and reason, and applies the difference like hot-plug: new HBAs are built, started
 * and registered; removed ones are unregistered, then stopped; HBAs whose hardware properties changed are replaced;
 * LUN and fault changes go to the {@link TargetBinder}.
 */
@Component(service = { SimulatedMachine.class, ConfigurationListener.class }, immediate = true)
public final class SimulatedMachine implements ConfigurationListener {
	@Reference(service = LoggerFactory.class)
	Logger log;

	@Reference
	ConfigurationAdmin configurationAdmin;

	private final TargetBinder binder;
	private BundleContext context;
	private MachinePlanner planner;
	private ExecutorService reconciler;
	private final Map<String, Running> running = new LinkedHashMap<>();

	private record Running(HbaSpec spec, SimulatedPciHba hba, ServiceRegistration<IOPCIDevice> registration,
			List<LunSpec> luns) {
	}

	/** For DS: a machine whose targets are the simulated SCSI targets and disks. */
	public SimulatedMachine() {
		this(new org.hbakit.hba.sim.scsi.bind.ScsiTargetBinder());
	}

	SimulatedMachine(TargetBinder binder) {
		this.binder = binder;
	}

	@Activate
	void activate(BundleContext context) {
		this.context = context;
		boolean defaultEnabled = !"false".equalsIgnoreCase(context.getProperty(MachineConfig.DEFAULT_MACHINE_PROPERTY));
		String data = context.getProperty(MachineConfig.DATA_DIRECTORY_PROPERTY);
		this.planner = new MachinePlanner(new MachineConfig(org.hbakit.hba.sim.scsi.bind.ScsiTargetBinder::validate,
				Path.of(data == null ? "hbakit-data" : data)), defaultEnabled);
		this.reconciler = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "hba.sim machine");
			t.setDaemon(true);
			return t;
		});
		reconcile();
	}

	/**
	 * Shows, and when {@code settings} is not null replaces, the fault injection of an HBA ({@code target} -1), a
	 * target ({@code lun} -1) or a LUN at run time (an empty map clears it). Changes last until the configuration
	 * of that HBA or LUN changes.
	 *
	 * @return the plan now in force, as FaultPlan keys
	 * @throws IllegalArgumentException for an unknown HBA, target or LUN, or settings FaultPlan refuses
	 */
	public synchronized Map<String, Object> faults(String hbaName, int target, int lun, Map<String, String> settings) {
		Running r = running.get(hbaName);
		if (r == null) {
			throw new IllegalArgumentException("no HBA '" + hbaName + "' (see hba:hardware)");
		}
		if (!(binder instanceof org.hbakit.hba.sim.scsi.bind.ScsiTargetBinder scsi)) {
			throw new IllegalArgumentException("this machine has no SCSI targets");
		}
		if (settings != null) {
			scsi.setFaults(r.hba(), target, lun, settings);
			log.info("faults of " + hbaName + (target < 0 ? "" : ":" + target) + (lun < 0 ? "" : ":" + lun)
					+ " set to " + settings);
		}
		return scsi.faultLevel(r.hba(), target, lun).plan().toMap();
	}

	@Deactivate
	void deactivate() {
		reconciler.shutdownNow();
		synchronized (this) {
			for (Running r : new ArrayList<>(running.values())) {
				remove(r);
			}
			running.clear();
		}
	}

	@Override
	public void configurationEvent(ConfigurationEvent event) {
		String factory = event.getFactoryPid();
		if (MachineConfig.HBA_FACTORY_PID.equals(factory) || MachineConfig.LUN_FACTORY_PID.equals(factory)) {
			try {
				reconciler.execute(this::reconcile);
			} catch (java.util.concurrent.RejectedExecutionException e) {
				// deactivated meanwhile
			}
		}
	}

	/** The HBAs running now, by name (for the shell). */
	public synchronized Map<String, SimulatedPciHba> hbas() {
		Map<String, SimulatedPciHba> m = new LinkedHashMap<>();
		running.forEach((n, r) -> m.put(n, r.hba()));
		return m;
	}

	/** The specification an HBA runs with, or null. */
	public synchronized HbaSpec spec(String hbaName) {
		Running r = running.get(hbaName);
		return r == null ? null : r.spec();
	}

	/** The LUNs an HBA runs with. */
	public synchronized List<LunSpec> luns(String hbaName) {
		Running r = running.get(hbaName);
		return r == null ? List.of() : r.luns();
	}

	/** Reads all configurations and makes the running machine match them. */
	synchronized void reconcile() {
		if (context == null) {
			return;
		}
		List<LunSpec> runningLuns = new ArrayList<>();
		running.values().forEach(r -> runningLuns.addAll(r.luns()));
		MachinePlanner.Plan plan = planner.plan(snapshot(list(MachineConfig.HBA_FACTORY_PID)),
				snapshot(list(MachineConfig.LUN_FACTORY_PID)),
				running.values().stream().map(Running::spec).toList(), runningLuns);
		plan.refusals().forEach(log::error);
		apply(plan.desired());
	}

	/** The configurations still there: one deleted since it was listed is skipped (its deletion event follows). */
	private static List<MachinePlanner.Snapshot> snapshot(Configuration[] configs) {
		List<MachinePlanner.Snapshot> out = new ArrayList<>();
		for (Configuration c : configs) {
			try {
				Dictionary<String, Object> props = c.getProperties();
				out.add(new MachinePlanner.Snapshot(c.getPid(), props == null ? null : map(props)));
			} catch (IllegalStateException deleted) {
				// deleted concurrently
			}
		}
		return out;
	}

	private static Map<String, Object> map(Dictionary<String, Object> props) {
		Map<String, Object> map = new HashMap<>();
		for (var keys = props.keys(); keys.hasMoreElements();) {
			String k = keys.nextElement();
			map.put(k, props.get(k));
		}
		return map;
	}

	private Configuration[] list(String factoryPid) {
		try {
			Configuration[] c = configurationAdmin.listConfigurations("(service.factoryPid=" + factoryPid + ")");
			return c == null ? new Configuration[0] : c;
		} catch (IOException | InvalidSyntaxException e) {
			log.error("cannot list configurations of " + factoryPid, e);
			return new Configuration[0];
		}
	}

	private void apply(MachineConfig.Machine desired) {
		Map<String, HbaSpec> want = new LinkedHashMap<>();
		desired.hbas().forEach(h -> want.put(h.name(), h));
		for (Running r : new ArrayList<>(running.values())) {
			HbaSpec w = want.get(r.spec().name());
			if (w == null || r.spec().hardwareDiffers(w)) {
				remove(r);
				running.remove(r.spec().name());
			}
		}
		for (HbaSpec h : want.values()) {
			List<LunSpec> luns = desired.luns().stream().filter(l -> l.hba().equals(h.name())).toList();
			Running r = running.get(h.name());
			if (r == null) {
				add(h, luns);
			} else if (!r.spec().equals(h) || !r.luns().equals(luns)) {
				try {
					binder.bind(r.hba(), h, luns);
					running.put(h.name(), new Running(h, r.hba(), r.registration(), luns));
				} catch (IllegalArgumentException e) {
					log.error("HBA " + h.name() + " (" + h.pid() + ") keeps its targets: " + e.getMessage());
				}
			}
		}
	}

	private void add(HbaSpec h, List<LunSpec> luns) {
		SimulatedPciHba hba = new SimulatedPciHba(h.name(), h.location(), h.identity(), h.maxQueueEntries(),
				h.interruptVectors(), h.targets(), h.initiatorId(), SimulatedPciHba.DEFAULT_IOVM_ENTRIES,
				new LogServiceLogger(log));
		try {
			binder.bind(hba, h, luns);
		} catch (IllegalArgumentException e) {
			log.error("HBA " + h.name() + " (" + h.pid() + ") not created: " + e.getMessage());
			return;
		}
		hba.start();
		Dictionary<String, Object> props = new Hashtable<>(hba.serviceProperties());
		ServiceRegistration<IOPCIDevice> reg = context.registerService(IOPCIDevice.class, hba, props);
		running.put(h.name(), new Running(h, hba, reg, luns));
		log.info("HBA " + h.name() + " at " + h.location() + " added (" + luns.size() + " LUNs)");
	}

	private void remove(Running r) {
		try {
			r.registration().unregister();
		} catch (IllegalStateException e) {
			// already gone with the bundle
		}
		r.hba().stop();
		binder.unbind(r.hba());
		log.info("HBA " + r.spec().name() + " at " + r.spec().location() + " removed");
	}
}
