package org.hbakit.controller.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOServicePowerCapability;
import org.hbakit.controller.api.registry.DeviceState;
import org.hbakit.controller.api.simhba.HBARegisters;
import org.hbakit.controller.core.driver.DriverSettings;
import org.hbakit.controller.core.driver.SimulatedHBADriver;
import org.hbakit.controller.testlib.SimulatedHBABench;
import org.hbakit.controller.testlib.VerifiedIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reference controller through the real framework engine (the test library's bench): matching by its
 * Info.plist, both paths with verified data, a dropped command escalated to its abort, pause and on, a hot swap.
 * {@link SimulatedHBAControllerTest} drives the controller call by call instead.
 */
class ReferenceControllerOnTheEngineTest {
	private static final Path REFERENCE_PLIST = Path.of("src/main/resources/Info.plist");

	@ParameterizedTest
	@EnumSource(DriverSettings.Path.class)
	void bindsThroughTheInfoPlistAndMovesVerifiedDataOnEitherPath(DriverSettings.Path path) throws Exception {
		try (SimulatedHBABench bench = SimulatedHBABench
				.builder(() -> new SimulatedHBADriver(DriverSettings.defaults().withPath(path)))
				.infoPlist(REFERENCE_PLIST).ramLun(0, 0, "16m").ramLun(1, 3, "8m").start()) {
			assertThat(bench.state()).isEqualTo(DeviceState.BOUND);
			assertThat(bench.path()).isEqualTo(path == DriverSettings.Path.BUNDLED ? "bundled" : "parallel");
			assertThat(bench.luns()).extracting(u -> u.name()).containsExactly("hba0:0:0", "hba0:1:3");
			assertThat(bench.hba().memoryRead32(0, HBARegisters.CSTS) & HBARegisters.CSTS_RDY).isEqualTo(1);
			VerifiedIO.Result r = VerifiedIO.run(bench.lun(0, 0), 4, 64, 16);
			assertThat(r.writes()).isEqualTo(256);
			assertThat(bench.completed()).isGreaterThanOrEqualTo(512);
			assertThat(bench.violations()).isZero();
		}
	}

	@Test
	void aPersonalityForOtherPciIdsLeavesTheDeviceUnmatchedWithTheReason() {
		assertThatThrownBy(() -> SimulatedHBABench.builder(() -> new SimulatedHBADriver(DriverSettings.defaults()))
				.infoPlist(REFERENCE_PLIST).pciIds(0x1B4B, 0x5CE0).ramLun(0, 0, "1m").start())
				.isInstanceOf(AssertionError.class).hasMessageContaining("UNMATCHED").hasMessageContaining("hba0");
	}

	@Test
	void aRefusedPropertyIsNamedAsTheMachineNamesIt() {
		assertThatThrownBy(() -> SimulatedHBABench.builder(() -> new SimulatedHBADriver(DriverSettings.defaults()))
				.hba("vendor.id", "0xZZ").start()).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("vendor.id");
	}

	@Test
	void aDroppedCommandIsAbortedByTheControllerAndTheUnitStaysUsable() throws Exception {
		try (SimulatedHBABench bench = SimulatedHBABench
				.builder(() -> new SimulatedHBADriver(DriverSettings.defaults()))
				.taskTimeouts(Duration.ofMillis(50), Duration.ofMillis(20)).ramLun(0, 0, "4m").start()) {
			bench.faults(0, 0, "every_nth=1,drop=true");
			byte[] tur = new byte[6];
			var result = bench.lun(0, 0).execute(tur, 6, null, 0, 50);
			assertThat(result.serviceResponse()).as("%s", result).isNotEqualTo(
					org.hbakit.controller.api.SCSIServiceResponse.TASK_COMPLETE);
			assertThat(bench.timeouts()).isEqualTo(1);
			bench.faults(0, 0, "");
			assertThat(VerifiedIO.run(bench.lun(0, 0), 1, 8, 8).reads()).isEqualTo(8);
			assertThat(bench.violations()).isZero();
		}
	}

	@Test
	void pauseHoldsIoAndOnResumesIt() throws Exception {
		try (SimulatedHBABench bench = SimulatedHBABench
				.builder(() -> new SimulatedHBADriver(DriverSettings.defaults())).ramLun(0, 0, "4m").start()) {
			assertThat(bench.power(IOServicePowerCapability.kIOServicePowerCapabilityPause))
					.isEqualTo(IOReturn.kIOReturnSuccess);
			assertThat(bench.state()).isEqualTo(DeviceState.PAUSED);
			var held = bench.lun(0, 0).submit(new byte[6], 6, null, 0, 0);
			assertThat(held.toCompletableFuture()).isNotDone();
			assertThat(bench.power(IOServicePowerCapability.kIOServicePowerCapabilityOn))
					.isEqualTo(IOReturn.kIOReturnSuccess);
			assertThat(held.toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS).serviceResponse())
					.isEqualTo(org.hbakit.controller.api.SCSIServiceResponse.TASK_COMPLETE);
		}
	}

	@Test
	void aSwapUnderTheBenchStartsAFreshInstance() throws Exception {
		try (SimulatedHBABench bench = SimulatedHBABench
				.builder(() -> new SimulatedHBADriver(DriverSettings.defaults())).ramLun(0, 0, "4m").start()) {
			var first = bench.controller();
			bench.swap();
			assertThat(bench.controller()).isNotSameAs(first);
			assertThat(VerifiedIO.run(bench.lun(0, 0), 2, 16, 8).reads()).isEqualTo(32);
		}
	}
}
