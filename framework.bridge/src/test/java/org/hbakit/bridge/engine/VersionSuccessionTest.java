package org.hbakit.bridge.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.hbakit.bridge.supervisor.Candidate;
import org.hbakit.bridge.supervisor.DeviceSupervisor;
import org.hbakit.bridge.supervisor.SwapRecord;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.registry.DeviceState;
import org.hbakit.controller.api.registry.MatchInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * IOKit's version rule on running devices: among controllers of one bundle identifier the newest matches, a newer
 * arrival takes over the devices its older version drives (the ordinary swap), an operator may name an older one,
 * and a withheld (retiring) bundle hands its devices over, or keeps them when nothing else can drive them.
 */
class VersionSuccessionTest {
	private static final EngineSettings FAST = EngineSettings.of(1000, 30, 500, 500, 1000, 4)
			.withControllerCallTimeoutMs(500).withStartRetry(50, 200);
	private static final String BSN = "com.example.ctl";
	private static final byte[] TEST_UNIT_READY = new byte[6];
	private final EngineHarness harness = new EngineHarness(FAST);

	@AfterEach
	void tearDown() {
		harness.close();
	}

	private DeviceSupervisor device(String hba) throws InterruptedException {
		DeviceSupervisor s = harness.device(new FakeDevice("pci-" + hba), hba);
		assertThat(s.state()).as(s.reason()).isEqualTo(DeviceState.BOUND);
		return s;
	}

