package org.hbakit.controller.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.HBAConstraints;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOServicePowerCapability;
import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.pci.PCIConfigSpace;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.simhba.HBARegisters;
import org.hbakit.controller.core.TestFramework.Result;
import org.hbakit.controller.core.driver.DriverSettings.Path;
import org.hbakit.controller.core.driver.DriverSettings;
import org.hbakit.controller.core.driver.SimulatedHBADriver;
import org.hbakit.hba.sim.pci.PciIdentity;
import org.hbakit.hba.sim.pci.SimulatedPciHba;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The reference controller against the real simulated HBA, through a small stand-in framework. */
class SimulatedHBAControllerTest {
	private static final int TARGETS = 8;
	private static final int INITIATOR = 7;
	private static final long DISK_BLOCKS = 2048;

	private final RamDiskPort disk = new RamDiskPort(DISK_BLOCKS);
	private final List<SimulatedPciHba> hbas = new ArrayList<>();
	private TestFramework framework;

	private SimulatedPciHba hba(int maxQueueEntries) {
		SimulatedPciHba hba = new SimulatedPciHba("hba0", "pci0000:00:04.0", PciIdentity.DEFAULT, maxQueueEntries, 1,
				TARGETS, INITIATOR, 4096, System.getLogger("test"));
		hba.attach(0, disk);
		hba.start();
		hbas.add(hba);
		return hba;
	}

	private TestFramework run(DriverSettings settings) {
		framework = new TestFramework(hba(1024), new SimulatedHBADriver(settings)).startSequence();
		return framework;
	}

	@AfterEach
	void tearDown() {
		if (framework != null && !framework.stopped) {
			framework.stop();
		}
		hbas.forEach(SimulatedPciHba::stop);
		if (framework != null) {
			assertThat(framework.violations).as("contract violations seen by the framework").hasValue(0);
		}
	}

	@Test
	void startSequenceReportsTheHbaAndProgramsIt() {
		TestFramework f = run(DriverSettings.defaults().withMaxTaskCount(64));
		SimulatedHBADriver d = f.driver;
		SimulatedPciHba hba = hbas.get(0);

		assertThat(hba.owner()).as("provider opened by the controller").isSameAs(d);
		assertThat(hba.configRead16(PCIConfigSpace.COMMAND) & 0x6).isEqualTo(0x6);
		assertThat(hba.memoryRead32(0, HBARegisters.CSTS) & HBARegisters.CSTS_RDY).isEqualTo(1);
		assertThat(hba.memoryRead32(0, HBARegisters.QSIZE)).isEqualTo(64 << 16 | 64);
		assertThat(f.constraints.keySet()).containsAll(HBAConstraints.REQUIRED_KEYS);
		assertThat(f.constraints.get(HBAConstraints.kIOMaximumSegmentAddressableBitCountKey)).isEqualTo(64L);
		assertThat(f.hbaProperties.get("Vendor Name")).isEqualTo("HBAKit");
		assertThat(f.hbaProperties.get("Product Name")).isNotNull();

		long[] id = new long[1];
		d.userReportInitiatorIdentifier(id);
		assertThat(id[0]).isEqualTo(INITIATOR);
		d.userReportHighestSupportedDeviceID(id);
		assertThat(id[0]).isEqualTo(TARGETS - 1);
		d.userReportHBAHighestLogicalUnitNumber(id);
		assertThat(id[0]).isEqualTo(16383);
		boolean[] b = new boolean[1];
		d.userDoesHBAPerformAutoSense(b);
		assertThat(b[0]).isTrue();
		d.userDoesHBAPerformDeviceManagement(b);
		assertThat(b[0]).isFalse();
		d.userDoesHBASupportMultiPathing(b);
		assertThat(b[0]).isFalse();
		d.userDoesHBASupportSCSIParallelFeature(0, b);
		assertThat(b[0]).isFalse();
		assertThat(f.taskCount).isEqualTo(64);
		assertThat(Set.of(java.util.Arrays.stream(f.ids).boxed().toArray())).hasSize(64);
		assertThat(d.userMapHBAData(new int[1])).as("mapping after start").isEqualTo(IOReturn.kIOReturnNotPermitted);
		assertThat(f.bundled).isTrue();
		assertThat(d.userInitializeTargetForID(0)).isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(d.userInitializeTargetForID(INITIATOR)).isNotEqualTo(IOReturn.kIOReturnSuccess);
	}

