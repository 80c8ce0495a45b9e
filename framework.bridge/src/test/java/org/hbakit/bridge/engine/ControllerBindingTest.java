package org.hbakit.bridge.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.IODoneResult;
import org.hbakit.controller.api.client.KernReturn;
import org.hbakit.bridge.engine.SoftwareController.Misbehaviour;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine against a software controller: both paths, misbehaviour contained, timeouts escalated, swaps. */
class ControllerBindingTest {
	private static final EngineSettings FAST = new EngineSettings(100, 30, 500, 500, 1000, 4);
	private final List<LogicalUnit> units = new CopyOnWriteArrayList<>();
	private final List<String> warnings = new CopyOnWriteArrayList<>();
	private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
	private HostAdapter adapter;

	private HostAdapter adapter() {
		EngineLog log = new EngineLog() {
			@Override
			public void info(String message) {
			}

			@Override
			public void warn(String message) {
				warnings.add(message);
			}

			@Override
			public void error(String message, Throwable cause) {
				warnings.add(message);
			}
		};
		adapter = new HostAdapter(new FakeDevice(), "hba9", FAST, log, new HostAdapter.Listener() {
			@Override
			public void logicalUnitAdded(LogicalUnit unit) {
				units.add(unit);
			}

			@Override
			public void logicalUnitChanged(LogicalUnit unit) {
			}

			@Override
			public void logicalUnitRemoved(LogicalUnit unit) {
				units.remove(unit);
			}
		});
		watchdog.scheduleWithFixedDelay(() -> {
			ControllerBinding b = adapter.binding();
			if (b != null) {
				b.checkTimeouts(System.nanoTime());
			}
		}, 5, 5, TimeUnit.MILLISECONDS);
		return adapter;
	}

	private static ControllerBinding.Identity id(String version) {
		return new ControllerBinding.Identity("test.controller", version, "Software", "SoftwareController");
	}

