package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOServicePowerCapability;
import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.registry.DeviceState;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.testlib.SimulatedHBABench;
import org.hbakit.controller.testlib.VerifiedIO;
import org.junit.jupiter.api.Test;

/**
 * Plain JUnit: the controller against the real framework engine and a simulated HBA with this controller's PCI
 * ids, in this JVM, without OSGi (HBAKit's test library). Each test takes milliseconds.
 */
class ExampleSCSIControllerTest {
	private static final Path INFO_PLIST = Path.of("src/main/resources/Info.plist");

	private static SimulatedHBABench bench() {
		return SimulatedHBABench.builder(ExampleSCSIController::new).infoPlist(INFO_PLIST)
				.pciIds(0x${pciVendor}, 0x${pciDevice}).ramLun(0, 0, "16m").ramLun(1, 0, "4m")
				.taskTimeouts(Duration.ofMillis(200), Duration.ofMillis(50)).start();
	}

	@Test
	void bindsThroughItsPersonalityAndPublishesEveryLun() {
		try (SimulatedHBABench bench = bench()) {
			assertThat(bench.state()).isEqualTo(DeviceState.BOUND);
			assertThat(bench.path()).isEqualTo("parallel");
			assertThat(bench.luns()).extracting(SCSILogicalUnit::name).containsExactly("hba0:0:0", "hba0:1:0");
		}
	}

	@Test
	void movesVerifiedDataFromConcurrentSubmitters() throws Exception {
		try (SimulatedHBABench bench = bench()) {
			VerifiedIO.Result r = VerifiedIO.run(bench.lun(0, 0), 4, 64, 32);
			assertThat(r.reads()).isEqualTo(256);
			assertThat(bench.violations()).isZero();
		}
	}

	@Test
	void aCommandBeyondTheEndGetsCheckConditionWithAutosense() throws Exception {
		try (SimulatedHBABench bench = bench()) {
			SCSILogicalUnit unit = bench.lun(1, 0);
			byte[] cdb = new byte[16];
			int length = Cdb.read10(cdb, unit.blockCount(), 1);
			SCSITaskResult r = unit.execute(cdb, length, ByteBuffer.allocateDirect(512),
					SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 0);
			assertThat(r.serviceResponse()).isEqualTo(SCSIServiceResponse.TASK_COMPLETE);
			assertThat(r.status()).isEqualTo(SCSITaskStatus.CHECK_CONDITION);
			assertThat(r.sense()[2] & 0x0F).as("sense key ILLEGAL REQUEST").isEqualTo(0x05);
		}
	}

	@Test
	void aDroppedCommandIsAbortedAndTheUnitStaysUsable() throws Exception {
		try (SimulatedHBABench bench = bench()) {
			bench.faults(0, 0, "every_nth=1,drop=true");
			SCSITaskResult r = bench.lun(0, 0).execute(new byte[6], 6, null,
					SCSIDataTransferDirection.NO_DATA_TRANSFER, 100);
			assertThat(r.serviceResponse()).isNotEqualTo(SCSIServiceResponse.TASK_COMPLETE);
			assertThat(bench.timeouts()).isEqualTo(1);
			bench.faults(0, 0, "");
			assertThat(VerifiedIO.run(bench.lun(0, 0), 1, 8, 8).reads()).isEqualTo(8);
		}
	}

	@Test
	void pauseHoldsRequestsAndOnReleasesThem() throws Exception {
		try (SimulatedHBABench bench = bench()) {
			assertThat(bench.power(IOServicePowerCapability.kIOServicePowerCapabilityPause))
					.isEqualTo(IOReturn.kIOReturnSuccess);
			var held = bench.lun(0, 0).submit(new byte[6], 6, null, SCSIDataTransferDirection.NO_DATA_TRANSFER, 0)
					.toCompletableFuture();
			assertThat(held).isNotDone();
			assertThat(bench.power(IOServicePowerCapability.kIOServicePowerCapabilityOn))
					.isEqualTo(IOReturn.kIOReturnSuccess);
			assertThat(held.get().isGood()).isTrue();
			assertThat(VerifiedIO.run(bench.lun(0, 0), 2, 16, 8).reads()).isEqualTo(32);
		}
	}

	@Test
	void aHotSwapUnderTheEngineStartsAFreshInstanceOnTheSameDevice() throws Exception {
		try (SimulatedHBABench bench = bench()) {
			var first = bench.controller();
			bench.swap();
			assertThat(bench.controller()).isNotSameAs(first);
			assertThat(VerifiedIO.run(bench.lun(0, 0), 2, 16, 8).reads()).isEqualTo(32);
		}
	}
}
