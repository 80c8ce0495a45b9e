package org.hbakit.bridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.registry.DeviceInfo;
import org.hbakit.controller.api.registry.DeviceState;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against an in-memory host that completes on its own threads, well-behaved and not. */
class BenchRunnerTest {
	static final String HBA0 = "0000:01:00.0";
	static final String HBA1 = "0000:02:00.0";

	FakeHost host;
	FakeRegistry registry;
	ByteArrayOutputStream output;
	List<BenchLun> luns;

	@BeforeEach
	void setUp() {
		host = new FakeHost();
		registry = new FakeRegistry();
		registry.pathByLocation.put(HBA0, "bundled");
		registry.pathByLocation.put(HBA1, "bundled");
		output = new ByteArrayOutputStream();
		luns = new ArrayList<>(List.of( //
				new FakeLun("hba1:0:0", 512, 2048).bench(HBA1, "hba1", false), //
				new FakeLun("hba0:0:1", 512, 2048).bench(HBA0, "hba0", false), //
				new FakeLun("hba0:0:0", 512, 2048).bench(HBA0, "hba0", false)));
	}

	BenchRunner runner(Swapper swapper) {
		return new BenchRunner(host, registry, null, swapper, new PrintStream(output, true, StandardCharsets.UTF_8),
				false).lunsPerThread(1).drainTimeout(Duration.ofSeconds(5));
	}

	BenchReport run(String... args) throws InterruptedException {
		return runner(null).run(BenchOptions.parse(args), luns);
	}

	@Test
	void jobsDriveOneUnitSideBySideAndReportPerJobAndTotalFigures() throws Exception {
		// two jobs verifying one unit: each writes and checks its own slice, so neither sees the other's writes
		BenchReport r = run("--rw", "randrw", "--bs", "4k", "--qd", "4", "--seconds", "0.4", "--warmup", "0.1",
				"--verify", "--jobs", "2", "--luns", "hba0:0:0");
		assertThat(r.failed()).as(r.toText()).isFalse();
		assertThat(r.verified()).isPositive();
		assertThat(r.jobs()).extracting(JobFigures::job).containsExactly(0, 1);
		assertThat(r.jobs()).allSatisfy(j -> assertThat(j.ios()).isPositive());
		assertThat(r.jobs().stream().mapToLong(JobFigures::ios).sum()).isEqualTo(r.ios());
		assertThat(host.queuesCreated.get()).isEqualTo(2); // one worker (and queue) per job
		assertThat(r.toJson()).contains("\"jobs\":2,\"per_job\":[{\"job\":0,");
		assertThat(r.toText()).contains("jobs=2", "job 0", "job 1");
	}

	@Test
	void jobsNeedASliceOfEachUnitToVerify() {
		// 2048 blocks of 512 bytes hold 16 blocks of 64 KiB: 32 jobs cannot each have one
		assertThatIllegalArgumentException().isThrownBy(() -> run("--rw", "randrw", "--bs", "64k", "--qd", "1",
				"--seconds", "0.1", "--verify", "--jobs", "32", "--luns", "hba0:0:0"))
				.withMessageContaining("--jobs 32");
	}

	@Test
	void verifiedMixedWorkloadIsClean() throws Exception {
		BenchReport r = run("--rw", "randrw", "--bs", "4k", "--qd", "8", "--seconds", "0.4", "--warmup", "0.1",
				"--verify");
		assertThat(r.failed()).as(r.toText()).isFalse();
		assertThat(r.lunNames()).containsExactly("hba0:0:0", "hba0:0:1", "hba1:0:0");
		assertThat(r.ios()).isPositive();
		assertThat(r.verified()).isPositive();
		assertThat(r.errors()).isZero();
		assertThat(r.corrupted()).isZero();
		assertThat(r.lost()).isZero();
		assertThat(r.duplicated()).isZero();
		assertThat(r.latP50Us()).isPositive();
		assertThat(r.latMaxUs()).isGreaterThanOrEqualTo(r.latP99Us());
		assertThat(r.path()).isEqualTo("bundled");
		assertThat(host.queuesCreated.get()).isEqualTo(3); // one queue per worker, one worker per unit here
		assertThat(host.allTerminated()).isTrue();
		// progress lines, plain (not a terminal)
		assertThat(output.toString(StandardCharsets.UTF_8)).doesNotContain("\r");
	}

