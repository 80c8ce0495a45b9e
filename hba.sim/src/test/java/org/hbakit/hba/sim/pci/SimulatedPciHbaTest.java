package org.hbakit.hba.sim.pci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hbakit.controller.api.simhba.HBARegisters.*;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.hbakit.controller.api.pci.IODMACommand;
import org.hbakit.controller.api.pci.PCIConfigSpace;
import org.hbakit.controller.api.simhba.CompletionEntry;
import org.hbakit.controller.api.simhba.RequestFrame;
import org.hbakit.hba.sim.pci.TestDriver.Completion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The host interface of docs/simulated-hba.md end to end, through a driver written from that page. */
class SimulatedPciHbaTest {
	static final byte[] TUR = new byte[6];
	static final byte[] WRITE10 = { 0x2A, 0, 0, 0, 0, 0, 0, 0, 8, 0 };
	static final byte[] READ10 = { 0x28, 0, 0, 0, 0, 0, 0, 0, 8, 0 };

	SimulatedPciHba hba;
	ScriptedPort port0;
	ScriptedPort port1;

	@BeforeEach
	void setUp() {
		hba = new SimulatedPciHba("hba0", "pci0000:00:04.0", PciIdentity.DEFAULT, 256, 2, 8, 7, 64,
				System.getLogger("test"));
		port0 = new ScriptedPort();
		port1 = new ScriptedPort();
		hba.attach(0, port0);
		hba.attach(1, port1);
		hba.start();
	}

	@AfterEach
	void tearDown() {
		hba.stop();
	}

	@Test
	void configSpaceShowsTheIdentityAndCommandGatesRegisters() {
		assertThat(hba.configRead32(PCIConfigSpace.VENDOR_DEVICE_ID)).isEqualTo(0x5CD1_1B4B);
		assertThat(hba.configRead16(PCIConfigSpace.DEVICE_ID)).isEqualTo(0x5CD1);
		assertThat(hba.configRead32(PCIConfigSpace.CLASS_CODE_REVISION)).isEqualTo(0x0100_0001);
		assertThat(hba.configRead8(PCIConfigSpace.REVISION_ID)).isEqualTo(0x01);
		assertThat(hba.configRead32(PCIConfigSpace.SUBSYSTEM_VENDOR_DEVICE_ID)).isEqualTo(0x0001_1B4B);
		assertThat(hba.memoryBarSize(0)).isEqualTo(16 * 1024);
		assertThat(hba.memoryRead32(0, VS)).as("no memory space yet").isEqualTo(-1);
		hba.configWrite16(PCIConfigSpace.COMMAND, PCIConfigSpace.COMMAND_MEMORY_SPACE);
		assertThat(hba.configRead16(PCIConfigSpace.COMMAND)).isEqualTo(PCIConfigSpace.COMMAND_MEMORY_SPACE);
		assertThat(hba.memoryRead32(0, VS)).as("1.1: posted ABORT and TMF").isEqualTo(0x0001_0001);
		assertThat(hba.memoryRead32(0, CAP)).isEqualTo(255 | 2 << 16);
		assertThat(hba.memoryRead32(0, TARGETS)).isEqualTo(8);
		assertThat(hba.memoryRead32(0, INITIATOR_ID)).isEqualTo(7);
		assertThat(hba.memoryRead32(0, INTMS)).as("all vectors start masked").isEqualTo(3);
		assertThat(hba.serviceProperties()).containsEntry("pci.vendor.id", 0x1B4B).containsEntry("hba.name", "hba0")
				.containsEntry("pci.location", "pci0000:00:04.0");
	}

	@Test
	void openIsExclusive() {
		Object a = new Object(), b = new Object();
		assertThat(hba.open(a)).isTrue();
		assertThat(hba.open(b)).isFalse();
		hba.close(b);
		assertThat(hba.open(b)).isFalse();
		hba.close(a);
		assertThat(hba.open(b)).isTrue();
	}

