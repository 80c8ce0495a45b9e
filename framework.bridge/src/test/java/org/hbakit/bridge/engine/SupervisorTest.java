package org.hbakit.bridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.hbakit.bridge.engine.SoftwareController.Misbehaviour;
import org.hbakit.bridge.supervisor.Candidate;
import org.hbakit.bridge.supervisor.DeviceSupervisor;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOServicePowerCapability;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.IODoneResult;
import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.registry.DeviceState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The supervisor's rules, each against the controller that broke the framework before: one misbehaving controller
 * affects only its own HBA, nothing dispatches past the gate, completions never re-enter the controller.
 */
class SupervisorTest {
	/** Task timeout 100 ms, escalation steps 30 ms, drain 500 ms, power 500 ms, grace 1 s; controller calls 500 ms. */
	private static final EngineSettings FAST = EngineSettings.of(100, 30, 500, 500, 1000, 4)
			.withControllerCallTimeoutMs(500).withStartRetry(50, 200);
	private static final byte[] TEST_UNIT_READY = new byte[6];
	private final EngineHarness harness = new EngineHarness(FAST);
	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void tearDown() {
		release.countDown(); // let hung controllers go
		harness.close();
	}

	private DeviceSupervisor device(String hba) throws InterruptedException {
		DeviceSupervisor s = harness.device(new FakeDevice("pci-" + hba), hba);
		assertThat(s.state()).as(s.reason()).isEqualTo(DeviceState.BOUND);
		return s;
	}

	private SCSITaskResult testUnitReady(String hba, long timeoutMs) throws InterruptedException {
		return harness.unit(hba).execute(TEST_UNIT_READY, 6, null, 0, timeoutMs);
	}