	@Test
	void verifiedSequentialReadsCheckThePrefill() throws Exception {
		BenchReport r = runner(null).lunsPerThread(3).run(
				BenchOptions.parse("--rw", "read", "--bs", "1k", "--qd", "4", "--seconds", "0.2", "--warmup", "0",
						"--verify", "--luns", "2", "--size", "256k"),
				luns);
		assertThat(r.failed()).as(r.toText()).isFalse();
		assertThat(r.verified()).isPositive();
		assertThat(host.queuesCreated.get()).isEqualTo(1);
	}

	@Test
	void corruptedReadsAreDetected() throws Exception {
		host.corruptReadEvery = 50;
		BenchReport r = run("--rw", "randrw", "--qd", "4", "--seconds", "0.3", "--warmup", "0", "--verify");
		assertThat(r.corrupted()).isPositive();
		assertThat(r.failed()).isTrue();
		assertThat(r.toJson()).doesNotContain("\"corrupted\":0}");
	}

	@Test
	void aBlockThatNeverChangesIsNotCorrupted() throws Exception {
		// reads-only with verify: every read must match the prefill
		BenchReport r = run("--rw", "randread", "--qd", "16", "--seconds", "0.3", "--warmup", "0", "--verify");
		assertThat(r.failed()).as(r.toText()).isFalse();
		assertThat(r.verified()).isPositive();
	}

	@Test
	void duplicatedCompletionsAreCountedAndIgnored() throws Exception {
		host.duplicateEvery = 100;
		BenchReport r = run("--rw", "randrw", "--qd", "4", "--seconds", "0.3", "--warmup", "0", "--verify");
		assertThat(r.duplicated()).isPositive();
		assertThat(r.corrupted()).as("a duplicate must not be taken for another request").isZero();
		assertThat(r.lost()).isZero();
		assertThat(r.failed()).isTrue();
	}

	@Test
	void aRequestThatNeverCompletesIsLost() throws Exception {
		host.loseRequest = 10;
		BenchReport r = runner(null).drainTimeout(Duration.ofMillis(300))
				.run(BenchOptions.parse("--qd", "4", "--seconds", "0.2", "--warmup", "0"), luns);
		assertThat(r.lost()).isEqualTo(1);
		assertThat(r.duplicated()).isZero();
		assertThat(r.failed()).isTrue();
		assertThat(r.summary()).contains("lost=1");
	}

	@Test
	void completionsThatAreNotGoodAreErrors() throws Exception {
		host.failEvery = 20;
		BenchReport r = run("--rw", "randwrite", "--qd", "4", "--seconds", "0.2", "--warmup", "0", "--verify");
		assertThat(r.errors()).isPositive();
		assertThat(r.corrupted()).isZero();
		assertThat(r.failed()).isTrue();
	}

	@Test
	void swapsAreTimedByTheGapBetweenCompletions() throws Exception {
		List<String> swapped = new CopyOnWriteArrayList<>();
		Swapper holdTasks = location -> {
			host.pause();
			try {
				// the swap's work: the device completes nothing for 30 ms
				TimeUnit.MILLISECONDS.sleep(30);
			} finally {
				host.resume();
			}
			swapped.add(location);
			return "swapped " + location;
		};
		BenchReport r = runner(holdTasks).run(BenchOptions.parse("--rw", "randrw", "--qd", "8", "--seconds", "0.6",
				"--warmup", "0.05", "--verify", "--swap-every", "100"), luns);
		assertThat(r.failed()).as(r.toText()).isFalse();
		assertThat(r.swaps()).isGreaterThanOrEqualTo(2).isEqualTo(swapped.size());
		assertThat(swapped).contains(HBA0, HBA1);
		assertThat(r.swapPauseMaxUs()).isGreaterThanOrEqualTo(30_000);
		assertThat(r.swapPauseP50Us()).isGreaterThanOrEqualTo(30_000).isLessThanOrEqualTo(r.swapPauseMaxUs());
		assertThat(r.toJson()).contains("\"swaps\":" + r.swaps() + ",");
	}