	@Test
	void userMapHBADataHandsOutExactlyTheReportedNumberOfIds() {
		SimulatedPciHba hba = hba(64);
		SimulatedHBADriver d = new SimulatedHBADriver(DriverSettings.defaults().withMaxTaskCount(4));
		TestFramework f = new TestFramework(hba, d);
		assertThat(d.start(hba, f)).isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(d.userInitializeController()).isEqualTo(IOReturn.kIOReturnSuccess);
		Set<Integer> ids = new HashSet<>();
		for (int i = 0; i < 4; i++) {
			int[] id = new int[1];
			assertThat(d.userMapHBAData(id)).isEqualTo(IOReturn.kIOReturnSuccess);
			ids.add(id[0]);
		}
		assertThat(ids).hasSize(4);
		assertThat(d.userMapHBAData(new int[1])).isEqualTo(IOReturn.kIOReturnNoResources);
		assertThat(d.stop()).isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(hba.owner()).isNull();
	}

	@Test
	void maximumTaskCountIsCappedByTheQueueSize() {
		framework = new TestFramework(hba(32), new SimulatedHBADriver(DriverSettings.defaults())).startSequence();
		assertThat(framework.taskCount).isEqualTo(31);
	}

	@Test
	void parallelConfigurationDeclinesTheBundledBuffers() {
		TestFramework f = run(DriverSettings.defaults().withPath(Path.PARALLEL));
		assertThat(f.bundled).isFalse();
		assertThat(f.driver.userMapBundledParallelTaskCommandAndResponseBuffers(f.commands, f.responses))
				.isEqualTo(IOReturn.kIOReturnUnsupported);
	}

	@Test
	void aDeviceThatIsNotTheSimulatedHbaIsDeclined() {
		SimulatedPciHba other = new SimulatedPciHba("x", "pci0000:00:05.0",
				new PciIdentity(0x8086, 0x1234, 0, 0, 0x020000, 1), 64, 1, 1, 0, 16, System.getLogger("test"));
		hbas.add(other);
		SimulatedHBADriver d = new SimulatedHBADriver(DriverSettings.defaults());
		assertThat(d.probe(other, new int[] { 1000 })).isNotEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(d.start(other, new TestFramework(other, d))).isEqualTo(IOReturn.kIOReturnUnsupported);
		assertThat(other.owner()).isNull();
	}

