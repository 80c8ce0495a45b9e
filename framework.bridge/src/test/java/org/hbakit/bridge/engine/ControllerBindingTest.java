package org.hbakit.bridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.hbakit.bridge.engine.SoftwareController.Misbehaviour;
import org.hbakit.bridge.supervisor.DeviceSupervisor;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.IODoneResult;
import org.hbakit.controller.api.client.KernReturn;
import org.hbakit.controller.api.registry.DeviceState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine against a software controller: both paths, misbehaviour contained, timeouts escalated, swaps. */
class ControllerBindingTest {
	static final EngineSettings FAST = EngineSettings.of(100, 30, 500, 500, 1000, 4);
	private final EngineHarness harness = new EngineHarness(FAST);

	@AfterEach
	void tearDown() {
		harness.close();
	}

	private ControllerBinding bind(SoftwareController c) throws InterruptedException {
		harness.offer("Software", () -> c);
		DeviceSupervisor s = harness.device(new FakeDevice(), "hba9");
		assertThat(s.state()).as(s.reason()).isEqualTo(DeviceState.BOUND);
		return s.binding();
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void bothPathsScanAndMoveData(boolean bundled) throws Exception {
		ControllerBinding b = bind(new SoftwareController(bundled));
		assertThat(b.path()).isEqualTo(bundled ? "bundled" : "parallel");
		assertThat(harness.units).hasSize(1);
		LogicalUnit u = harness.units.get(0);
		assertThat(u.name()).isEqualTo("hba9:0:0");
		assertThat(u.blockCount()).isEqualTo(SoftwareController.BLOCKS);
		ByteBuffer out = ByteBuffer.allocateDirect(4096);
		for (int i = 0; i < 4096; i++) {
			out.put(i, (byte) (i * 7));
		}
		u.write(8, out);
		ByteBuffer in = ByteBuffer.allocateDirect(4096);
		u.read(8, in);
		assertThat(in).isEqualTo(out.rewind());
		assertThat(b.violations()).isZero();
	}

	@Test
	void ioDoneQueueReturnsEveryRequestOnceInCompletionOrderWithItsId() throws Exception {
		bind(new SoftwareController(true));
		LogicalUnit u = harness.units.get(0);
		IODoneQueueImpl q = new IODoneQueueImpl(32);
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 32; i++) {
			assertThat(q.deviceReadAsync(u, 1000 + i, IODoneQueueImpl.D_DEFER, i, ByteBuffer.allocateDirect(512), 512))
					.isEqualTo(KernReturn.KERN_SUCCESS);
		}
		assertThat(q.deviceReadAsync(u, 1, IODoneQueueImpl.D_NOWAIT, 0, ByteBuffer.allocateDirect(512), 512))
				.isEqualTo(KernReturn.KERN_RESOURCE_SHORTAGE);
		IODoneResult r = new IODoneResult();
		for (int i = 0; i < 32; i++) {
			assertThat(q.ioDoneQueueWait(r)).isEqualTo(KernReturn.KERN_SUCCESS);
			assertThat(r.returnCode()).isEqualTo(IOReturn.kIOReturnSuccess);
			ids.add(r.requestId());
		}
		assertThat(ids).containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(1000, 1032).boxed().toList());
		assertThat(q.deviceReadAsync(u, 1, 0, SoftwareController.BLOCKS, ByteBuffer.allocateDirect(512), 512))
				.isEqualTo(KernReturn.KERN_INVALID_ARGUMENT);
		assertThat(q.ioDoneQueueTerminate()).isEqualTo(KernReturn.KERN_SUCCESS);
		assertThat(q.ioDoneQueueWait(r)).isEqualTo(KernReturn.KERN_TERMINATED);
		assertThat(q.ioDoneQueueTerminate()).isEqualTo(KernReturn.KERN_INVALID_ARGUMENT);
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aControllerThatNeverCompletesIsEscalatedAndTheClientGetsATimeoutOnce(boolean bundled) throws Exception {
		SoftwareController c = new SoftwareController(bundled);
		ControllerBinding b = bind(c);
		c.misbehaviour = Misbehaviour.NEVER_COMPLETES;
		long start = System.nanoTime();
		var result = harness.units.get(0).execute(new byte[] { 0x00, 0, 0, 0, 0, 0 }, 6, null, 0, 50);
		assertThat(result.serviceResponse()).isEqualTo(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
		assertThat(result.status()).isEqualTo(SCSITaskStatus.TASK_TIMEOUT_OCCURRED);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> c.aborts.get() == 1 && c.resets.get() == 2);
		assertThat(b.timeouts()).isEqualTo(1);
		assertThat(b.quarantined()).isEqualTo(1);
		assertThat(System.nanoTime() - start).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(50));
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aSecondCompletionIsRefusedAndTheClientSeesOne(boolean bundled) throws Exception {
		SoftwareController c = new SoftwareController(bundled);
		ControllerBinding b = bind(c);
		c.misbehaviour = Misbehaviour.COMPLETES_TWICE;
		IODoneQueueImpl q = new IODoneQueueImpl(4);
		assertThat(q.deviceReadAsync(harness.units.get(0), 5, 0, 0, ByteBuffer.allocateDirect(512), 512)).isZero();
		IODoneResult r = new IODoneResult();
		assertThat(q.ioDoneQueueWait(r)).isZero();
		assertThat(r.requestId()).isEqualTo(5);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> b.violations() >= 1);
		assertThat(b.violations()).as(harness.log.warnings.toString()).isEqualTo(1);
		assertThat(q.ioDoneQueueWait(r, TimeUnit.MILLISECONDS.toNanos(100))).isEqualTo(KernReturn.KERN_OPERATION_TIMED_OUT);
		// the bundled path catches it as a slot the controller no longer owns, the parallel path as a task not in flight
		assertThat(harness.log.warnings).anyMatch(w -> w.contains(bundled ? "does not own" : "not in flight"));
	}

	@Test
	void aCompletionOfASlotTheControllerDoesNotOwnIsRefused() throws Exception {
		SoftwareController c = new SoftwareController(true);
		ControllerBinding b = bind(c);
		c.misbehaviour = Misbehaviour.WRONG_SLOT;
		ByteBuffer in = ByteBuffer.allocateDirect(512);
		harness.units.get(0).read(0, in);
		assertThat(b.violations()).isEqualTo(1);
		assertThat(harness.log.warnings).anyMatch(w -> w.contains("does not own"));
	}

	@Test
	void aWrongResponseVersionOnTheParallelPathIsDroppedAsTheIIGSaysAndTheTaskTimesOut() throws Exception {
		SoftwareController c = new SoftwareController(false);
		ControllerBinding b = bind(c);
		c.misbehaviour = Misbehaviour.WRONG_VERSION;
		var result = harness.units.get(0).execute(new byte[] { 0x00, 0, 0, 0, 0, 0 }, 6, null, 0, 50);
		assertThat(result.status()).isEqualTo(SCSITaskStatus.TASK_TIMEOUT_OCCURRED);
		assertThat(b.violations()).isPositive();
		assertThat(harness.log.warnings).anyMatch(w -> w.contains("response version 2"));
	}

	@Test
	void aWrongResponseVersionOnTheBundledPathTakesTheSlotBackAndFailsTheRequestOnce() throws Exception {
		SoftwareController c = new SoftwareController(true);
		ControllerBinding b = bind(c);
		c.misbehaviour = Misbehaviour.WRONG_VERSION;
		for (int i = 0; i < 40; i++) { // more than the 16 tasks: a leaked slot would leave requests waiting forever
			var result = harness.units.get(0).execute(new byte[] { 0x00, 0, 0, 0, 0, 0 }, 6, null, 0, 10_000);
			assertThat(result.serviceResponse()).isEqualTo(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
			assertThat(result.status()).isEqualTo(SCSITaskStatus.DELIVERY_FAILURE);
		}
		assertThat(b.violations()).isEqualTo(40);
		assertThat(b.timeouts()).isZero();
		assertThat(b.inFlight()).isZero();
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aThrowingControllerFailsTheRequestOnce(boolean bundled) throws Exception {
		SoftwareController c = new SoftwareController(bundled);
		ControllerBinding b = bind(c);
		c.misbehaviour = Misbehaviour.THROWS;
		var result = harness.units.get(0).execute(new byte[] { 0x00, 0, 0, 0, 0, 0 }, 6, null, 0, 1000);
		assertThat(result.serviceResponse()).isEqualTo(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
		assertThat(result.status()).isEqualTo(SCSITaskStatus.DELIVERY_FAILURE);
		assertThat(b.violations()).isEqualTo(1);
		c.misbehaviour = Misbehaviour.NONE;
		harness.units.get(0).read(0, ByteBuffer.allocateDirect(512));
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void anErrorFromTheControllerIsItsViolationNotTheFrameworksDeath(boolean bundled) throws Exception {
		SoftwareController c = new SoftwareController(bundled);
		ControllerBinding b = bind(c);
		c.misbehaviour = Misbehaviour.THROWS_ERROR;
		var result = harness.units.get(0).execute(new byte[] { 0x00, 0, 0, 0, 0, 0 }, 6, null, 0, 1000);
		assertThat(result.status()).isEqualTo(SCSITaskStatus.DELIVERY_FAILURE);
		assertThat(b.violations()).isEqualTo(1);
		assertThat(harness.log.warnings).anyMatch(w -> w.contains(bundled ? "NoClassDefFoundError" : "StackOverflowError"));
		c.misbehaviour = Misbehaviour.NONE;
		harness.units.get(0).read(0, ByteBuffer.allocateDirect(512));
	}

	@Test
	void aMissingRequiredConstraintFailsTheStartNamingTheKey() throws Exception {
		SoftwareController c = new SoftwareController(true);
		c.misbehaviour = Misbehaviour.MISSING_CONSTRAINT;
		harness.offer("Software", () -> c);
		DeviceSupervisor s = harness.device(new FakeDevice(), "hba9");
		assertThat(s.state()).isEqualTo(DeviceState.FAILED);
		assertThat(s.reason()).contains("IOMaximumSegmentCountRead");
		assertThat(c.stopped).isTrue();
		assertThat(s.binding()).isNull();
	}

	@Test
	void swappingUnderLoadLosesNothing() throws Exception {
		harness.offer("SoftwareBundled", () -> new SoftwareController(true));
		harness.offer("SoftwareParallel", () -> new SoftwareController(false));
		DeviceSupervisor s = harness.device(new FakeDevice(), "hba9");
		LogicalUnit u = harness.units.get(0);
		IODoneQueueImpl q = new IODoneQueueImpl(16);
		ByteBuffer[] buffers = new ByteBuffer[16];
		for (int i = 0; i < 16; i++) {
			buffers[i] = ByteBuffer.allocateDirect(512);
			assertThat(q.deviceReadAsync(u, i, 0, i, buffers[i], 512)).isZero();
		}
		IODoneResult r = new IODoneResult();
		int completed = 0;
		for (int swap = 0; swap < 20; swap++) {
			String path = s.binding().path();
			s.rematch(null).get(10, TimeUnit.SECONDS);
			assertThat(s.binding().path()).isNotEqualTo(path);
			for (int i = 0; i < 16; i++) {
				assertThat(q.ioDoneQueueWait(r)).isZero();
				assertThat(r.returnCode()).isEqualTo(IOReturn.kIOReturnSuccess);
				completed++;
				int slot = (int) r.requestId();
				assertThat(q.deviceReadAsync(u, slot, 0, slot, buffers[slot].clear(), 512)).isZero();
			}
		}
		assertThat(completed).isEqualTo(20 * 16);
		assertThat(s.swaps()).hasSize(20);
		assertThat(harness.units).hasSize(1).containsExactly(u);
	}
}