	@Test
	void badQueueConfigurationSetsFatalStatus() {
		hba.configWrite16(PCIConfigSpace.COMMAND, PCIConfigSpace.COMMAND_MEMORY_SPACE | PCIConfigSpace.COMMAND_BUS_MASTER);
		hba.memoryWrite32(0, QSIZE, 15 << 16 | 15);
		hba.memoryWrite64(0, SQ_BASE, 5L << 40);
		hba.memoryWrite64(0, CQ_BASE, 6L << 40);
		hba.memoryWrite32(0, CC, CC_EN);
		assertThat(hba.memoryRead32(0, CSTS)).isEqualTo(CSTS_CFS);
	}

	@Test
	void writesAndReadsDataByDma() throws Exception {
		TestDriver d = new TestDriver(hba, 16, 16).start();
		ByteBuffer out = ByteBuffer.allocate(4096);
		for (int i = 0; i < 4096; i++) {
			out.put(i, (byte) (i * 7));
		}
		IODMACommand outCmd = hba.createDMACommand();
		d.frame(1, RequestFrame.DIR_TO_TARGET, 0, 0, WRITE10, outCmd.prepareForDMA(out, 0, 4096), 4096, 0, 0);
		d.ring();
		Completion w = d.take();
		assertThat(w).isEqualTo(new Completion(1, 0, CompletionEntry.SR_COMPLETED, 4096, 0));
		outCmd.completeDMA();
		assertThat(port0.store[4095]).isEqualTo((byte) (4095 * 7));

		ByteBuffer in = ByteBuffer.allocate(8192);
		IODMACommand inCmd = hba.createDMACommand();
		// map the second half of the buffer only: the device must write exactly there
		d.frame(2, RequestFrame.DIR_FROM_TARGET, 0, 0, READ10, inCmd.prepareForDMA(in, 4096, 4096), 4096, 0, 0);
		d.ring();
		assertThat(d.take()).isEqualTo(new Completion(2, 0, CompletionEntry.SR_COMPLETED, 4096, 0));
		assertThat(in.get(4095)).isZero();
		for (int i = 0; i < 4096; i++) {
			assertThat(in.get(4096 + i)).isEqualTo((byte) (i * 7));
		}
	}

	@Test
	void manyRequestsPerDoorbellAndCompletionsPerInterrupt() throws Exception {
		TestDriver d = new TestDriver(hba, 128, 128).start();
		for (int t = 0; t < 100; t++) {
			d.frame(t, t % 2, TUR);
		}
		d.ring();
		Set<Integer> tags = new HashSet<>();
		for (int i = 0; i < 100; i++) {
			Completion c = d.take();
			assertThat(c.sr()).isZero();
			tags.add(c.tag());
		}
		assertThat(tags).hasSize(100);
		assertThat(d.interrupts.get()).as("one doorbell, one pass, one interrupt").isEqualTo(1);
		assertThat(hba.statistics()).isEqualTo(new HbaStatistics(100, 100, 0, 0, 1));
	}

	@Test
	void phaseTagsFlipAcrossManyWraps() throws Exception {
		TestDriver d = new TestDriver(hba, 4, 4).start();
		int tag = 0;
		for (int round = 0; round < 50; round++) {
			for (int k = 0; k < 3; k++) {
				d.frame(tag + k, 0, TUR);
			}
			d.ring();
			for (int k = 0; k < 3; k++) {
				assertThat(d.take().tag()).isEqualTo(tag + k);
			}
			tag += 3;
		}
	}

	@Test
	void coalescingByThresholdRaisesOncePerThresholdCompletions() throws Exception {
		TestDriver d = new TestDriver(hba, 32, 32).start();
		hba.memoryWrite32(0, INTCOAL, 65000 << 8 | 8); // 8 completions or 65 ms
		long start = System.nanoTime();
		for (int t = 0; t < 4; t++) {
			d.frame(t, 0, TUR);
			d.ring();
		}
		for (int t = 4; t < 8; t++) {
			d.frame(t, 0, TUR);
		}
		d.ring();
		for (int i = 0; i < 8; i++) {
			d.take();
		}
		// the first call came with all 8 completions, unless this machine was slower than the 65 ms timer
		long[] first = d.calls.get(0);
		if (first[0] - start < TimeUnit.MILLISECONDS.toNanos(65)) {
			assertThat(first[1]).isEqualTo(8);
			assertThat(d.interrupts.get()).isEqualTo(1);
			assertThat(d.counts.get(0)).as("raises coalesced into the call").isGreaterThanOrEqualTo(1);
		}
	}