	@Test
	void aControllerWhoseTaskManagementNeverReturnsStallsOnlyItsOwnHba() throws Exception {
		SoftwareController hung = new SoftwareController(true);
		SoftwareController other = new SoftwareController(true);
		AtomicInteger made = new AtomicInteger();
		harness.offer("Software", () -> switch (made.getAndIncrement()) {
			case 0 -> hung;
			case 1 -> other;
			default -> new SoftwareController(true);
		});
		device("hba1");
		DeviceSupervisor hba2 = device("hba2");
		hung.hang = release;
		hung.misbehaviour = Misbehaviour.NEVER_COMPLETES;
		other.misbehaviour = Misbehaviour.NEVER_COMPLETES;

		// hba1's abort hangs in the controller: its own client still gets its timeout (no controller call needed)
		assertThat(testUnitReady("hba1", 50).status()).isEqualTo(SCSITaskStatus.TASK_TIMEOUT_OCCURRED);
		// and hba2's timeouts keep firing, escalated on hba2's controller
		for (int i = 0; i < 3; i++) {
			long t0 = System.nanoTime();
			assertThat(testUnitReady("hba2", 50).status()).isEqualTo(SCSITaskStatus.TASK_TIMEOUT_OCCURRED);
			// deadline + three escalation steps + watchdog periods; generous for a loaded machine
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2_000);
		}
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> other.aborts.get() >= 3);
		assertThat(hung.aborts.get()).isEqualTo(1); // still inside its first abort
		// hba2 can be swapped while hba1's controller is stuck
		other.misbehaviour = Misbehaviour.NONE;
		assertThat(hba2.rematch(null).get(10, TimeUnit.SECONDS)).contains("hba2");
		assertThat(testUnitReady("hba2", 1000).status()).isEqualTo(SCSITaskStatus.GOOD);
		// and the bridge stops within the bound of one unbind, abandoning the stuck controller
		CompletableFuture<Void> closed = CompletableFuture.runAsync(harness.bridge::close);
		closed.get(20, TimeUnit.SECONDS);
		assertThat(harness.log.warnings).anyMatch(w -> w.contains("hba1") && w.contains("abandoning"));
	}

	@Test
	void anErrorFromTaskManagementIsContainedAndTimeoutsGoOnForEveryHba() throws Exception {
		SoftwareController throwing = new SoftwareController(false) {
			@Override
			public int userAbortTaskRequest(long t, long l, long q, int[] response) {
				throw new StackOverflowError("deep");
			}
		};
		SoftwareController other = new SoftwareController(false);
		AtomicInteger made = new AtomicInteger();
		harness.offer("Software", () -> made.getAndIncrement() == 0 ? throwing : other);
		device("hba1");
		device("hba2");
		throwing.misbehaviour = Misbehaviour.NEVER_COMPLETES;
		other.misbehaviour = Misbehaviour.NEVER_COMPLETES;
		for (int i = 0; i < 2; i++) {
			assertThat(testUnitReady("hba1", 50).status()).isEqualTo(SCSITaskStatus.TASK_TIMEOUT_OCCURRED);
			assertThat(testUnitReady("hba2", 50).status()).isEqualTo(SCSITaskStatus.TASK_TIMEOUT_OCCURRED);
		}
		Awaitility.await().atMost(Duration.ofSeconds(5))
				.until(() -> harness.log.warnings.stream().anyMatch(w -> w.contains("StackOverflowError")));
		assertThat(harness.bridge.find("hba1").binding().violations()).isPositive();
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void completionsNeverReenterTheControllerAndTheBundledSlotArrayStaysValid(boolean bundled) throws Exception {
		ReentranceCheckingController c = new ReentranceCheckingController(bundled);
		harness.offer("Inline", () -> c);
		device("hba1");
		// eight requests for one task: all but one wait, and each completion frees the task for the next
		IODoneQueueImpl q = new IODoneQueueImpl(8);
		for (int round = 0; round < 50; round++) {
			for (int i = 0; i < 8; i++) {
				assertThat(q.deviceReadAsync(harness.unit("hba1"), i, 0, i, ByteBuffer.allocateDirect(512), 512)).isZero();
			}
			IODoneResult r = new IODoneResult();
			for (int i = 0; i < 8; i++) {
				assertThat(q.ioDoneQueueWait(r)).isZero();
				assertThat(r.returnCode()).isEqualTo(IOReturn.kIOReturnSuccess);
			}
		}
		assertThat(c.calls.get()).isGreaterThanOrEqualTo(400);
		assertThat(c.reentered.get()).as("calls from inside a completion callback").isZero();
		assertThat(c.slotsOverwritten.get()).isZero();
	}

	/** Holds the factory's release of an instance until {@link #let()}, recording what it released. */
	private static final class HeldRelease {
		final CountDownLatch releasing = new CountDownLatch(1);
		final CountDownLatch mayRelease = new CountDownLatch(1);
		final List<Object> released = new java.util.concurrent.CopyOnWriteArrayList<>();

		HeldRelease(EngineHarness harness, Candidate candidate) {
			harness.onRelease(candidate, i -> {
				releasing.countDown();
				try {
					mayRelease.await(5, TimeUnit.SECONDS);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				released.add(i);
			});
		}

		void let() {
			mayRelease.countDown();
		}
	}

	// whoever removes a device, unregisters a controller service or deploys over a bundle may uninstall the
	// bundle next: the instance must be back with its service by then (or DS deactivates it twice, racing the
	// framework's own release of the stopping bundle's services)

	@Test
	void aRemovedDeviceStaysListedUntilItsInstanceWentBackToItsService() throws Exception {
		SoftwareController c = new SoftwareController(true);
		HeldRelease held = new HeldRelease(harness, harness.offer("Software", () -> c));
		FakeDevice device = new FakeDevice("pci-hba1");
		assertThat(harness.device(device, "hba1").state()).isEqualTo(DeviceState.BOUND);

		CompletableFuture<Void> removed = CompletableFuture.runAsync(() -> harness.bridge.removeDevice(device));
		assertThat(held.releasing.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(harness.bridge.devices()).as("listed while its instance is being released")
				.anyMatch(d -> d.name().equals("hba1"));
		assertThat(removed).isNotDone();
		held.let();
		removed.get(5, TimeUnit.SECONDS);
		assertThat(held.released).containsExactly(c);
		assertThat(harness.bridge.devices()).noneMatch(d -> d.name().equals("hba1"));
	}

	@Test
	void aControllerServiceThatGoesAwayHasItsInstanceBackBeforeTheUnregistrationReturns() throws Exception {
		SoftwareController c = new SoftwareController(true);
		Candidate candidate = harness.offer("Software", () -> c);
		HeldRelease held = new HeldRelease(harness, candidate);
		device("hba1");

		CompletableFuture<Void> gone = CompletableFuture.runAsync(() -> harness.withdraw(candidate));
		assertThat(held.releasing.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(gone).isNotDone();
		held.let();
		gone.get(5, TimeUnit.SECONDS);
		assertThat(held.released).containsExactly(c);
	}

	@Test
	void aSwapCompletesOnceTheInstanceItLeftIsBackWithItsService() throws Exception {
		SoftwareController first = new SoftwareController(true);
		AtomicInteger made = new AtomicInteger();
		Candidate candidate = harness.offer("Software",
				() -> made.getAndIncrement() == 0 ? first : new SoftwareController(true));
		HeldRelease held = new HeldRelease(harness, candidate);
		DeviceSupervisor s = device("hba1");

		CompletableFuture<String> swapped = s.rematch(null);
		assertThat(held.releasing.await(5, TimeUnit.SECONDS)).isTrue();
		// the gate reopened before the release: clients are served while the old instance goes back
		assertThat(testUnitReady("hba1", 1000).status()).isEqualTo(SCSITaskStatus.GOOD);
		assertThat(swapped).isNotDone();
		held.let();
		assertThat(swapped.get(5, TimeUnit.SECONDS)).contains("hba1");
		assertThat(held.released).contains(first);
	}

	@Test
	void removingADeviceTwiceIsOneRemoval() throws Exception {
		FakeDevice device = new FakeDevice("pci-hba1");
		harness.offer("Software", () -> new SoftwareController(true));
		DeviceSupervisor s = harness.device(device, "hba1");
		CompletableFuture<Void> first = s.remove("device removed");
		assertThat(s.remove("framework bridge stopping")).isSameAs(first);
		first.get(5, TimeUnit.SECONDS);
		assertThat(s.state()).isEqualTo(DeviceState.REMOVED);
		assertThat(harness.log.warnings).noneMatch(w -> w.contains("hba1"));
	}

	@Test
	void theStageOfSubmitCompletesOffTheControllersThread() throws Exception {
		SoftwareController c = new SoftwareController(true);
		harness.offer("Software", () -> c);
		device("hba1");
		AtomicReference<String> thread = new AtomicReference<>();
		c.holdCompletions = new CountDownLatch(1);
		CompletableFuture<Void> done = harness.unit("hba1").submit(TEST_UNIT_READY, 6, null, 0, 1000)
				.thenAccept(r -> thread.set(Thread.currentThread().getName())).toCompletableFuture();
		c.holdCompletions.countDown(); // the dependent is attached before the controller completes
		done.get(5, TimeUnit.SECONDS);
		assertThat(thread.get()).startsWith("delivery");
	}

	@Test
	void anEscalationDecidedForOneDispatchNeverTouchesTheNext() throws Exception {
		SoftwareController c = new SoftwareController(1, false);
		harness.offer("Software", () -> c);
		ControllerBinding b = device("hba1").binding();
		Task t = b.table.tasks[0];
		assertThat(testUnitReady("hba1", 1000).isGood()).isTrue();
		long finished = Task.generation(t.stamp());
		c.misbehaviour = Misbehaviour.NEVER_COMPLETES;
		harness.unit("hba1").submit(TEST_UNIT_READY, 6, null, 0, 60_000);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> t.state() == Task.ACTIVE);
		long current = Task.generation(t.stamp());
		assertThat(current).isGreaterThan(finished);

		b.taskManagement(1, 0, finished, 0, 0, t.tag); // a decision about the dispatch that is over
		b.queue().call("barrier", () -> null, 1000);
		assertThat(c.aborts.get()).isZero();
		b.taskManagement(1, 0, current, 0, 0, t.tag);
		b.queue().call("barrier", () -> null, 1000);
		assertThat(c.aborts.get()).isEqualTo(1);
	}

	@Test
	void aRescanWhilePausedSendsNothingUntilPowerOn() throws Exception {
		SoftwareController c = new SoftwareController(true);
		harness.offer("Software", () -> c);
		DeviceSupervisor s = device("hba1");
		assertThat(s.power(IOServicePowerCapability.kIOServicePowerCapabilityPause).get(5, TimeUnit.SECONDS))
				.isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(s.state()).isEqualTo(DeviceState.PAUSED);
		int before = c.ioCalls.get();
		s.rescan();
		s.barrier().get(5, TimeUnit.SECONDS);
		assertThat(c.ioCalls.get()).as("commands past a closed gate").isEqualTo(before);
		assertThat(s.power(IOServicePowerCapability.kIOServicePowerCapabilityOn).get(5, TimeUnit.SECONDS))
				.isEqualTo(IOReturn.kIOReturnSuccess);
		s.barrier().get(5, TimeUnit.SECONDS);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> c.ioCalls.get() > before); // the deferred rescan
		assertThat(s.state()).isEqualTo(DeviceState.BOUND);
	}

	@Test
	void aControllerWhoseSetPowerStateNeverReturnsTimesOutAndTheHbaServesIoAgain() throws Exception {
		SoftwareController c = new SoftwareController(true);
		harness.offer("Software", () -> c);
		DeviceSupervisor s = device("hba1");
		c.hang = release;
		int rc = s.power(IOServicePowerCapability.kIOServicePowerCapabilityPause).get(5, TimeUnit.SECONDS);
		assertThat(rc).isEqualTo(IOReturn.kIOReturnTimeout);
		assertThat(s.state()).isEqualTo(DeviceState.BOUND);
		assertThat(c.callerThreads).allMatch(n -> n.endsWith("-controller"));
		harness.unit("hba1").read(0, ByteBuffer.allocateDirect(512));
	}

	@Test
	void aControllerServiceGoingAwayWhoseStopHangsIsAbandonedWithinTheBound() throws Exception {
		SoftwareController c = new SoftwareController(true);
		Candidate candidate = harness.offer("Software", () -> c);
		DeviceSupervisor s = device("hba1");
		c.hangInStop = release;
		CompletableFuture.runAsync(() -> harness.withdraw(candidate)).get(20, TimeUnit.SECONDS);
		assertThat(s.state()).isIn(DeviceState.UNMATCHED, DeviceState.FAILED);
		assertThat(harness.log.warnings).anyMatch(w -> w.contains("abandoning"));
	}

	@Test
	void aDeviceWhoseStartFailedIsRetriedWithBackOff() throws Exception {
		AtomicInteger attempts = new AtomicInteger();
		harness.offer("Flaky", () -> new SoftwareController(true) {
			@Override
			public int userStartController() {
				return attempts.incrementAndGet() <= 2 ? IOReturn.kIOReturnNotReady : super.userStartController();
			}
		});
		DeviceSupervisor s = harness.bridge.addDevice(new FakeDevice("pci-hba1"), "hba1");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> s.state() == DeviceState.BOUND);
		assertThat(attempts.get()).isEqualTo(3);
	}

	@Test
	void anHbaWhoseEveryTaskIsQuarantinedIsStalledWithAWarningAndASwapGetsOut() throws Exception {
		SoftwareController liar = new SoftwareController(2, true);
		harness.offer("Liar", 2000, () -> liar);
		DeviceSupervisor s = device("hba1");
		harness.offer("Honest", 1000, () -> new SoftwareController(true));
		liar.misbehaviour = Misbehaviour.NEVER_COMPLETES;
		List<CompletableFuture<SCSITaskResult>> lost = List.of(
				harness.unit("hba1").submit(TEST_UNIT_READY, 6, null, 0, 50).toCompletableFuture(),
				harness.unit("hba1").submit(TEST_UNIT_READY, 6, null, 0, 50).toCompletableFuture());
		for (CompletableFuture<SCSITaskResult> f : lost) {
			assertThat(f.get(5, TimeUnit.SECONDS).serviceResponse())
					.isEqualTo(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
		}
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> s.state() == DeviceState.STALLED);
		assertThat(harness.log.warnings).anyMatch(w -> w.contains("no I/O can be served"));
		assertThat(s.rematch("Honest").get(10, TimeUnit.SECONDS)).contains("Honest");
		assertThat(s.state()).isEqualTo(DeviceState.BOUND);
		assertThat(testUnitReady("hba1", 1000).isGood()).isTrue();
	}

	@Test
	void aRematchInstantiatesAndProbesItsSuccessorBeforeTheGateCloses() throws Exception {
		List<DeviceState> statesAtInstantiation = new java.util.concurrent.CopyOnWriteArrayList<>();
		List<DeviceState> statesAtClassLoading = new java.util.concurrent.CopyOnWriteArrayList<>();
		AtomicReference<DeviceSupervisor> supervisor = new AtomicReference<>();
		Candidate c = harness.offer("Software", () -> {
			DeviceSupervisor s = supervisor.get();
			statesAtInstantiation.add(s == null ? DeviceState.UNMATCHED : s.state());
			return new SoftwareController(true);
		});
		harness.onLoadClasses(c, () -> statesAtClassLoading.add(supervisor.get().state()));
		supervisor.set(device("hba1"));
		statesAtInstantiation.clear();
		assertThat(supervisor.get().rematch(null).get(10, TimeUnit.SECONDS)).contains("hba1");
		// one instance, made while the old controller still served I/O: DS and probe are not in the pause
		assertThat(statesAtInstantiation).containsExactly(DeviceState.BOUND);
		// nor is loading the classes of a bundle that has not run yet (a deployment's)
		assertThat(statesAtClassLoading).containsExactly(DeviceState.BOUND);
		assertThat(supervisor.get().state()).isEqualTo(DeviceState.BOUND);
		assertThat(testUnitReady("hba1", 1000).isGood()).isTrue();
	}
}