	@AfterEach
	void tearDown() {
		watchdog.shutdownNow();
		if (adapter != null) {
			adapter.remove("test over");
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void bothPathsScanAndMoveData(boolean bundled) throws Exception {
		HostAdapter a = adapter();
		ControllerBinding b = a.bind(new SoftwareController(bundled), id("1"));
		assertThat(b.path()).isEqualTo(bundled ? "bundled" : "parallel");
		assertThat(units).hasSize(1);
		LogicalUnit u = units.get(0);
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
		HostAdapter a = adapter();
		a.bind(new SoftwareController(true), id("1"));
		IODoneQueueImpl q = new IODoneQueueImpl(32);
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 32; i++) {
			assertThat(q.deviceReadAsync(units.get(0), 1000 + i, IODoneQueueImpl.D_DEFER, i, ByteBuffer.allocateDirect(512),
					512)).isEqualTo(KernReturn.KERN_SUCCESS);
		}
		assertThat(q.deviceReadAsync(units.get(0), 1, 0, 0, ByteBuffer.allocateDirect(512), 512))
				.isEqualTo(KernReturn.KERN_RESOURCE_SHORTAGE);
		IODoneResult r = new IODoneResult();
		for (int i = 0; i < 32; i++) {
			assertThat(q.ioDoneQueueWait(r)).isEqualTo(KernReturn.KERN_SUCCESS);
			assertThat(r.returnCode()).isEqualTo(IOReturn.kIOReturnSuccess);
			ids.add(r.requestId());
		}
		assertThat(ids).containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(1000, 1032).boxed().toList());
		assertThat(q.deviceReadAsync(units.get(0), 1, 0, SoftwareController.BLOCKS, ByteBuffer.allocateDirect(512), 512))
				.isEqualTo(KernReturn.KERN_INVALID_ARGUMENT);
		assertThat(q.ioDoneQueueTerminate()).isEqualTo(KernReturn.KERN_SUCCESS);
		assertThat(q.ioDoneQueueWait(r)).isEqualTo(KernReturn.KERN_TERMINATED);
		assertThat(q.ioDoneQueueTerminate()).isEqualTo(KernReturn.KERN_INVALID_ARGUMENT);
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aControllerThatNeverCompletesIsEscalatedAndTheClientGetsATimeoutOnce(boolean bundled) throws Exception {
		HostAdapter a = adapter();
		SoftwareController c = new SoftwareController(bundled);
		ControllerBinding b = a.bind(c, id("1"));
		c.misbehaviour = Misbehaviour.NEVER_COMPLETES;
		long start = System.nanoTime();
		var result = units.get(0).execute(new byte[] { 0x00, 0, 0, 0, 0, 0 }, 6, null, 0, 50);
		assertThat(result.serviceResponse()).isEqualTo(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
		assertThat(result.status()).isEqualTo(SCSITaskStatus.TASK_TIMEOUT_OCCURRED);
		assertThat(c.aborts.get()).isEqualTo(1);
		assertThat(c.resets.get()).isEqualTo(2); // logical unit, then target
		assertThat(b.timeouts()).isEqualTo(1);
		assertThat(System.nanoTime() - start).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(50));
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aSecondCompletionIsRefusedAndTheClientSeesOne(boolean bundled) throws Exception {
		HostAdapter a = adapter();
		SoftwareController c = new SoftwareController(bundled);
		ControllerBinding b = a.bind(c, id("1"));
		c.misbehaviour = Misbehaviour.COMPLETES_TWICE;
		IODoneQueueImpl q = new IODoneQueueImpl(4);
		assertThat(q.deviceReadAsync(units.get(0), 5, 0, 0, ByteBuffer.allocateDirect(512), 512)).isZero();
		IODoneResult r = new IODoneResult();
		assertThat(q.ioDoneQueueWait(r)).isZero();
		assertThat(r.requestId()).isEqualTo(5);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> b.violations() >= 1);
		assertThat(b.violations()).as(warnings.toString()).isEqualTo(1);
		assertThat(q.ioDoneQueueWait(r, TimeUnit.MILLISECONDS.toNanos(100))).isEqualTo(KernReturn.KERN_RESOURCE_SHORTAGE);
		// the bundled path catches it as a slot the controller no longer owns, the parallel path as a task not in flight
		assertThat(warnings).anyMatch(w -> w.contains(bundled ? "does not own" : "not in flight"));
	}

	@Test
	void aCompletionOfASlotTheControllerDoesNotOwnIsRefused() throws Exception {
		HostAdapter a = adapter();
		SoftwareController c = new SoftwareController(true);
		ControllerBinding b = a.bind(c, id("1"));
		c.misbehaviour = Misbehaviour.WRONG_SLOT;
		ByteBuffer in = ByteBuffer.allocateDirect(512);
		units.get(0).read(0, in);
		assertThat(b.violations()).isEqualTo(1);
		assertThat(warnings).anyMatch(w -> w.contains("does not own"));
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aWrongResponseVersionIsIgnoredAsDriverKitDoesAndTheTaskTimesOut(boolean bundled) throws Exception {
		HostAdapter a = adapter();
		SoftwareController c = new SoftwareController(bundled);
		ControllerBinding b = a.bind(c, id("1"));
		c.misbehaviour = Misbehaviour.WRONG_VERSION;
		var result = units.get(0).execute(new byte[] { 0x00, 0, 0, 0, 0, 0 }, 6, null, 0, 50);
		assertThat(result.status()).isEqualTo(SCSITaskStatus.TASK_TIMEOUT_OCCURRED);
		assertThat(b.violations()).isPositive();
		assertThat(warnings).anyMatch(w -> w.contains("response version 2"));
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aThrowingControllerFailsTheRequestOnce(boolean bundled) throws Exception {
		HostAdapter a = adapter();
		SoftwareController c = new SoftwareController(bundled);
		ControllerBinding b = a.bind(c, id("1"));
		c.misbehaviour = Misbehaviour.THROWS;
		var result = units.get(0).execute(new byte[] { 0x00, 0, 0, 0, 0, 0 }, 6, null, 0, 1000);
		assertThat(result.serviceResponse()).isEqualTo(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
		assertThat(result.status()).isEqualTo(SCSITaskStatus.DELIVERY_FAILURE);
		assertThat(b.violations()).isEqualTo(1);
		c.misbehaviour = Misbehaviour.NONE;
		units.get(0).read(0, ByteBuffer.allocateDirect(512));
	}

	@Test
	void aMissingRequiredConstraintFailsTheStartNamingTheKey() {
		HostAdapter a = adapter();
		SoftwareController c = new SoftwareController(true);
		c.misbehaviour = Misbehaviour.MISSING_CONSTRAINT;
		assertThatThrownBy(() -> a.bind(c, id("1"))).isInstanceOf(StartFailure.class)
				.hasMessageContaining("IOMaximumSegmentCountRead");
		assertThat(c.stopped).isTrue();
		assertThat(a.binding()).isNull();
	}

	@Test
	void swappingUnderLoadLosesNothing() throws Exception {
		HostAdapter a = adapter();
		a.bind(new SoftwareController(true), id("1"));
		LogicalUnit u = units.get(0);
		IODoneQueueImpl q = new IODoneQueueImpl(16);
		ByteBuffer[] buffers = new ByteBuffer[16];
		for (int i = 0; i < 16; i++) {
			buffers[i] = ByteBuffer.allocateDirect(512);
			assertThat(q.deviceReadAsync(u, i, 0, i, buffers[i], 512)).isZero();
		}
		IODoneResult r = new IODoneResult();
		int completed = 0;
		for (int swap = 0; swap < 20; swap++) {
			SwapRecord.Builder record = a.unbind("test swap " + swap);
			a.bind(new SoftwareController(swap % 2 == 0), id(String.valueOf(swap + 2)));
			a.finishSwap(record);
			for (int i = 0; i < 16; i++) {
				assertThat(q.ioDoneQueueWait(r)).isZero();
				assertThat(r.returnCode()).isEqualTo(IOReturn.kIOReturnSuccess);
				completed++;
				int slot = (int) r.requestId();
				assertThat(q.deviceReadAsync(u, slot, 0, slot, buffers[slot].clear(), 512)).isZero();
			}
		}
		assertThat(completed).isEqualTo(20 * 16);
		assertThat(a.swaps()).hasSize(20);
		assertThat(units).hasSize(1).containsExactly(u);
	}
}