	@Test
	void coalescingByTimeRaisesAfterTheAggregationTime() throws Exception {
		TestDriver d = new TestDriver(hba, 32, 32).start();
		hba.memoryWrite32(0, INTCOAL, 20_000 << 8 | 16); // 16 completions or 20 ms
		long start = System.nanoTime();
		for (int t = 0; t < 3; t++) {
			d.frame(t, 0, TUR);
		}
		d.ring();
		for (int i = 0; i < 3; i++) {
			d.take();
		}
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
		assertThat(d.interrupts.get()).isEqualTo(1);
	}

	@Test
	void maskedVectorHoldsTheInterruptUntilUnmasked() throws Exception {
		TestDriver d = new TestDriver(hba, 16, 16).start();
		hba.memoryWrite32(0, INTMS, 1);
		d.frame(9, 0, TUR);
		d.ring();
		await().atMost(Duration.ofSeconds(5)).until(() -> d.posted(0));
		d.barrier();
		assertThat(d.interrupts.get()).isZero();
		hba.memoryWrite32(0, INTMC, 1);
		assertThat(d.take().tag()).isEqualTo(9);
		assertThat(d.interrupts.get()).isEqualTo(1);
	}

	@Test
	void disabledDispatchSourceHoldsTheInterrupt() throws Exception {
		TestDriver d = new TestDriver(hba, 16, 16).start();
		hba.disableInterrupt(0);
		d.frame(3, 0, TUR);
		d.ring();
		await().atMost(Duration.ofSeconds(5)).until(() -> d.posted(0));
		d.barrier();
		assertThat(d.interrupts.get()).isZero();
		hba.enableInterrupt(0);
		assertThat(d.take().tag()).isEqualTo(3);
	}

	@Test
	void noFurtherInterruptUntilCqHeadIsWritten() throws Exception {
		TestDriver d = new TestDriver(hba, 16, 16).start();
		d.autoAck = false;
		d.frame(1, 0, TUR);
		d.ring();
		assertThat(d.take().tag()).isEqualTo(1);
		d.frame(2, 0, TUR);
		d.ring();
		await().atMost(Duration.ofSeconds(5)).until(() -> d.posted(0));
		d.barrier();
		assertThat(d.interrupts.get()).as("not re-armed").isEqualTo(1);
		d.autoAck = true;
		// acknowledge only the first entry: the second is still pending, so the re-arm raises at once
		d.ack();
		assertThat(d.take().tag()).isEqualTo(2);
		assertThat(d.interrupts.get()).isEqualTo(2);
	}

	@Test
	void autosenseIsWrittenToTheSenseBufferAndTruncated() throws Exception {
		TestDriver d = new TestDriver(hba, 16, 16).start();
		port0.behaviour = x -> {
			x.status(0x02);
			x.transferred(0);
			byte[] s = x.senseBuffer();
			for (int i = 0; i < 18; i++) {
				s[i] = (byte) (0x70 + i);
			}
			x.senseLength(18);
		};
		ByteBuffer sense = ByteBuffer.allocate(32);
		IODMACommand senseCmd = hba.createDMACommand();
		long address = senseCmd.prepareForDMA(sense, 0, 32);
		d.frame(4, RequestFrame.DIR_NONE, 0, 0, TUR, 0, 0, address, 32);
		d.frame(5, RequestFrame.DIR_NONE, 0, 0, TUR, 0, 0, address + 16, 8);
		d.ring();
		assertThat(d.take()).isEqualTo(new Completion(4, 0x02, CompletionEntry.SR_COMPLETED, 0, 18));
		assertThat(d.take()).isEqualTo(new Completion(5, 0x02, CompletionEntry.SR_COMPLETED, 0, 8));
		assertThat(sense.get(0)).isEqualTo((byte) 0x70);
		assertThat(sense.get(16 + 7)).isEqualTo((byte) 0x77);
		assertThat(sense.get(16 + 8)).as("truncated to SENSE_LEN").isZero();
	}