	private static void awaitVersion(DeviceSupervisor s, String version) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(s.state()).isEqualTo(DeviceState.BOUND);
			assertThat(s.personality().bundleVersion()).isEqualTo(version);
		});
	}

	private SCSITaskResult testUnitReady(String hba) throws InterruptedException {
		return harness.unit(hba).execute(TEST_UNIT_READY, 6, null, 0, 2000);
	}

	@Test
	void theNewestVersionMatchesAndTheOthersShowAsSuperseded() throws Exception {
		harness.offerVersion(BSN, "1.2.0", () -> new SoftwareController(true));
		harness.offerVersion(BSN, "1.10.0", () -> new SoftwareController(true));
		harness.offerVersion(BSN, "1.9.9", () -> new SoftwareController(true));
		DeviceSupervisor s = device("hba1");
		assertThat(s.personality().bundleVersion()).isEqualTo("1.10.0"); // numerically, not as text
		List<MatchInfo> now = s.matchesNow(harness.bridge.candidates().usable().stream().map(Candidate::personality)
				.toList());
		assertThat(now).as("%s / %s", now, harness.bridge.candidates().unavailable()).filteredOn(m -> m.outcome().equals("unavailable")).hasSize(2)
				.allSatisfy(m -> assertThat(m.reason()).startsWith("superseded by 1.10.0"));
	}

	@Test
	void aNewerArrivalMovesTheDevicesItsOlderVersionDrivesUnderLoad() throws Exception {
		harness.offerVersion(BSN, "1.0.0", () -> new SoftwareController(true));
		DeviceSupervisor hba1 = device("hba1");
		DeviceSupervisor hba2 = device("hba2");
		CompletableFuture<SCSITaskResult> during = harness.unit("hba1").submit(TEST_UNIT_READY, 6, null, 0, 5000)
				.toCompletableFuture();
		harness.offerVersion(BSN, "1.1.0", () -> new SoftwareController(true));
		awaitVersion(hba1, "1.1.0");
		awaitVersion(hba2, "1.1.0");
		assertThat(during.get(5, TimeUnit.SECONDS).isGood()).isTrue();
		assertThat(testUnitReady("hba1").isGood()).isTrue();
		SwapRecord swap = hba1.swaps().get(hba1.swaps().size() - 1);
		assertThat(swap.reason()).contains("superseded by 1.1.0");
		assertThat(swap.to()).contains("1.1.0");
	}

	/**
	 * The devices a new version takes over move one at a time (MoveTurns): while the first one's new controller is
	 * held in its Start, the other two have processed their matching message and still run the old version; they
	 * move once it is done. Made all at once, three swaps share the machine's cores and pause their clients longer.
	 */
	@Test
	void theDevicesANewVersionTakesOverMoveOneAtATime() throws Exception {
		try (EngineHarness h = new EngineHarness(FAST.withControllerCallTimeoutMs(10_000))) {
			h.offerVersion(BSN, "1.0.0", () -> new SoftwareController(true));
			List<DeviceSupervisor> devices = new java.util.ArrayList<>();
			for (String hba : List.of("hba1", "hba2", "hba3")) {
				devices.add(h.device(new FakeDevice("pci-" + hba), hba));
			}
			java.util.concurrent.CountDownLatch firstStarting = new java.util.concurrent.CountDownLatch(1);
			java.util.concurrent.CountDownLatch letFirstGo = new java.util.concurrent.CountDownLatch(1);
			java.util.concurrent.atomic.AtomicReference<String> first = new java.util.concurrent.atomic.AtomicReference<>();
			AtomicInteger starting = new AtomicInteger();
			AtomicInteger mostAtOnce = new AtomicInteger();
			h.offerVersion(BSN, "1.1.0", () -> new SoftwareController(true) {
				@Override
				public int start(org.hbakit.controller.api.pci.IOPCIDevice provider,
						org.hbakit.controller.api.IOSCSIParallelFamily family) {
					mostAtOnce.accumulateAndGet(starting.incrementAndGet(), Math::max);
					try {
						if (first.compareAndSet(null, provider.location())) {
							firstStarting.countDown();
							letFirstGo.await(10, TimeUnit.SECONDS);
						}
						return super.start(provider, family);
					} catch (InterruptedException e) {
						Thread.currentThread().interrupt();
						return IOReturn.kIOReturnAborted;
					} finally {
						starting.decrementAndGet();
					}
				}
			});
			assertThat(firstStarting.await(10, TimeUnit.SECONDS)).isTrue();
			for (DeviceSupervisor s : devices) {
				if (!first.get().endsWith(s.name())) {
					s.barrier().get(10, TimeUnit.SECONDS); // it has seen the new version and not moved
					assertThat(s.personality().bundleVersion()).isEqualTo("1.0.0");
				}
			}
			assertThat(mostAtOnce.get()).isEqualTo(1);
			letFirstGo.countDown();
			devices.forEach(s -> awaitVersion(s, "1.1.0"));
			assertThat(mostAtOnce.get()).as("new controllers starting at once").isEqualTo(1);
		}
	}

	@Test
	void aRebuildOfTheSameVersionInstalledLaterTakesOver() throws Exception {
		harness.offerVersion(BSN, "1.0.0", () -> new SoftwareController(true));
		DeviceSupervisor s = device("hba1");
		long first = s.personality().bundleId();
		harness.offerVersion(BSN, "1.0.0", () -> new SoftwareController(true));
		Awaitility.await().atMost(Duration.ofSeconds(10))
				.until(() -> s.state() == DeviceState.BOUND && s.personality().bundleId() != first);
	}

	@Test
	void anOperatorMayNameAnOlderVersionItStaysThereUntilAnotherVersionArrives() throws Exception {
		harness.offerVersion(BSN, "1.0.0", () -> new SoftwareController(true));
		harness.offerVersion(BSN, "2.0.0", () -> new SoftwareController(true));
		DeviceSupervisor s = device("hba1");
		assertThat(s.personality().bundleVersion()).isEqualTo("2.0.0");

		assertThat(s.rematch(BSN + ":1.0.0").get(10, TimeUnit.SECONDS)).contains("1.0.0");
		assertThat(s.personality().bundleVersion()).isEqualTo("1.0.0");
		harness.bridge.candidatesChanged();
		s.barrier().get(5, TimeUnit.SECONDS);
		assertThat(s.personality().bundleVersion()).as("a pinned version is not taken over").isEqualTo("1.0.0");

		// naming the bundle without a version means its newest
		assertThat(s.rematch(BSN).get(10, TimeUnit.SECONDS)).contains("2.0.0");
		assertThat(s.rematch(BSN + ":1.0").get(10, TimeUnit.SECONDS)).contains("1.0.0");
		harness.offerVersion(BSN, "3.0.0", () -> new SoftwareController(true));
		awaitVersion(s, "3.0.0");
		assertThatThrownBy(() -> s.rematch(BSN + ":9.9").get(10, TimeUnit.SECONDS))
				.isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("no controller '" + BSN + ":9.9'");
	}

	@Test
	void aWithheldBundleHandsItsDevicesOverOrKeepsThemWhenNothingElseCanDriveThem() throws Exception {
		Candidate old = harness.offerVersion(BSN, "1.0.0", () -> new SoftwareController(true));
		DeviceSupervisor s = device("hba1");
		harness.bridge.candidates().withhold(old.personality().bundleId(), "retiring");
		harness.bridge.candidatesChanged();
		s.barrier().get(5, TimeUnit.SECONDS);
		// nothing else matches: it keeps its driver, and I/O goes on
		assertThat(s.personality().bundleId()).isEqualTo(old.personality().bundleId());
		assertThat(s.swaps()).isEmpty();
		assertThat(testUnitReady("hba1").isGood()).isTrue();

		harness.offerVersion("org.other", "0.1.0", () -> new SoftwareController(true));
		Awaitility.await().atMost(Duration.ofSeconds(10))
				.until(() -> s.state() == DeviceState.BOUND && s.personality().bundleSymbolicName().equals("org.other"));
		assertThat(s.swaps().get(0).reason()).contains("is retiring");
	}

	@Test
	void aSuccessorThatFailsToStartLeavesTheDeviceOnItsControllerAndIsNotRetriedInALoop() throws Exception {
		harness.offerVersion(BSN, "1.0.0", () -> new SoftwareController(true));
		DeviceSupervisor s = device("hba1");
		AtomicInteger starts = new AtomicInteger();
		harness.offerVersion(BSN, "1.1.0", () -> new SoftwareController(true) {
			@Override
			public int userStartController() {
				starts.incrementAndGet();
				return IOReturn.kIOReturnNotReady;
			}
		});
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> starts.get() == 1 && !s.busy());
		assertThat(s.state()).isEqualTo(DeviceState.BOUND);
		assertThat(s.personality().bundleVersion()).isEqualTo("1.0.0");
		for (int i = 0; i < 5; i++) {
			harness.bridge.candidatesChanged();
		}
		s.barrier().get(5, TimeUnit.SECONDS);
		assertThat(starts.get()).as("the failed move is not tried again while nothing changed").isEqualTo(1);
		assertThat(harness.log.warnings).anyMatch(w -> w.contains("could not move to") && w.contains("1.0.0"));
		assertThat(testUnitReady("hba1").isGood()).isTrue();
	}

	@Test
	void heldRequestsOutliveTheGraceWhileACheckedControllerIsBeingInstalled() throws Exception {
		Candidate only = harness.offerVersion(BSN, "1.0.0", () -> new SoftwareController(true));
		DeviceSupervisor s = device("hba1");
		LogicalUnit unit = harness.unit("hba1");
		AutoCloseable hold = harness.bridge.candidates().hold(5_000);
		harness.withdraw(only); // the only controller goes: requests are held
		CompletableFuture<SCSITaskResult> held = unit.submit(TEST_UNIT_READY, 6, null, 0, 30_000).toCompletableFuture();
		long t0 = System.nanoTime();
		// the grace (1 s) passes while the hold is open: the request still waits
		Awaitility.await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> !held.isDone());
		harness.offerVersion(BSN, "1.0.1", () -> new SoftwareController(true));
		hold.close();
		assertThat(held.get(10, TimeUnit.SECONDS).isGood()).isTrue();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThan(1000);
		assertThat(s.state()).isEqualTo(DeviceState.BOUND);

		// without a hold, the grace ends the wait
		harness.withdraw(harness.bridge.candidates().candidates().get(0));
		CompletableFuture<SCSITaskResult> failed = unit.submit(TEST_UNIT_READY, 6, null, 0, 30_000)
				.toCompletableFuture();
		assertThat(failed.get(10, TimeUnit.SECONDS).status()).isEqualTo(SCSITaskStatus.DEVICE_NOT_PRESENT);
	}
}
