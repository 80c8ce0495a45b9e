package org.hbakit.hba.sim.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The machine's reconcile decisions: a running device is never displaced by another configuration for its address,
 * name or location, whatever the PIDs' order, and each refusal is reported once per configuration change.
 */
class MachinePlannerTest {
	private static final String LUN = MachineConfig.LUN_FACTORY_PID + "~";
	private static final String HBA = MachineConfig.HBA_FACTORY_PID + "~";

	private final MachinePlanner planner = new MachinePlanner(new MachineConfig(f -> {
	}, Path.of("/data")), true);
	/** What "runs" after each plan, as the machine would apply it. */
	private MachineConfig.Machine running = new MachineConfig.Machine(List.of(), List.of());

	private static MachinePlanner.Snapshot config(String pid, Object... kv) {
		return new MachinePlanner.Snapshot(pid, MachineConfigTest.map(kv));
	}

	private MachinePlanner.Plan plan(List<MachinePlanner.Snapshot> hbas, List<MachinePlanner.Snapshot> luns) {
		MachinePlanner.Plan p = planner.plan(hbas, luns, running.hbas(), running.luns());
		running = p.desired();
		return p;
	}

	private LunSpec at(String address) {
		return running.luns().stream().filter(l -> l.address().equals(address)).findFirst().orElse(null);
	}

	@Test
	void aNewConfigurationForARunningLunsAddressIsRefusedWhateverThePidOrder() {
		MachinePlanner.Snapshot first = config(LUN + "zz-running", "hba", "hba0", "target", 2, "size", "64m");
		plan(List.of(), List.of(first));
		assertThat(at("hba0:2:0").sizeBytes()).isEqualTo(64L << 20);

		// "aa" sorts before "zz": by PID order it would win and shrink the running disk
		MachinePlanner.Snapshot second = config(LUN + "aa-new", "hba", "hba0", "target", 2, "size", "32m");
		MachinePlanner.Plan p = plan(List.of(), List.of(second, first));
		assertThat(at("hba0:2:0").pid()).isEqualTo(LUN + "zz-running");
		assertThat(at("hba0:2:0").sizeBytes()).isEqualTo(64L << 20);
		// the refusal names the new configuration, not the running one
		assertThat(p.refusals()).singleElement().asString()
				.startsWith("configuration " + LUN + "aa-new refused: property 'lun'")
				.contains("already configured by " + LUN + "zz-running");

		// when the running one goes, the waiting one takes the address
		plan(List.of(), List.of(second));
		assertThat(at("hba0:2:0").pid()).isEqualTo(LUN + "aa-new");
	}

	@Test
	void aRunningLunMovedOntoAnotherRunningLunsAddressKeepsItsRunningVersion() {
		MachinePlanner.Snapshot a = config(LUN + "a", "hba", "hba0", "target", 2, "size", "1m");
		MachinePlanner.Snapshot b = config(LUN + "b", "hba", "hba0", "target", 3, "size", "2m");
		plan(List.of(), List.of(a, b));
		MachinePlanner.Plan p = plan(List.of(), List.of(config(LUN + "a", "hba", "hba0", "target", 3, "size",
				"1m"), b));
		assertThat(at("hba0:3:0").pid()).isEqualTo(LUN + "b");
		assertThat(at("hba0:2:0").pid()).isEqualTo(LUN + "a");
		assertThat(p.refusals()).singleElement().asString().startsWith("configuration " + LUN + "a refused");
	}

	@Test
	void aDefaultMachineLunIsNotDisplacedByAConfiguredOne() {
		MachinePlanner.Plan p = plan(List.of(), List.of(config(LUN + "a", "hba", "hba0", "target", 0, "size",
				"1m")));
		assertThat(at("hba0:0:0").pid()).isEqualTo("default");
		assertThat(p.refusals()).singleElement().asString().contains("already configured by default");
	}

	@Test
	void aNewHbaConfigurationWithARunningHbasNameOrLocationIsRefusedWhateverThePidOrder() {
		MachinePlanner.Snapshot zz = config(HBA + "zz", "name", "hbaX", "location", "pci0000:00:09.0");
		plan(List.of(zz), List.of());
		MachinePlanner.Snapshot sameName = config(HBA + "aa", "name", "hbaX", "location", "pci0000:00:0a.0");
		MachinePlanner.Snapshot sameLocation = config(HBA + "ab", "name", "hbaY", "location", "pci0000:00:09.0");
		MachinePlanner.Plan p = plan(List.of(sameName, sameLocation, zz), List.of());
		assertThat(running.hbas()).extracting(HbaSpec::pid).containsExactly(HBA + "zz");
		assertThat(p.refusals()).hasSize(2).allMatch(m -> !m.startsWith("configuration " + HBA + "zz"));
	}