	@Test
	void absentTargetIsDeviceNotPresent() throws Exception {
		TestDriver d = new TestDriver(hba, 16, 16).start();
		d.frame(1, 5, TUR);
		d.frame(2, 7, TUR); // the initiator's own id
		d.ring();
		assertThat(d.take()).isEqualTo(new Completion(1, CompletionEntry.PS_DEVICE_NOT_PRESENT, CompletionEntry.SR_DELIVERY_FAILURE, 0, 0));
		assertThat(d.take()).isEqualTo(new Completion(2, CompletionEntry.PS_DEVICE_NOT_PRESENT, CompletionEntry.SR_DELIVERY_FAILURE, 0, 0));
	}

	@Test
	void dmaToAnUnmappedAddressFailsTheRequestAndSetsCfs() throws Exception {
		TestDriver d = new TestDriver(hba, 16, 16).start();
		ByteBuffer buf = ByteBuffer.allocate(512);
		IODMACommand cmd = hba.createDMACommand();
		long address = cmd.prepareForDMA(buf, 0, 512);
		cmd.completeDMA();
		d.frame(1, RequestFrame.DIR_FROM_TARGET, 0, 0, READ10, address, 512, 0, 0);
		IODMACommand small = hba.createDMACommand();
		d.frame(2, RequestFrame.DIR_FROM_TARGET, 0, 0, READ10, small.prepareForDMA(buf, 0, 256), 512, 0, 0);
		d.ring();
		assertThat(d.take()).isEqualTo(new Completion(1, CompletionEntry.PS_DELIVERY_FAILURE, CompletionEntry.SR_DELIVERY_FAILURE, 0, 0));
		assertThat(d.take()).as("longer than the window").isEqualTo(new Completion(2, CompletionEntry.PS_DELIVERY_FAILURE, CompletionEntry.SR_DELIVERY_FAILURE, 0, 0));
		assertThat(hba.memoryRead32(0, CSTS) & CSTS_CFS).isEqualTo(CSTS_CFS);
	}

	@Test
	void delayedCompletionDoesNotHoldUpOthers() throws Exception {
		TestDriver d = new TestDriver(hba, 16, 16).start();
		port0.behaviour = x -> {
			if (x.tag() == 1) {
				x.completionDelayNanos(TimeUnit.MILLISECONDS.toNanos(30));
			}
		};
		long start = System.nanoTime();
		d.frame(1, 0, TUR);
		d.frame(2, 0, TUR);
		d.ring();
		assertThat(d.take().tag()).isEqualTo(2);
		assertThat(d.take().tag()).isEqualTo(1);
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
	}

	@Test
	void aTargetThatThrowsAnErrorFailsItsRequestAndTheDeviceGoesOn() throws Exception {
		TestDriver d = new TestDriver(hba, 16, 16).start();
		port0.behaviour = x -> {
			if (x.tag() == 1) {
				throw new StackOverflowError("a target bug");
			}
		};
		d.frame(1, 0, TUR);
		d.frame(2, 0, TUR);
		d.ring();
		assertThat(d.take()).isEqualTo(new Completion(1, CompletionEntry.PS_DELIVERY_FAILURE,
				CompletionEntry.SR_DELIVERY_FAILURE, 0, 0));
		assertThat(d.take().tag()).isEqualTo(2);
		assertThat(hba.memoryRead32(0, CSTS) & CSTS_RDY).as("still ready").isEqualTo(CSTS_RDY);
	}

