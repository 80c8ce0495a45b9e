package org.hbakit.controller.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.core.TestFramework.Result;
import org.hbakit.controller.core.driver.DriverSettings;
import org.hbakit.controller.core.driver.DriverSettings.Path;
import org.hbakit.controller.core.driver.SimulatedHBADriver;
import org.hbakit.hba.sim.machine.HbaSpec;
import org.hbakit.hba.sim.machine.LunSpec;
import org.hbakit.hba.sim.pci.PciIdentity;
import org.hbakit.hba.sim.pci.SimulatedPciHba;
import org.hbakit.hba.sim.scsi.bind.ScsiTargetBinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reference controller's task management against a long command on the real simulated disk: ABORT TASK of a
 * VERIFY(16) with BYTCHK over 2^31 blocks of a null LUN (minutes of comparing) answers FUNCTION COMPLETE within the
 * controller's task-management bound and the VERIFY completes aborted; a short READ behind it is not held up.
 */
class LongCommandTaskManagementTest {
	private static final long NULL_BLOCKS = 1L << 31;

	private final ScsiTargetBinder binder = new ScsiTargetBinder();
	private SimulatedPciHba hba;
	private TestFramework framework;

	@BeforeEach
	void setUp() {
		hba = new SimulatedPciHba("hba2", "pci0000:00:06.0", PciIdentity.DEFAULT, 1024, 1, 8, 7, 4096,
				System.getLogger("test"));
		HbaSpec spec = new HbaSpec("p", "hba2", "pci0000:00:06.0", PciIdentity.DEFAULT, 1024, 1, 8, 7, Map.of());
		binder.bind(hba, spec, List.of(new LunSpec("l", "hba2", 0, 0, NULL_BLOCKS * 512, 512, LunSpec.Backing.NULL,
				null, "HBAKIT", "NULLDISK", "N0", Map.of())));
		hba.start();
	}

	@AfterEach
	void tearDown() {
		if (framework != null && !framework.stopped) {
			framework.stop();
		}
		hba.stop();
		binder.unbind(hba);
		if (framework != null) {
			assertThat(framework.violations).as("contract violations seen by the framework").hasValue(0);
		}
	}

	@ParameterizedTest
	@EnumSource(Path.class)
	void abortTaskOfAVerifyOverTwoToTheThirtyFirstBlocksCompletesWithinTheBound(Path path) throws Exception {
		framework = new TestFramework(hba, new SimulatedHBADriver(DriverSettings.defaults().withPath(path)
				.withMaxTaskCount(8).withTaskManagementTimeoutMillis(1000))).startSequence();
		TestFramework f = framework;
		byte[] cdb = new byte[16];
		f.fill(0, cdb, Cdb.testUnitReady(cdb), SCSIDataTransferDirection.NO_DATA_TRANSFER, 0, 0, 0);
		f.submit(0);
		assertThat(f.take().status()).as("power-on unit attention").isEqualTo(SCSITaskStatus.CHECK_CONDITION);

		cdb = new byte[16];
		cdb[0] = (byte) 0x8F; // VERIFY(16), BYTCHK 11b: the (zero) data-out block against every block
		cdb[1] = 0x06;
		Cdb.put32(cdb, 10, NULL_BLOCKS);
		f.fill(1, cdb, 16, SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET, 512, 0, 0);
		f.submit(1);
		byte[] read = new byte[16];
		f.fill(2, read, Cdb.read10(read, 4096, 8), SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 4096, 0, 0);
		f.submit(2);
		Result r = f.results.poll(2, TimeUnit.SECONDS);
		assertThat(r).as("the READ behind the VERIFY completes").isNotNull();
		assertThat(r.index()).isEqualTo(2);
		assertThat(r.status()).isEqualTo(SCSITaskStatus.GOOD);
		Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
				.until(() -> f.driver.statistics().inFlight() == 1);

		int[] response = { -1 };
		long start = System.nanoTime();
		int rc = f.driver.userAbortTaskRequest(0, 0, 1000 + 1, response);
		long millis = (System.nanoTime() - start) / 1_000_000L;
		assertThat(rc).isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(response[0]).isEqualTo(SCSIServiceResponse.FUNCTION_COMPLETE);
		assertThat(millis).as("within the 1000 ms bound").isLessThan(1000);
		Result aborted = f.results.poll(1, TimeUnit.SECONDS);
		assertThat(aborted).as("delivered before ABORT TASK returned").isNotNull();
		assertThat(aborted.index()).isEqualTo(1);
		assertThat(aborted.serviceResponse()).isEqualTo(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
		assertThat(aborted.status()).isEqualTo(SCSITaskStatus.TASK_TIMEOUT_OCCURRED);
	}
}
