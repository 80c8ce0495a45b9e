package org.hbakit.bridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.awaitility.Awaitility;
import org.hbakit.bridge.supervisor.DeviceSupervisor;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.registry.DeviceState;
import org.hbakit.controller.api.scsi.SCSIOperationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scan is part of a swap's pause, so it is pipelined: LUN 0's INQUIRY and READ CAPACITY go out with REPORT
 * LUNS, before any of them is answered (a scan waiting for each kind of answer in turn costs a round trip through
 * the HBA per kind).
 */
class LunScanRoundsTest {
	private final EngineHarness harness = new EngineHarness(EngineSettings.of(10_000, 30, 500, 500, 1000, 4));

	@AfterEach
	void tearDown() {
		harness.close();
	}

	/** Records the operation code of every task as it is dispatched, before the bus answers it. */
	static final class RecordingController extends SoftwareController {
		final List<Integer> dispatched = new CopyOnWriteArrayList<>();

		RecordingController(boolean bundled) {
			super(bundled);
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

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void inquiryAndReadCapacityOfLunZeroGoOutWithReportLunsBeforeAnyAnswer(boolean bundled) throws Exception {
		RecordingController c = new RecordingController(bundled);
		CountDownLatch answers = new CountDownLatch(1);
		c.holdCompletions = answers; // nothing completes until the first round is all out
		harness.offer("Software", () -> c);
		DeviceSupervisor s = harness.bridge.addDevice(new FakeDevice(), "hba9");
		try {
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> c.dispatched.size() >= 3);
			assertThat(c.dispatched).as("the first round, dispatched with no answer back yet").containsExactly(
					SCSIOperationCode.REPORT_LUNS, SCSIOperationCode.INQUIRY, SCSIOperationCode.SERVICE_ACTION_IN_16);
		} finally {
			answers.countDown();
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> s.state() == DeviceState.BOUND);
		assertThat(harness.units).hasSize(1);
		assertThat(harness.units.get(0).blockCount()).isEqualTo(SoftwareController.BLOCKS);
	}
}
