package org.hbakit.bridge.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.hbakit.bridge.supervisor.DeviceSupervisor;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOSCSIParallelFamily;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.registry.DeviceState;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.controller.api.scsi.SenseData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The framework members a controller calls, to the letter of their contract. */
class FamilyContractTest {
	private final EngineHarness harness = new EngineHarness(EngineSettings.of(2000, 30, 500, 500, 1000, 4)
			.withControllerCallTimeoutMs(30_000));

	@AfterEach
	void tearDown() {
		harness.close();
	}

	private DeviceSupervisor bound(SoftwareController c) throws InterruptedException {
		harness.offer("Software", () -> c);
		DeviceSupervisor s = harness.device(new FakeDevice(), "hba9");
		assertThat(s.state()).as(s.reason()).isEqualTo(DeviceState.BOUND);
		return s;
	}

	/** No autosense: TEST UNIT READY fails without sense, REQUEST SENSE is answered through UserGetDataBuffer. */
	static final class NoAutosenseController extends SoftwareController {
		NoAutosenseController() {
			super(false);
		}

		@Override
		public int userDoesHBAPerformAutoSense(boolean[] result) {
			result[0] = false;
			return IOReturn.kIOReturnSuccess;
		}

		@Override
		void answer(SCSIUserParallelTask task, SCSIUserParallelResponse r) {
			byte[] cdb = new byte[16];
			task.commandDescriptorBlock(cdb);
			if (cdb[0] == 0x28) { // READ(10): fail without sense, after writing nothing
				r.clear().setVersion(SCSIUserParallelResponse.CURRENT_VERSION)
						.setControllerTaskIdentifier(task.controllerTaskIdentifier())
						.setServiceResponse(SCSIServiceResponse.TASK_COMPLETE)
						.setCompletionStatus(SCSITaskStatus.CHECK_CONDITION);
				return;
			}
			if (cdb[0] == 0x03) { // REQUEST SENSE: the controller moves the data itself
				ByteBuffer[] b = new ByteBuffer[1];
				family.userGetDataBuffer(task.targetID(), task.controllerTaskIdentifier(), b);
				byte[] sense = new byte[18];
				int n = SenseData.fixed(sense, SenseCode.LBA_OUT_OF_RANGE);
				b[0].put(0, sense, 0, n);
				r.clear().setVersion(SCSIUserParallelResponse.CURRENT_VERSION)
						.setControllerTaskIdentifier(task.controllerTaskIdentifier())
						.setServiceResponse(SCSIServiceResponse.TASK_COMPLETE).setCompletionStatus(SCSITaskStatus.GOOD)
						.setBytesTransferred(n);
				return;
			}
			super.answer(task, r);
		}

		@Override
		public int userProcessParallelTask(SCSIUserParallelTask task, int[] response,
				org.hbakit.controller.api.ParallelTaskCompletion completion) {
			SCSIUserParallelResponse r = new SCSIUserParallelResponse();
			answer(task, r);
			response[0] = SCSIServiceResponse.REQUEST_IN_PROCESS;
			completion.parallelTaskCompletion(r);
			return IOReturn.kIOReturnSuccess;
		}
	}

	@Test
	void duringFrameworkAutosenseUserGetDataBufferIsTheSenseBufferNotTheClientsData() throws Exception {
		bound(new NoAutosenseController());
		ByteBuffer data = ByteBuffer.allocateDirect(512);
		for (int i = 0; i < 512; i++) {
			data.put(i, (byte) 0x5A);
		}
		byte[] cdb = new byte[10];
		int n = Cdb.read10(cdb, 0, 1);
		SCSITaskResult r = harness.units.get(0).execute(cdb, n, data, 2, 1000);
		assertThat(r.status()).isEqualTo(SCSITaskStatus.CHECK_CONDITION);
		assertThat(SenseData.asc(r.sense(), r.sense().length)).isEqualTo(0x21); // the framework fetched it
		for (int i = 0; i < 512; i++) {
			assertThat(data.get(i)).as("client byte %d", i).isEqualTo((byte) 0x5A);
		}
	}

	@Test
	void aMaximumTaskCountAbove65535BindsOnTheParallelPath() throws Exception {
		DeviceSupervisor s = bound(new SoftwareController(70_000, false));
		assertThat(s.binding().maxTaskCount()).isEqualTo(70_000);
		assertThat(s.binding().path()).isEqualTo("parallel");
		harness.units.get(0).read(0, ByteBuffer.allocateDirect(512));
	}

