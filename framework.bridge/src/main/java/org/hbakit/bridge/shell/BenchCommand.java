package org.hbakit.bridge.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.service.command.Descriptor;
import org.hbakit.bridge.bench.BenchLun;
import org.hbakit.bridge.bench.BenchOptions;
import org.hbakit.bridge.bench.BenchReport;
import org.hbakit.bridge.bench.BenchRunner;
import org.hbakit.bridge.bench.Deployer;
import org.hbakit.bridge.bench.LiveUnits;
import org.hbakit.bridge.bench.PathSwitcher;
import org.hbakit.bridge.bench.Swapper;
import org.hbakit.controller.api.client.IOHost;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code hba:bench [options…]}: runs a {@link BenchRunner} workload on the published logical units and prints
 * its report ({@code --json}: one JSON line). Called by Gogo on the session's thread, which it blocks for the
 * run; progress and report go to {@code System.out}, which Gogo routes to the session. A run with errors, lost,
 * duplicated or corrupted I/O, or a failed swap, ends with an exception carrying the summary, so
 * {@code java -jar hbakit.jar hba:bench …} exits non-zero.
 * <p>
 * Services: {@link IOHost} (mandatory), every {@link SCSILogicalUnit} with its properties, and optionally
 * {@link IOKitRegistry} (paths, quiescence, default swapper), {@link PathSwitcher} (for {@code --path}) and
 * {@link Swapper} (overrides rematching for {@code --swap-every}) and {@link Deployer} (the deploy folder, for
 * {@code --deploy-every}); all dynamic, so a swap or a new unit never restarts the command. A unit withdrawn
 * during a run is left alone until it is published again under its name ({@link LiveUnits}), and reported. Units whose service has {@code scsi.null=true} are null units, used only with
 * {@code --null}.
 */
@Component(service = BenchCommand.class)
@GogoCommand(scope = "hba", function = "bench")
public class BenchCommand {
	@Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	private volatile IOHost host;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	private volatile IOKitRegistry registry;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	private volatile PathSwitcher pathSwitcher;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	private volatile Swapper swapper;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	private volatile Deployer deployer;

	private final Map<SCSILogicalUnit, Map<String, Object>> units = new ConcurrentHashMap<>();
	/** The units as published now, for runs in progress: a withdrawn unit is left alone until it is back. */
	private final LiveUnits live = new LiveUnits();

	/** DS: a logical unit appeared (or its properties changed). */
	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY, unbind = "removeUnit", updated = "updateUnit")
	void addUnit(SCSILogicalUnit unit, Map<String, Object> properties) {
		units.put(unit, Map.copyOf(properties));
		live.published(name(unit, properties), unit);
	}

	/** DS: a logical unit's properties changed. */
	void updateUnit(SCSILogicalUnit unit, Map<String, Object> properties) {
		units.put(unit, Map.copyOf(properties));
	}

	/** DS: a logical unit went away. */
	void removeUnit(SCSILogicalUnit unit) {
		Map<String, Object> properties = units.remove(unit);
		if (properties != null) {
			live.withdrawn(name(unit, properties), unit);
		}
	}

	/**
	 * The command.
	 *
	 * @throws IllegalArgumentException for bad options (nothing was run)
	 * @throws IllegalStateException    with the summary if the run failed
	 */
	@Descriptor("run a workload on logical units and report IOPS, MB/s and latency (hba:bench --help for options)")
	public void bench(@Descriptor("options, e.g. --rw randread --bs 4k --qd 32 --seconds 10") String... args)
			throws Exception {
		if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
			System.out.print(BenchOptions.USAGE);
			return;
		}
		BenchOptions options = BenchOptions.parse(args);
		IOHost h = host;
		if (h == null) {
			throw new IllegalStateException("hba:bench: the framework's IOHost is not available");
		}
		BenchRunner runner = new BenchRunner(h, registry, pathSwitcher, swapper, System.out,
				!options.json() && Terminals.interactive()).deployer(deployer);
		BenchReport report = runner.run(options, publishedUnits(), live);
		if (options.json()) {
			System.out.println(report.toJson());
		} else {
			System.out.print(report.toText());
		}
		System.out.flush();
		if (report.failed()) {
			throw new IllegalStateException(report.summary());
		}
	}

	private List<BenchLun> publishedUnits() {
		List<BenchLun> out = new ArrayList<>();
		units.forEach((unit, p) -> {
			out.add(new BenchLun(unit, name(unit, p),
					String.valueOf(p.get(SCSILogicalUnit.HBA_LOCATION)), String.valueOf(p.get(SCSILogicalUnit.HBA_NAME)),
					isTrue(p.get(BenchOptions.NULL_PROPERTY))));
		});
		return out;
	}

	private static String name(SCSILogicalUnit unit, Map<String, Object> properties) {
		Object name = properties.get(SCSILogicalUnit.UNIT_NAME);
		return name != null ? name.toString() : unit.name();
	}

	private static boolean isTrue(Object value) {
		return value instanceof Boolean b ? b : value != null && "true".equalsIgnoreCase(value.toString().trim());
	}
}