	@Test
	void aHandlerThatAlwaysThrowsIsNotLoggedPerInterrupt() throws Exception {
		java.util.concurrent.atomic.AtomicInteger errors = new java.util.concurrent.atomic.AtomicInteger();
		System.Logger counting = new System.Logger() {
			@Override
			public String getName() {
				return "counting";
			}

			@Override
			public boolean isLoggable(Level level) {
				return true;
			}

			@Override
			public void log(Level level, java.util.ResourceBundle bundle, String msg, Throwable thrown) {
				errors.incrementAndGet();
			}

			@Override
			public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
				errors.incrementAndGet();
			}
		};
		SimulatedPciHba other = new SimulatedPciHba("hba9", "pci0000:00:09.0", PciIdentity.DEFAULT, 256, 1, 8, 7, 64,
				counting);
		other.attach(0, new ScriptedPort());
		other.start();
		try {
			TestDriver d = new TestDriver(other, 16, 16).start();
			CountDownLatch interrupts = new CountDownLatch(100);
			other.registerInterruptHandler(0, (v, c, t) -> {
				d.drain();
				d.ack();
				interrupts.countDown();
				throw new IllegalStateException("a controller bug");
			});
			other.enableInterrupt(0);
			for (int i = 0; i < 100; i++) {
				d.frame(i % 16, 0, TUR);
				d.ring();
				d.take();
			}
			assertThat(interrupts.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(errors.get()).as("first failure, then at powers of two").isBetween(1, 8);
		} finally {
			other.stop();
		}
	}

	@Test
	void droppedRequestNeverCompletesButCanBeAborted() throws Exception {
		TestDriver d = new TestDriver(hba, 16, 16).start();
		port0.behaviour = x -> {
			if (x.tag() == 1) {
				x.drop();
			}
		};
		d.frame(1, 0, TUR);
		d.frame(2, 0, TUR);
		d.ring();
		assertThat(d.take().tag()).isEqualTo(2);
		d.barrier();
		assertThat(d.completions).isEmpty();
		hba.memoryWrite32(0, ABORT, 1);
		assertThat(d.take()).isEqualTo(new Completion(1, CompletionEntry.STATUS_TASK_ABORTED, CompletionEntry.SR_ABORTED, 0, 0));
		hba.memoryWrite32(0, ABORT, 2); // completed already: no effect
		d.barrier();
		assertThat(d.completions).isEmpty();
	}

	@Test
	void abortOfADelayedRequestCompletesItOnce() throws Exception {
		TestDriver d = new TestDriver(hba, 16, 16).start();
		port0.behaviour = x -> x.completionDelayNanos(TimeUnit.SECONDS.toNanos(30));
		d.frame(7, 0, TUR);
		d.ring();
		d.barrier();
		hba.memoryWrite32(0, ABORT, 7);
		assertThat(d.take()).isEqualTo(new Completion(7, CompletionEntry.STATUS_TASK_ABORTED, CompletionEntry.SR_ABORTED, 0, 0));
		d.frame(8, 1, TUR);
		d.ring();
		assertThat(d.take().tag()).isEqualTo(8);
		assertThat(d.completions).isEmpty();
	}

