package org.hbakit.bridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.hbakit.bridge.supervisor.DeviceSupervisor;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.registry.DeviceState;
import org.hbakit.controller.api.scsi.LogicalUnitNumber;
import org.hbakit.controller.api.scsi.SCSIOperationCode;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.controller.api.scsi.SenseData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scan is part of a swap's pause, so it is pipelined: LUN 0's REQUEST SENSE, INQUIRY and READ CAPACITY go out
 * with REPORT LUNS, before any of them is answered (a scan waiting for each kind of answer in turn costs a round
 * trip through the HBA per kind); REQUEST SENSE takes the reset's unit attention before READ CAPACITY would meet it
 * and be retried; a swap's scan sends the units it knows in its first round.
 */
class LunScanRoundsTest {
	private static final long LUN1 = LogicalUnitNumber.encode(1);
	private final EngineHarness harness = new EngineHarness(EngineSettings.of(10_000, 30, 500, 500, 1000, 4));

	@AfterEach
	void tearDown() {
		harness.close();
	}

	/** Records the operation code of every task as it is dispatched, before the bus answers it. */
	static class RecordingController extends SoftwareController {
		final List<Integer> dispatched;

		RecordingController(boolean bundled) {
			this(bundled, new CopyOnWriteArrayList<>());
		}

		RecordingController(boolean bundled, List<Integer> dispatched) {
			super(bundled);
			this.dispatched = dispatched;
		}

		@Override
		public int userProcessParallelTask(SCSIUserParallelTask task, int[] response,
				org.hbakit.controller.api.ParallelTaskCompletion completion) {
			dispatched.add(task.cdbByte(0) & 0xFF);
			return super.userProcessParallelTask(task, response, completion);
		}

		@Override
		public void userProcessBundledParallelTasks(int[] slots, int count,
				org.hbakit.controller.api.BundledParallelTaskCompletion completion) {
			for (int i = 0; i < count; i++) {
				dispatched.add(commands.slot(slots[i]).cdbByte(0) & 0xFF);
			}
			super.userProcessBundledParallelTasks(slots, count, completion);
		}
	}

	/**
	 * A target with LUNs 0 and 1 that behaves as the simulated HBA's after {@code CC.EN} toggles: every controller
	 * start leaves 06/29/00 pending on both units (shared: the units are the device's, not the controller's), which
	 * any command but INQUIRY, REPORT LUNS and REQUEST SENSE reports once, and REQUEST SENSE takes.
	 */
	static final class ResettingController extends RecordingController {
		final Set<Long> attention;
		/** READ CAPACITY (16) commands that met the unit attention. */
		final List<Long> metAttention;

		ResettingController(boolean bundled, List<Integer> dispatched, Set<Long> attention, List<Long> metAttention) {
			super(bundled, dispatched);
			this.attention = attention;
			this.metAttention = metAttention;
		}

		@Override
		public int userInitializeController() {
			attention.add(0L);
			attention.add(LUN1);
			return super.userInitializeController();
		}

		@Override
		public int userReportHBAHighestLogicalUnitNumber(long[] value) {
			value[0] = 1;
			return IOReturn.kIOReturnSuccess;
		}

		@Override
		void execute(SCSIUserParallelTask task, SCSIUserParallelResponse r) {
			long lun = task.logicalUnitBytes();
			int op = task.cdbByte(0) & 0xFF;
			if (op == SCSIOperationCode.REQUEST_SENSE) {
				attention.remove(lun);
				super.execute(task, r); // answered as unsupported here: the scan ignores the answer
				return;
			}
			if (op != SCSIOperationCode.INQUIRY && op != SCSIOperationCode.REPORT_LUNS && attention.remove(lun)) {
				metAttention.add(lun);
				super.execute(task, r);
				byte[] sense = new byte[32];
				int n = SenseData.fixed(sense, SenseCode.POWER_ON_RESET);
				r.setBytesTransferred(0).setCompletionStatus(SCSITaskStatus.CHECK_CONDITION).setSense(sense, n);
				return;
			}
			super.execute(task, r);
			if (op == SCSIOperationCode.REPORT_LUNS) {
				java.nio.ByteBuffer[] data = new java.nio.ByteBuffer[1];
				family.userGetDataBuffer(task.targetID(), task.controllerTaskIdentifier(), data);
				data[0].putInt(0, 16).putLong(8, 0L).putLong(16, LUN1);
				r.setBytesTransferred(24);
			}
		}