	@ParameterizedTest
	@EnumSource(Path.class)
	void writeThenReadReturnsTheData(Path path) throws Exception {
		TestFramework f = run(DriverSettings.defaults().withPath(path).withMaxTaskCount(64));
		assertThat(f.bundled).isEqualTo(path == Path.BUNDLED);
		byte[] cdb = new byte[16];
		int blocks = 8;
		int n = 32; // tasks 0..31 write, 32..63 read the same LBAs back
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < blocks * RamDiskPort.BLOCK; j++) {
				f.data[i].put(j, (byte) (i * 31 + j));
			}
			int len = Cdb.write10(cdb, (long) i * blocks, blocks);
			f.fill(i, cdb, len, SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET, blocks * RamDiskPort.BLOCK, 0, 0);
		}
		submitAll(f, 0, n);
		for (Result r : takeAll(f, n)) {
			assertGood(r, blocks * RamDiskPort.BLOCK);
		}
		for (int i = 0; i < n; i++) {
			int len = Cdb.read10(cdb, (long) i * blocks, blocks);
			f.fill(n + i, cdb, len, SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, blocks * RamDiskPort.BLOCK, 0, 0);
		}
		submitAll(f, n, n);
		for (Result r : takeAll(f, n)) {
			assertGood(r, blocks * RamDiskPort.BLOCK);
			int i = r.index() - n;
			for (int j = 0; j < blocks * RamDiskPort.BLOCK; j++) {
				assertThat(f.data[r.index()].get(j)).as("byte %d of read %d", j, i).isEqualTo((byte) (i * 31 + j));
			}
		}
		assertThat(f.driver.statistics().completed()).isEqualTo(2L * n);
		assertThat(f.driver.statistics().inFlight()).isZero();
	}

	/** Bundled: one call per 32 slots; parallel: one call per task. */
	private static void submitAll(TestFramework f, int from, int count) {
		if (!f.bundled) {
			for (int i = from; i < from + count; i++) {
				assertThat(f.submit(i)).isEqualTo(SCSIServiceResponse.REQUEST_IN_PROCESS);
			}
			return;
		}
		int[] slots = new int[32];
		for (int i = from; i < from + count;) {
			int k = 0;
			while (k < 32 && i < from + count) {
				slots[k++] = i++;
			}
			f.submitBundle(slots, k);
		}
	}

	private static List<Result> takeAll(TestFramework f, int n) throws InterruptedException {
		List<Result> out = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			out.add(f.take());
		}
		return out;
	}

	private static void assertGood(Result r, long bytes) {
		assertThat(r.serviceResponse()).as("service response of %s", r).isEqualTo(SCSIServiceResponse.TASK_COMPLETE);
		assertThat(r.status()).as("status of %s", r).isEqualTo(SCSITaskStatus.GOOD);
		assertThat(r.bytes()).isEqualTo(bytes);
		assertThat(r.sense()).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Path.class)
	void checkConditionCarriesAutosense(Path path) throws Exception {
		TestFramework f = run(DriverSettings.defaults().withPath(path).withMaxTaskCount(8));
		byte[] cdb = new byte[16];
		int len = Cdb.read10(cdb, DISK_BLOCKS - 1, 2); // one block beyond the end
		f.fill(3, cdb, len, SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 1024, 0, 0);
		f.submit(3);
		Result r = f.take();
		assertThat(r.index()).isEqualTo(3);
		assertThat(r.serviceResponse()).isEqualTo(SCSIServiceResponse.TASK_COMPLETE);
		assertThat(r.status()).isEqualTo(SCSITaskStatus.CHECK_CONDITION);
		assertThat(r.sense()).hasSize(18);
		assertThat(r.sense()[2] & 0x0F).as("sense key").isEqualTo(0x05);
		assertThat(r.sense()[12] & 0xFF).as("ASC").isEqualTo(0x21);
		assertThat(r.sense()[13] & 0xFF).as("ASCQ").isEqualTo(0x00);

		// the next good command on the same task carries no stale sense
		len = Cdb.read10(cdb, 0, 1);
		f.fill(3, cdb, len, SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 512, 0, 0);
		f.submit(3);
		assertGood(f.take(), 512);
	}

	@Test
	void withoutAutosenseACheckConditionHasNoSense() throws Exception {
		TestFramework f = run(DriverSettings.defaults().withAutoSense(false).withMaxTaskCount(8));
		boolean[] b = { true };
		f.driver.userDoesHBAPerformAutoSense(b);
		assertThat(b[0]).isFalse();
		byte[] cdb = new byte[16];
		int len = Cdb.read10(cdb, DISK_BLOCKS, 1);
		f.fill(0, cdb, len, SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 512, 0, 0);
		f.submit(0);
		Result r = f.take();
		assertThat(r.status()).isEqualTo(SCSITaskStatus.CHECK_CONDITION);
		assertThat(r.sense()).isEmpty();
	}

	@Test
	void bundledCompletionsComeRegroupedAndReorderedAndExactlyOnce() throws Exception {
		TestFramework f = run(DriverSettings.defaults().withMaxTaskCount(128));
		disk.delayEvenLbaNanos = 2_000_000; // even LBAs complete 2 ms late: after the odd ones of later bundles
		byte[] cdb = new byte[16];
		int n = 128;
		for (int i = 0; i < n; i++) {
			int len = Cdb.read10(cdb, i, 1);
			f.fill(i, cdb, len, SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 512, 0, 0);
		}
		// bundles of 5, 7, 32, 1, 20, ...: odd sizes, so completion groups cannot line up with them
		int[] sizes = { 5, 7, 32, 1, 20, 30, 9, 24 };
		int[] slots = new int[32];
		int next = 0;
		for (int s = 0; next < n; s++) {
			int size = Math.min(sizes[s % sizes.length], n - next);
			for (int k = 0; k < size; k++) {
				slots[k] = next++;
			}
			f.submitBundle(slots, size);
		}
		List<Result> results = takeAll(f, n);
		Set<Integer> seen = new HashSet<>();
		for (Result r : results) {
			assertThat(seen.add(r.index())).as("slot %d completed once", r.index()).isTrue();
			assertGood(r, 512);
		}
		assertThat(seen).hasSize(n);
		List<Integer> order = results.stream().map(Result::index).toList();
		assertThat(order).as("completion order differs from submission order").isNotEqualTo(
				order.stream().sorted().toList());
		assertThat(f.bundleSizes).allMatch(size -> size >= 1 && size <= 32);
		assertThat(results).allMatch(r -> r.thread().contains("hba0"), "completed on the device thread");
		assertThat(f.results).isEmpty();
	}

	@Test
	void concurrentParallelSubmittersEachGetEveryTaskBackOnce() throws Exception {
		TestFramework f = run(DriverSettings.defaults().withPath(Path.PARALLEL).withMaxTaskCount(256));
		int threads = 4;
		int perThread = f.taskCount / threads;
		int rounds = 200;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Integer>> done = new ArrayList<>();
			java.util.concurrent.ConcurrentHashMap<Integer, CountDownLatch> perTask = new java.util.concurrent.ConcurrentHashMap<>();
			Thread collector = new Thread(() -> {
				try {
					for (int k = 0; k < threads * perThread * rounds; k++) {
						Result r = f.take();
						assertGood(r, 0);
						perTask.get(r.index()).countDown();
					}
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			});
			for (int t = 0; t < threads; t++) {
				int first = t * perThread;
				done.add(pool.submit(() -> {
					byte[] cdb = new byte[16];
					go.await();
					int submitted = 0;
					for (int round = 0; round < rounds; round++) {
						CountDownLatch batch = new CountDownLatch(perThread);
						for (int i = first; i < first + perThread; i++) {
							perTask.put(i, batch);
							int len = Cdb.testUnitReady(cdb);
							synchronized (f) { // the framework's task views are not thread-safe to fill concurrently
								f.fill(i, cdb, len, SCSIDataTransferDirection.NO_DATA_TRANSFER, 0, 0, 0);
							}
						}
						for (int i = first; i < first + perThread; i++) {
							assertThat(f.submit(i)).isEqualTo(SCSIServiceResponse.REQUEST_IN_PROCESS);
							submitted++;
						}
						assertThat(batch.await(10, TimeUnit.SECONDS)).isTrue();
					}
					return submitted;
				}));
			}
			collector.start();
			go.countDown();
			int total = 0;
			for (Future<Integer> d : done) {
				total += d.get(60, TimeUnit.SECONDS);
			}
			collector.join(10_000);
			assertThat(total).isEqualTo(threads * perThread * rounds);
			assertThat(f.driver.statistics().completed()).isEqualTo(total);
			assertThat(f.driver.statistics().unexpected()).isZero();
		} finally {
			pool.shutdownNow();
		}
	}

	@Test
	void parallelTaskWithAnUnknownIdOrAlreadyInFlightIsRefusedAtOnce() throws Exception {
		TestFramework f = run(DriverSettings.defaults().withPath(Path.PARALLEL).withMaxTaskCount(8));
		disk.hold = true;
		byte[] cdb = new byte[16];
		int len = Cdb.testUnitReady(cdb);
		f.fill(0, cdb, len, SCSIDataTransferDirection.NO_DATA_TRANSFER, 0, 0, 0);
		assertThat(f.submit(0)).isEqualTo(SCSIServiceResponse.REQUEST_IN_PROCESS);
		int[] response = { -1 };
		// the same task again while in flight
		f.driver.userProcessParallelTask(f.tasks[0], response, f.parallelCompletion);
		assertThat(response[0]).isEqualTo(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
		// an id the controller never handed out
		f.fill(1, cdb, len, SCSIDataTransferDirection.NO_DATA_TRANSFER, 0, 0, 0).setControllerTaskIdentifier(999);
		f.driver.userProcessParallelTask(f.tasks[1], response, f.parallelCompletion);
		assertThat(response[0]).isEqualTo(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
		assertThat(f.driver.statistics().rejected()).isEqualTo(2);
	}

	@ParameterizedTest
	@EnumSource(Path.class)
	void stopWithTasksInFlightCompletesNothingAfterwards(Path path) throws Exception {
		TestFramework f = run(DriverSettings.defaults().withPath(path).withMaxTaskCount(64));
		disk.hold = true;
		byte[] cdb = new byte[16];
		for (int i = 0; i < 20; i++) {
			int len = Cdb.read10(cdb, i, 1);
			f.fill(i, cdb, len, SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 512, 0, 0);
		}
		submitAll(f, 0, 20);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> disk.executed.get() == 20);
		SimulatedPciHba hba = hbas.get(0);
		assertThat(f.stop()).isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(hba.owner()).as("provider closed").isNull();
		assertThat(hba.memoryRead32(0, HBARegisters.CC) & 1).as("CC.EN").isZero();
		assertThat(disk.busResets.get()).as("controller reset at stop").isPositive();
		assertThat(f.driver.stop()).as("stop is idempotent").isEqualTo(IOReturn.kIOReturnSuccess);
		// late work from the framework after stop: nothing must complete
		disk.hold = false;
		if (f.bundled) {
			f.driver.userProcessBundledParallelTasks(new int[] { 30 }, 1, f.bundledCompletion);
		} else {
			int[] response = { -1 };
			f.driver.userProcessParallelTask(f.tasks[30], response, f.parallelCompletion);
			assertThat(response[0]).isEqualTo(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
		}
		Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
				.until(() -> f.results.isEmpty() && f.completionsAfterStop.get() == 0);
		assertThat(f.driver.statistics().inFlight()).isZero();
	}

	@ParameterizedTest
	@EnumSource(Path.class)
	void abortTaskCompletesOnlyThatTaskAsAborted(Path path) throws Exception {
		TestFramework f = run(DriverSettings.defaults().withPath(path).withMaxTaskCount(16));
		disk.hold = true;
		byte[] cdb = new byte[16];
		for (int i = 0; i < 3; i++) {
			int len = Cdb.read10(cdb, i, 1);
			f.fill(i, cdb, len, SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 512, 0, 0);
		}
		submitAll(f, 0, 3);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> disk.executed.get() == 3);
		int[] response = { -1 };
		assertThat(f.driver.userAbortTaskRequest(0, 0, 1000 + 1, response)).isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(response[0]).isEqualTo(SCSIServiceResponse.FUNCTION_COMPLETE);
		Result r = f.take();
		assertThat(r.index()).isEqualTo(1);
		assertThat(r.serviceResponse()).isEqualTo(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
		assertThat(r.status()).isEqualTo(SCSITaskStatus.TASK_TIMEOUT_OCCURRED);
		assertThat(f.results).isEmpty();
		// an abort of a task that is not there is still FUNCTION COMPLETE, and completes nothing
		assertThat(f.driver.userAbortTaskRequest(0, 0, 4711, response)).isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(response[0]).isEqualTo(SCSIServiceResponse.FUNCTION_COMPLETE);

		// LUN reset completes the other two (they are in the CQ when TMF_STATUS.BUSY clears)
		assertThat(f.driver.userLogicalUnitResetRequest(0, 0, response)).isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(response[0]).isEqualTo(SCSIServiceResponse.FUNCTION_COMPLETE);
		assertThat(takeAll(f, 2)).extracting(Result::index).containsExactlyInAnyOrder(0, 2);
		assertThat(disk.taskManagementFunctions).containsExactly(HBARegisters.TMF_LOGICAL_UNIT_RESET);
	}

	@Test
	void taskManagementFunctionsReachTheTargetAndReportRejection() throws Exception {
		TestFramework f = run(DriverSettings.defaults().withMaxTaskCount(16));
		int[] response = { -1 };
		f.driver.userAbortTaskSetRequest(0, 0, response);
		assertThat(response[0]).isEqualTo(SCSIServiceResponse.FUNCTION_COMPLETE);
		f.driver.userClearTaskSetRequest(0, 0, response);
		assertThat(response[0]).isEqualTo(SCSIServiceResponse.FUNCTION_COMPLETE);
		f.driver.userClearACARequest(0, 0, response);
		assertThat(response[0]).isEqualTo(SCSIServiceResponse.FUNCTION_COMPLETE);
		f.driver.userTargetResetRequest(0, response);
		assertThat(response[0]).isEqualTo(SCSIServiceResponse.FUNCTION_COMPLETE);
		assertThat(disk.taskManagementFunctions).containsExactly(HBARegisters.TMF_ABORT_TASK_SET,
				HBARegisters.TMF_CLEAR_TASK_SET, HBARegisters.TMF_CLEAR_ACA, HBARegisters.TMF_TARGET_RESET);
		// LUN 3 does not exist on the RAM disk; target 5 has no port at all
		f.driver.userLogicalUnitResetRequest(0, 3, response);
		assertThat(response[0]).isEqualTo(SCSIServiceResponse.FUNCTION_REJECTED);
		f.driver.userTargetResetRequest(5, response);
		assertThat(response[0]).isEqualTo(SCSIServiceResponse.FUNCTION_REJECTED);
	}

	@ParameterizedTest
	@EnumSource(Path.class)
	void taskManagementReturnsWithinItsBoundWhileTheDeviceThreadIsBusy(Path path) throws Exception {
		TestFramework f = run(DriverSettings.defaults().withPath(path).withMaxTaskCount(8)
				.withTaskManagementTimeoutMillis(200));
		java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
		disk.holdDeviceThread = busy;
		byte[] cdb = new byte[16];
		f.fill(0, cdb, Cdb.testUnitReady(cdb), SCSIDataTransferDirection.NO_DATA_TRANSFER, 0, 0, 0);
		f.submit(0);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> disk.executed.get() == 1);
		ExecutorService caller = Executors.newSingleThreadExecutor();
		try {
			int[] abort = { -1 };
			int[] reset = { -1 };
			long start = System.nanoTime();
			Future<int[]> calls = caller.submit(() -> new int[] { f.driver.userAbortTaskRequest(0, 0, 1000, abort),
					f.driver.userLogicalUnitResetRequest(0, 0, reset) });
			int[] rcs = calls.get(5, TimeUnit.SECONDS); // today's synchronous registers block here until the device is free
			long millis = (System.nanoTime() - start) / 1_000_000L;
			assertThat(rcs).containsExactly(IOReturn.kIOReturnTimeout, IOReturn.kIOReturnTimeout);
			assertThat(abort[0]).isEqualTo(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
			assertThat(reset[0]).isEqualTo(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
			assertThat(millis).as("two calls of at most 200 ms each").isLessThan(2_000);
		} finally {
			disk.holdDeviceThread = null;
			busy.countDown();
			caller.shutdownNow();
		}
		// the device catches up: the posted ABORT found the request completed, the LUN reset reached the target
		assertGood(f.take(), 0);
		Awaitility.await().atMost(Duration.ofSeconds(5))
				.until(() -> disk.taskManagementFunctions.contains(HBARegisters.TMF_LOGICAL_UNIT_RESET));
		int[] response = { -1 };
		assertThat(f.driver.userTargetResetRequest(0, response)).isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(response[0]).isEqualTo(SCSIServiceResponse.FUNCTION_COMPLETE);
	}

	@ParameterizedTest
	@EnumSource(Path.class)
	void pauseHoldsNewTasksUntilPowerComesBack(Path path) throws Exception {
		TestFramework f = run(DriverSettings.defaults().withPath(path).withMaxTaskCount(16));
		assertThat(f.driver.setPowerState(IOServicePowerCapability.kIOServicePowerCapabilityPause, f))
				.isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(f.powerAcks).containsExactly(IOServicePowerCapability.kIOServicePowerCapabilityPause);
		byte[] cdb = new byte[16];
		int len = Cdb.testUnitReady(cdb);
		f.fill(2, cdb, len, SCSIDataTransferDirection.NO_DATA_TRANSFER, 0, 0, 0);
		assertThat(f.submit(2)).isEqualTo(SCSIServiceResponse.REQUEST_IN_PROCESS);
		Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
				.until(() -> disk.executed.get() == 0);
		assertThat(f.driver.setPowerState(IOServicePowerCapability.kIOServicePowerCapabilityOn, f))
				.isEqualTo(IOReturn.kIOReturnSuccess);
		assertGood(f.take(), 0);
		assertThat(f.powerAcks).containsExactly(IOServicePowerCapability.kIOServicePowerCapabilityPause,
				IOServicePowerCapability.kIOServicePowerCapabilityOn);
	}

	@Test
	void powerOffWaitsForOutstandingRequestsAndTimesOutOnAStuckOne() throws Exception {
		TestFramework f = run(DriverSettings.defaults().withMaxTaskCount(16).withQuiesceTimeoutMillis(200));
		disk.delayEvenLbaNanos = 50_000_000; // 50 ms
		byte[] cdb = new byte[16];
		int len = Cdb.read10(cdb, 0, 1);
		f.fill(0, cdb, len, SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 512, 0, 0);
		f.submit(0);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> disk.executed.get() == 1);
		// the delayed request completes within the quiesce window: Off waits for it, then acknowledges
		assertThat(f.driver.setPowerState(IOServicePowerCapability.kIOServicePowerCapabilityOff, f))
				.isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(f.results).hasSize(1);
		assertThat(f.powerAcks).containsExactly(IOServicePowerCapability.kIOServicePowerCapabilityOff);
		f.driver.setPowerState(IOServicePowerCapability.kIOServicePowerCapabilityOn, f);
		f.take();

		disk.hold = true;
		f.fill(1, cdb, len, SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 512, 0, 0);
		f.submit(1);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> disk.executed.get() == 2);
		assertThat(f.driver.setPowerState(IOServicePowerCapability.kIOServicePowerCapabilityOff, f))
				.as("a request that never completes").isEqualTo(IOReturn.kIOReturnTimeout);
		assertThat(f.powerAcks).as("acknowledged even after the timeout").hasSize(3);
	}

	@Test
	void theComponentReadsItsConfiguration() {
		Map<String, Object> props = Map.of("path", "parallel", "maxTaskCount", 32, "interruptCoalescing_threshold", 8,
				"interruptCoalescing_timeMicros", 20);
		// what DS hands the constructor: the annotation type backed by the configuration, defaults elsewhere
		ControllerConfiguration config = (ControllerConfiguration) java.lang.reflect.Proxy.newProxyInstance(
				getClass().getClassLoader(), new Class<?>[] { ControllerConfiguration.class },
				(proxy, method, args) -> props.getOrDefault(method.getName(), method.getDefaultValue()));
		HBAKitSimulatedHBAController c = new HBAKitSimulatedHBAController(config, null);
		assertThat(c.settings()).isEqualTo(new DriverSettings(Path.PARALLEL, 32, 8, 20, true, 1 << 20, 4000, 200));
	}
}