	@Test
	void aRunningHbaMovedOntoAnotherRunningHbasLocationKeepsItsRunningVersion() {
		MachinePlanner.Snapshot x = config(HBA + "x", "name", "hbaX", "location", "pci0000:00:09.0");
		MachinePlanner.Snapshot y = config(HBA + "y", "name", "hbaY", "location", "pci0000:00:0a.0");
		plan(List.of(x, y), List.of());
		MachinePlanner.Plan p = plan(List.of(x, config(HBA + "y", "name", "hbaY", "location", "pci0000:00:09.0")),
				List.of());
		assertThat(running.hbas()).extracting(HbaSpec::name, HbaSpec::location).containsExactlyInAnyOrder(
				org.assertj.core.groups.Tuple.tuple("hbaX", "pci0000:00:09.0"),
				org.assertj.core.groups.Tuple.tuple("hbaY", "pci0000:00:0a.0"));
		assertThat(p.refusals()).singleElement().asString().startsWith("configuration " + HBA + "y refused");
	}

	@Test
	void anInvalidUpdateKeepsTheLastValidVersion() {
		plan(List.of(), List.of(config(LUN + "a", "hba", "hba0", "target", 2, "size", "1m")));
		MachinePlanner.Plan p = plan(List.of(), List.of(config(LUN + "a", "hba", "hba0", "target", 2, "size",
				"-5")));
		assertThat(at("hba0:2:0").sizeBytes()).isEqualTo(1L << 20);
		assertThat(p.refusals()).singleElement().asString().contains("'size'");
	}

	@Test
	void eachRefusalIsReportedOncePerConfigurationChange() {
		List<String> logged = new ArrayList<>();
		MachinePlanner.Snapshot unknownHba = config(LUN + "u", "hba", "hba9", "target", 0, "size", "1m");
		MachinePlanner.Snapshot other = config(LUN + "o", "hba", "hba0", "target", 3, "size", "1m");
		// reconciles on every configuration event, of this configuration or any other
		for (int i = 0; i < 23; i++) {
			logged.addAll(plan(List.of(), List.of(unknownHba, config(LUN + "o", "hba", "hba0", "target", 3,
					"size", (1 + i) + "m"))).refusals());
		}
		assertThat(logged).singleElement().asString().contains("no HBA named 'hba9'");

		// a change of the refused configuration is reported again, once, even with the same reason
		MachinePlanner.Snapshot changed = config(LUN + "u", "hba", "hba9", "target", 0, "size", "2m");
		assertThat(plan(List.of(), List.of(changed, other)).refusals()).hasSize(1);
		assertThat(plan(List.of(), List.of(changed, other)).refusals()).isEmpty();

		// the same values read again — whatever Config Admin's change count says by then (it is read apart from the
		// properties, so a reconcile racing an update could pair the old values with the new count): not a change
		MachinePlanner.Snapshot torn = config(LUN + "u", "hba", "hba9", "target", 0, "size", "2m");
		assertThat(plan(List.of(), List.of(torn, other)).refusals()).isEmpty();

		// a refusal that went away and came back is reported again
		MachinePlanner.Snapshot hba9 = config(HBA + "9", "name", "hba9", "location", "pci0000:00:09.0");
		assertThat(plan(List.of(hba9), List.of(changed)).refusals()).isEmpty();
		assertThat(plan(List.of(), List.of(changed)).refusals()).singleElement().asString()
				.contains("no HBA named 'hba9'");
	}

	@Test
	void aConfigurationWithoutPropertiesYetAddsNothing() {
		MachinePlanner.Plan p = planner.plan(List.of(), List.of(new MachinePlanner.Snapshot(LUN + "e", null)),
				List.of(), List.of());
		assertThat(p.refusals()).isEmpty();
		assertThat(p.desired().luns()).extracting(LunSpec::pid).containsOnly("default");
	}

	@Test
	void anHbaThatKeepsTheDefaultMachineIsAddedBesideIt() {
		MachinePlanner.Snapshot beside = config(HBA + "kit", "name", "kit", "location", "pci0000:00:1f.0",
				"default.machine", "keep");
		plan(List.of(beside), List.of(config(LUN + "kit", "hba", "kit", "target", 0, "size", "1m")));
		assertThat(running.hbas()).extracting(HbaSpec::name).containsExactlyInAnyOrder("hba0", "hba1", "hba2", "kit");
		assertThat(at("kit:0:0")).isNotNull();
		assertThat(at("hba0:0:0")).isNotNull();

		// one HBA that replaces it is enough to take the default machine away
		MachinePlanner.Snapshot replacing = config(HBA + "own", "name", "own", "location", "pci0000:00:1e.0");
		plan(List.of(beside, replacing), List.of());
		assertThat(running.hbas()).extracting(HbaSpec::name).containsExactlyInAnyOrder("kit", "own");
	}

	@Test
	void aDefaultMachineValueOtherThanKeepOrReplaceIsRefused() {
		MachinePlanner.Plan p = plan(List.of(config(HBA + "x", "name", "x", "location", "pci0000:00:1f.0",
				"default.machine", "maybe")), List.of());
		assertThat(p.refusals()).singleElement().asString().contains("property 'default.machine'");
	}
}