		@Override
		void answer(SCSIUserParallelTask task, SCSIUserParallelResponse r) {
			execute(task, r);
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void requestSenseInquiryAndReadCapacityOfLunZeroGoOutWithReportLunsBeforeAnyAnswer(boolean bundled)
			throws Exception {
		RecordingController c = new RecordingController(bundled);
		CountDownLatch answers = new CountDownLatch(1);
		c.holdCompletions = answers; // nothing completes until the first round is all out
		harness.offer("Software", () -> c);
		DeviceSupervisor s = harness.bridge.addDevice(new FakeDevice(), "hba9");
		try {
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> c.dispatched.size() >= 4);
			assertThat(c.dispatched).as("the first round, dispatched with no answer back yet").containsExactly(
					SCSIOperationCode.REPORT_LUNS, SCSIOperationCode.REQUEST_SENSE, SCSIOperationCode.INQUIRY,
					SCSIOperationCode.SERVICE_ACTION_IN_16);
		} finally {
			answers.countDown();
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> s.state() == DeviceState.BOUND);
		assertThat(harness.units).hasSize(1);
		assertThat(harness.units.get(0).blockCount()).isEqualTo(SoftwareController.BLOCKS);
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aSwapScansTheUnitsItKnowsInOneRoundAndNoReadCapacityMeetsTheResetsUnitAttention(boolean bundled)
			throws Exception {
		List<Integer> dispatched = new CopyOnWriteArrayList<>();
		Set<Long> attention = ConcurrentHashMap.newKeySet();
		List<Long> metAttention = new CopyOnWriteArrayList<>();
		harness.offer("Resetting", () -> new ResettingController(bundled, dispatched, attention, metAttention));
		DeviceSupervisor s = harness.bridge.addDevice(new FakeDevice(), "hba9");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> s.state() == DeviceState.BOUND);
		assertThat(harness.units).hasSize(2);
		// first start: LUN 1 is learnt from REPORT LUNS, so it has a second round of its own
		assertThat(dispatched).hasSize(7);
		assertThat(metAttention).as("READ CAPACITY commands that met the reset's unit attention").isEmpty();

		dispatched.clear();
		assertThat(s.rematch(null).get(10, TimeUnit.SECONDS)).contains("hba9");
		assertThat(dispatched).as("the swap's scan: REPORT LUNS and both known units at once, nothing after")
				.containsExactly(SCSIOperationCode.REPORT_LUNS, SCSIOperationCode.REQUEST_SENSE,
						SCSIOperationCode.INQUIRY, SCSIOperationCode.SERVICE_ACTION_IN_16,
						SCSIOperationCode.REQUEST_SENSE, SCSIOperationCode.INQUIRY,
						SCSIOperationCode.SERVICE_ACTION_IN_16);
		assertThat(metAttention).isEmpty();
		assertThat(harness.units).hasSize(2);
	}

	@Test
	void aRescanWhileServingSendsNoRequestSense() throws Exception {
		List<Integer> dispatched = new CopyOnWriteArrayList<>();
		Set<Long> attention = ConcurrentHashMap.newKeySet();
		List<Long> metAttention = new CopyOnWriteArrayList<>();
		ResettingController c = new ResettingController(true, dispatched, attention, metAttention);
		harness.offer("Resetting", () -> c);
		DeviceSupervisor s = harness.bridge.addDevice(new FakeDevice(), "hba9");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> s.state() == DeviceState.BOUND);
		dispatched.clear();
		s.rescan();
		Awaitility.await().atMost(Duration.ofSeconds(10))
				.until(() -> dispatched.contains(SCSIOperationCode.SERVICE_ACTION_IN_16));
		assertThat(dispatched).doesNotContain(SCSIOperationCode.REQUEST_SENSE);
	}
}