	@Test
	void aBadCdbArrayIsAnIllegalArgumentNotAnArrayOrNullPointerException() throws Exception {
		bound(new SoftwareController(true));
		LogicalUnit u = harness.units.get(0);
		assertThatThrownBy(() -> u.execute(new byte[2], 6, null, 0, 0)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> u.execute(null, 6, null, 0, 0)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> u.submit(new byte[2], 6, null, 0, 0)).isInstanceOf(IllegalArgumentException.class);
	}

	/** Manages its targets: creates target 1 from a thread of its own once it is bound. */
	static final class DeviceManagingController extends SoftwareController {
		final Set<String> initializeThreads = ConcurrentHashMap.newKeySet();
		final java.util.concurrent.atomic.AtomicInteger initializations = new java.util.concurrent.atomic.AtomicInteger();

		DeviceManagingController() {
			super(true);
		}

		@Override
		public int userDoesHBAPerformDeviceManagement(boolean[] result) {
			result[0] = true;
			return IOReturn.kIOReturnSuccess;
		}

		@Override
		public int userReportHighestSupportedDeviceID(long[] id) {
			id[0] = 3;
			return IOReturn.kIOReturnSuccess;
		}

		@Override
		public int userInitializeTargetForID(long targetID) {
			initializeThreads.add(Thread.currentThread().getName());
			initializations.incrementAndGet();
			return IOReturn.kIOReturnSuccess;
		}

		@Override
		public int userStartController() {
			return family.userCreateTargetForID(0, Map.of()); // during start: recorded, scanned with the rest
		}

		IOSCSIParallelFamily family() {
			return family;
		}
	}

	@Test
	void userCreateTargetForIdInitialisesOnTheControllersQueueAfterItsDuplicateCheck() throws Exception {
		DeviceManagingController c = new DeviceManagingController();
		DeviceSupervisor s = bound(c);
		assertThat(s.binding().targets()).containsExactly(0L);
		int[] rc = new int[2];
		Thread own = new Thread(() -> {
			rc[0] = c.family().userCreateTargetForID(1, Map.of("name", "one"));
			rc[1] = c.family().userCreateTargetForID(1, Map.of());
		}, "controller-own-thread");
		own.start();
		own.join(TimeUnit.SECONDS.toMillis(20));
		assertThat(rc[0]).isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(rc[1]).isEqualTo(IOReturn.kIOReturnExclusiveAccess);
		assertThat(c.initializations.get()).as("no init for the duplicate").isEqualTo(2);
		assertThat(c.initializeThreads).allMatch(n -> n.endsWith("-controller"));
		assertThat(s.binding().targets()).containsExactlyInAnyOrder(0L, 1L);
	}

	@Test
	void afterTheBindingEndsEveryFamilyMemberAnswersOffline() throws Exception {
		SoftwareController c = new SoftwareController(true);
		harness.offer("Software", () -> c);
		harness.offer("Other", 10, () -> new SoftwareController(true));
		DeviceSupervisor s = harness.device(new FakeDevice(), "hba9");
		s.rematch("Other").get(10, TimeUnit.SECONDS);
		IOSCSIParallelFamily f = c.family;
		int off = IOReturn.kIOReturnOffline;
		assertThat(f.userReportHBAConstraints(Map.of())).isEqualTo(off);
		assertThat(f.userCreateTargetForID(1, Map.of())).isEqualTo(off);
		assertThat(f.userDestroyTargetForID(0)).isEqualTo(off);
		assertThat(f.userTargetPresentForID(0, new boolean[1])).isEqualTo(off);
		assertThat(f.userGetDataBuffer(0, 100, new ByteBuffer[1])).isEqualTo(off);
		assertThat(f.userSetHBAProperties(Map.of())).isEqualTo(off);
		assertThat(f.userRemoveHBAProperties(List.of())).isEqualTo(off);
		assertThat(f.userSetTargetProperties(0, Map.of())).isEqualTo(off);
		assertThat(f.userRemoveTargetProperties(0, List.of())).isEqualTo(off);
		assertThat(f.userCallMediaParametersHaveChanged()).isEqualTo(off);
		assertThat(f.setPowerStateComplete(0)).isEqualTo(off);
	}
}