	@Test
	void taskManagementCompletesTheAffectedRequestsBeforeBusyClears() throws Exception {
		TestDriver d = new TestDriver(hba, 16, 16).start();
		port0.behaviour = HbaExchange::drop;
		d.frame(1, RequestFrame.DIR_NONE, 0, lunBytes(0), TUR, 0, 0, 0, 0);
		d.frame(2, RequestFrame.DIR_NONE, 0, lunBytes(0), TUR, 0, 0, 0, 0);
		d.frame(3, RequestFrame.DIR_NONE, 0, lunBytes(1), TUR, 0, 0, 0, 0);
		d.ring();
		d.barrier();
		long lunReset = TMF_LOGICAL_UNIT_RESET | 0L << 8 | 0L << 24;
		hba.memoryWrite64(0, TMF, lunReset);
		assertThat(d.awaitNotBusy()).as("function complete").isZero();
		// BUSY cleared: both requests of LUN 0 are in the CQ already
		assertThat(d.postedAt(0, 1) && d.postedAt(1, 1)).isTrue();
		List<Integer> tags = new ArrayList<>(List.of(d.take().tag(), d.take().tag()));
		assertThat(tags).containsExactlyInAnyOrder(1, 2);
		assertThat(port0.tmfs).hasSize(1);
		assertThat(port0.tmfs.get(0)).containsExactly(TMF_LOGICAL_UNIT_RESET, lunBytes(0));
		assertThat(d.completions).isEmpty();

		hba.memoryWrite64(0, TMF, TMF_TARGET_RESET | 0L << 8);
		assertThat(d.take()).isEqualTo(new Completion(3, CompletionEntry.STATUS_TASK_ABORTED, CompletionEntry.SR_ABORTED, 0, 0));

		hba.memoryWrite64(0, TMF, TMF_TARGET_RESET | 5L << 8);
		assertThat(d.awaitNotBusy()).as("no target 5").isEqualTo(TMF_STATUS_REJECTED);
		hba.memoryWrite64(0, TMF, 9);
		assertThat(d.awaitNotBusy()).as("no function 9").isEqualTo(TMF_STATUS_REJECTED);
	}

	@Test
	void abortAndTaskManagementWritesArePostedWhileTheDeviceThreadIsBusy() throws Exception {
		TestDriver d = new TestDriver(hba, 16, 16).start();
		CountDownLatch executing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		holdDeviceThreadOnTagOne(executing, release);
		d.frame(2, 0, TUR);
		d.ring();
		d.barrier();
		d.frame(1, 0, TUR);
		d.ring();
		assertThat(executing.await(10, TimeUnit.SECONDS)).isTrue();
		ExecutorService writer = Executors.newSingleThreadExecutor();
		try {
			Future<Integer> written = writer.submit(() -> {
				hba.memoryWrite32(0, ABORT, 2);
				hba.memoryWrite64(0, TMF, TMF_LOGICAL_UNIT_RESET | 0L << 8 | 0L << 24);
				return hba.memoryRead32(0, TMF_STATUS);
			});
			assertThat(written.get(5, TimeUnit.SECONDS) & TMF_STATUS_BUSY).as("returned at once, BUSY set")
					.isEqualTo(TMF_STATUS_BUSY);
			assertThat(port0.tmfs).as("not executed while the device thread is busy").isEmpty();
		} finally {
			release.countDown();
			writer.shutdownNow();
		}
		assertThat(d.awaitNotBusy()).as("function complete").isEqualTo(TMF_STATUS_COMPLETE);
		assertThat(port0.tmfs).hasSize(1);
		List<Completion> got = List.of(d.take(), d.take());
		assertThat(got).extracting(Completion::tag).containsExactlyInAnyOrder(1, 2);
		assertThat(got).filteredOn(c -> c.tag() == 2).singleElement()
				.isEqualTo(new Completion(2, CompletionEntry.STATUS_TASK_ABORTED, CompletionEntry.SR_ABORTED, 0, 0));
	}

	@Test
	void postedAbortReachesWhatWasRungBeforeItAndNothingRungAfter() throws Exception {
		TestDriver d = new TestDriver(hba, 16, 16).start();
		CountDownLatch executing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		holdDeviceThreadOnTagOne(executing, release);
		d.frame(1, 0, TUR);
		d.ring();
		assertThat(executing.await(10, TimeUnit.SECONDS)).isTrue();
		// while the device thread is busy: tag 4 rung before the ABORT of 4, tag 9 rung after the ABORT of 9
		d.frame(4, 0, TUR);
		d.ring();
		hba.memoryWrite32(0, ABORT, 4);
		hba.memoryWrite32(0, ABORT, 9);
		d.frame(9, 0, TUR);
		d.ring();
		release.countDown();
		assertThat(d.awaitNotBusy() & TMF_STATUS_BUSY).isZero();
		List<Completion> got = List.of(d.take(), d.take());
		assertThat(got).extracting(Completion::tag).containsExactlyInAnyOrder(1, 4);
		assertThat(got).filteredOn(c -> c.tag() == 4).singleElement().extracting(Completion::sr)
				.isEqualTo(CompletionEntry.SR_ABORTED);
		d.barrier();
		assertThat(d.completions).as("tag 9 was rung after its ABORT: still held").isEmpty();
		hba.memoryWrite32(0, ABORT, 9);
		assertThat(d.take()).isEqualTo(new Completion(9, CompletionEntry.STATUS_TASK_ABORTED, CompletionEntry.SR_ABORTED, 0, 0));
	}