	@Test
	void swapsInTheWarmupWarmTheSwapPathUpAndAreNotCounted() throws Exception {
		List<String> swapped = new CopyOnWriteArrayList<>();
		Swapper swapper = location -> {
			swapped.add(location);
			return "swapped " + location;
		};
		BenchReport r = runner(swapper).run(BenchOptions.parse("--rw", "randread", "--qd", "4", "--seconds", "0.35",
				"--warmup", "0.45", "--swap-every", "100"), luns);
		assertThat(r.failed()).as(r.toText()).isFalse();
		assertThat(r.swaps()).as("%s made", swapped).isPositive().isLessThan(swapped.size());
	}

	@Test
	void aSwapFailingInTheWarmupStillFailsTheRun() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		Swapper firstFails = location -> {
			if (calls.getAndIncrement() == 0) {
				throw new IllegalStateException("no controller could start");
			}
			return "swapped " + location;
		};
		BenchReport r = runner(firstFails).run(BenchOptions.parse("--qd", "2", "--seconds", "0.2", "--warmup", "0.25",
				"--swap-every", "100"), luns);
		assertThat(r.swapFailures()).isEqualTo(1);
		assertThat(r.failed()).isTrue();
	}

	@Test
	void aFailingSwapFailsTheRun() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		Swapper failing = location -> {
			calls.incrementAndGet();
			throw new IllegalStateException("no controller could start");
		};
		BenchReport r = runner(failing).run(
				BenchOptions.parse("--qd", "2", "--seconds", "0.3", "--warmup", "0", "--swap-every", "100"), luns);
		assertThat(calls.get()).isPositive();
		assertThat(r.swapFailures()).isEqualTo(calls.get());
		assertThat(r.swaps()).isZero();
		assertThat(r.failed()).isTrue();
		assertThat(r.notes()).anyMatch(n -> n.contains("no controller could start"));
	}

	@Test
	void failedCompletionsCountOnlyAsErrorsNeverAsIoOrLatency() throws Exception {
		host.failEvery = 1;
		BenchReport r = run("--rw", "randread", "--qd", "4", "--seconds", "0.2", "--warmup", "0");
		assertThat(r.errors()).isPositive();
		assertThat(r.ios()).isZero();
		assertThat(r.iops()).isZero();
		assertThat(r.latP50Us()).isZero();
		assertThat(r.latMaxUs()).isZero();
		assertThat(r.mbps()).isZero();
	}

	@Test
	void aGoodCompletionWithAResidualIsNotCorruption() throws Exception {
		host.shortEvery = 7;
		BenchReport r = run("--rw", "randrw", "--bs", "4k", "--qd", "4", "--seconds", "0.3", "--warmup", "0",
				"--verify");
		assertThat(r.shortTransfers()).isPositive();
		assertThat(r.corrupted()).as(r.toText()).isZero();
		assertThat(r.errors()).isZero();
		assertThat(r.verified()).isPositive();
		assertThat(r.toJson()).contains("\"short_transfers\":" + r.shortTransfers() + ",");
	}

	@Test
	void aUnitWithdrawnDuringTheRunIsLeftAloneReportedAndTakenUpAgainWhenPublished() throws Exception {
		LiveUnits live = new LiveUnits();
		FakeLun hba1 = (FakeLun) luns.get(0).unit();
		FakeLun again = new FakeLun("hba1:0:0", 512, 2048);
		Thread operator = new Thread(() -> {
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> host.requestsTo(hba1) > 100);
			live.withdrawn("hba1:0:0", hba1);
			long before = host.requestsTo(hba1);
			Awaitility.await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
					.until(() -> host.requestsTo(hba1) == before); // nothing goes to the withdrawn unit
			live.published("hba1:0:0", again);
		});
		operator.start();
		BenchReport r = runner(null).run(BenchOptions.parse("--rw", "randread", "--qd", "4", "--seconds", "1.5",
				"--warmup", "0"), luns, live);
		operator.join();
		assertThat(r.unitsLost()).containsExactly("hba1:0:0");
		assertThat(r.unitsBack()).containsExactly("hba1:0:0");
		assertThat(host.requestsTo(again)).as("the republished unit is used again").isPositive();
		assertThat(r.failed()).isTrue();
		assertThat(r.toJson()).contains("\"units_lost\":[\"hba1:0:0\"]");
	}

	@Test
	void aSwapThatLeavesTheHbaUnboundIsAFailedSwap() throws Exception {
		registry.rematchOutcome = "no controller could start on hba0: nothing matched";
		registry.devices.add(new DeviceInfo(HBA0, "hba0", 0, 0, 0, DeviceState.UNMATCHED, "", "", "nothing matched"));
		registry.devices.add(new DeviceInfo(HBA1, "hba1", 0, 0, 0, DeviceState.UNMATCHED, "", "", "nothing matched"));
		BenchReport r = run("--qd", "2", "--seconds", "0.3", "--warmup", "0", "--swap-every", "100");
		assertThat(r.swaps()).isZero();
		assertThat(r.swapFailures()).isPositive();
		assertThat(r.failed()).isTrue();
		assertThat(r.notes()).anyMatch(n -> n.contains("UNMATCHED after its swap"));
	}

	@Test
	void deploymentsAlternateTwoBuildsAndArePausedAndRemovedAfterTheRun(@TempDir Path dir) throws Exception {
		Path jar = dir.resolve("ctl.jar");
		Manifest m = new Manifest();
		m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		m.getMainAttributes().putValue("Bundle-SymbolicName", "com.example.ctl;singleton:=true");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
			out.putNextEntry(new JarEntry("Info.plist"));
			out.write("<plist/>".getBytes(StandardCharsets.UTF_8));
			out.closeEntry();
		}
		List<String> deployed = new CopyOnWriteArrayList<>();
		List<String> removed = new CopyOnWriteArrayList<>();
		Deployer deployer = new Deployer() {
			@Override
			public String deploy(String fileName, byte[] bytes) throws Exception {
				host.pause();
				try {
					TimeUnit.MILLISECONDS.sleep(30); // the deployment's swap: nothing completes for 30 ms
				} finally {
					host.resume();
				}
				deployed.add(fileName + "=" + Arrays.hashCode(bytes));
				return "deployed";
			}

			@Override
			public String remove(String fileName) {
				removed.add(fileName);
				return "removed";
			}
		};
		BenchReport r = runner(null).deployer(deployer).run(BenchOptions.parse("--rw", "randrw", "--qd", "8",
				"--seconds", "0.6", "--warmup", "0.05", "--verify", "--deploy-every", "100", jar.toString()), luns);
		assertThat(r.failed()).as(r.toText()).isFalse();
		assertThat(r.deploys().count()).isGreaterThanOrEqualTo(3).isEqualTo(deployed.size());
		assertThat(deployed).allMatch(d -> d.startsWith("hba-bench-com.example.ctl.jar="));
		// two builds of one jar, alternated
		assertThat(deployed.get(0)).isNotEqualTo(deployed.get(1)).isEqualTo(deployed.get(2));
		assertThat(r.deploys().pauseMaxUs()).isGreaterThanOrEqualTo(30_000);
		assertThat(removed).containsExactly("hba-bench-com.example.ctl.jar");
		assertThat(r.toJson()).contains("\"deploys\":" + r.deploys().count() + ",");
	}

	@Test
	void deployEveryWithoutADeployFolderIsRefused() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> run("--seconds", "0.1", "--deploy-every", "100", "missing.jar"))
				.withMessageContaining("no deploy folder");
	}

	@Test
	void nullUnitsOnlyWithNull() throws Exception {
		assertThatIllegalArgumentException().isThrownBy(() -> run("--null", "--seconds", "0.1"))
				.withMessageContaining("no logical unit is published with scsi.null=true");
		luns.add(new FakeLun("hba0:0:9", 512, 2048).bench(HBA0, "hba0", true));
		BenchReport r = run("--null", "--seconds", "0.1", "--warmup", "0", "--qd", "2");
		assertThat(r.lunNames()).containsExactly("hba0:0:9");
		BenchReport normal = run("--seconds", "0.1", "--warmup", "0", "--qd", "2");
		assertThat(normal.lunNames()).doesNotContain("hba0:0:9");
		assertThatIllegalArgumentException().isThrownBy(() -> run("--luns", "hba0:0:9", "--seconds", "0.1"))
				.withMessageContaining("a null unit (scsi.null=true): add --null");
	}

	@Test
	void pathIsRequestedAndReportedFromTheBindings() throws Exception {
		assertThatIllegalArgumentException().isThrownBy(() -> run("--path", "parallel", "--seconds", "0.1"))
				.withMessageContaining("no path switcher");
		List<String> requests = new CopyOnWriteArrayList<>();
		PathSwitcher switcher = (location, path) -> {
			requests.add(location + "=" + path);
			if (location.equals(HBA0)) {
				registry.pathByLocation.put(location, path); // hba1's controller declines
			}
		};
		BenchReport r = new BenchRunner(host, registry, switcher, null,
				new PrintStream(output, true, StandardCharsets.UTF_8), false)
				.run(BenchOptions.parse("--path", "parallel", "--seconds", "0.1", "--warmup", "0", "--qd", "2"), luns);
		assertThat(requests).containsExactlyInAnyOrder(HBA0 + "=parallel", HBA1 + "=parallel");
		assertThat(registry.quiescenceCalls).isEqualTo(1);
		assertThat(r.path()).isEqualTo("hba0=parallel,hba1=bundled");
		assertThat(r.notes()).anyMatch(n -> n.contains("--path parallel requested"));
	}

	@Test
	void blockSizeIsCheckedAgainstTheUnits() {
		luns.add(new FakeLun("hba2:0:0", 4096, 256).bench("0000:03:00.0", "hba2", false));
		assertThatIllegalArgumentException().isThrownBy(() -> run("--bs", "3k", "--luns", "hba2:0:0"))
				.withMessage("--bs 3k is not a multiple of the block size 4096 of hba2:0:0");
		assertThat(host.queuesCreated.get()).isZero();
	}

	@Test
	void jsonModePrintsNoProgress() throws Exception {
		BenchReport r = run("--seconds", "1.2", "--warmup", "0", "--qd", "2", "--json");
		assertThat(output.toString(StandardCharsets.UTF_8)).isEmpty();
		assertThat(r.toJson()).startsWith("{\"iops\":");
	}

	@Test
	void progressOverwritesOneLineOnATerminal() throws Exception {
		new BenchRunner(host, registry, null, null, new PrintStream(output, true, StandardCharsets.UTF_8), true)
				.run(BenchOptions.parse("--seconds", "1.2", "--warmup", "0", "--qd", "2"), luns);
		String printed = output.toString(StandardCharsets.UTF_8);
		assertThat(printed).startsWith("\r").contains("IOPS").endsWith(System.lineSeparator());
	}
}