	/** Port 0 holds the device thread inside tag 1 until {@code release} opens; it drops every other request. */
	private void holdDeviceThreadOnTagOne(CountDownLatch executing, CountDownLatch release) {
		port0.behaviour = x -> {
			if (x.tag() == 1) {
				executing.countDown();
				awaitLatch(release);
			} else {
				x.drop();
			}
		};
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void resetDropsOutstandingRequestsAndRaisesUnitAttention() throws Exception {
		TestDriver d = new TestDriver(hba, 16, 16).start();
		port0.behaviour = HbaExchange::drop;
		d.frame(1, 0, TUR);
		d.frame(2, 0, TUR);
		d.ring();
		d.barrier();
		hba.memoryWrite32(0, CC, 0);
		assertThat(hba.memoryRead32(0, CSTS)).isZero();
		assertThat(hba.memoryRead32(0, INTMS)).isEqualTo(3);
		assertThat(port0.resets.get()).isEqualTo(1);
		assertThat(port1.resets.get()).isEqualTo(1);
		assertThat(d.completions).isEmpty();

		port0.behaviour = x -> {
		};
		d.start();
		d.frame(1, 0, TUR);
		d.ring();
		assertThat(d.take().tag()).isEqualTo(1);
		assertThat(d.completions).isEmpty();
	}

	@Test
	void withoutBusMasterTheDeviceDoesNotFetch() throws Exception {
		TestDriver d = new TestDriver(hba, 16, 16).start();
		hba.configWrite16(PCIConfigSpace.COMMAND, PCIConfigSpace.COMMAND_MEMORY_SPACE);
		d.frame(1, 0, TUR);
		d.ring();
		d.barrier();
		assertThat(d.posted(0)).isFalse();
		hba.configWrite16(PCIConfigSpace.COMMAND, PCIConfigSpace.COMMAND_MEMORY_SPACE | PCIConfigSpace.COMMAND_BUS_MASTER);
		assertThat(d.take().tag()).isEqualTo(1);
	}

	@Test
	void unregisterWaitsForARunningHandler() throws Exception {
		TestDriver d = new TestDriver(hba, 16, 16).start();
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		hba.registerInterruptHandler(0, (v, c, t) -> {
			entered.countDown();
			try {
				release.await();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		});
		hba.enableInterrupt(0);
		d.frame(1, 0, TUR);
		d.ring();
		assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
		Thread unregister = new Thread(() -> hba.unregisterInterruptHandler(0));
		unregister.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> unregister.getState() == Thread.State.TIMED_WAITING
				|| unregister.getState() == Thread.State.WAITING);
		assertThat(unregister.isAlive()).isTrue();
		release.countDown();
		unregister.join(10_000);
		assertThat(unregister.isAlive()).isFalse();
	}

	@Test
	void iovmTableRefusesBadRangesAndReleasedCommands() {
		IODMACommand cmd = hba.createDMACommand();
		ByteBuffer b = ByteBuffer.allocate(100);
		assertThatThrownBy(() -> cmd.prepareForDMA(b, 50, 51)).isInstanceOf(IllegalArgumentException.class);
		long a = cmd.prepareForDMA(b, 10, 20);
		assertThat(a >>> 40).isPositive();
		assertThat(cmd.iovmAddress()).isEqualTo(a);
		cmd.completeDMA();
		assertThat(cmd.iovmAddress()).isZero();
		cmd.release();
		assertThatThrownBy(() -> cmd.prepareForDMA(b, 0, 1)).isInstanceOf(IllegalStateException.class);
	}
}
