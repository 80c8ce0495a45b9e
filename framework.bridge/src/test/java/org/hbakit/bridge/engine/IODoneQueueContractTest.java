package org.hbakit.bridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.IODoneQueue;
import org.hbakit.controller.api.client.IODoneResult;
import org.hbakit.controller.api.client.KernReturn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The io_done_queue to the letter of Mach's man pages and {@code device_types.h}. */
class IODoneQueueContractTest {
	private static final Duration BOUND = Duration.ofSeconds(10);
	private final EngineHarness harness = new EngineHarness(EngineSettings.of(10_000, 30, 500, 500, 1000, 4));

	@AfterEach
	void tearDown() {
		harness.close();
	}

	private LogicalUnit unit(SoftwareController c) throws InterruptedException {
		harness.bound(c);
		return harness.units.get(0);
	}

	/** A bound unit whose controller holds every completion until {@code c.holdCompletions} is counted down. */
	private LogicalUnit holdingUnit(SoftwareController c) throws InterruptedException {
		LogicalUnit u = unit(c);
		c.holdCompletions = new CountDownLatch(1);
		return u;
	}

	/** The next completion, which must be there or come. */
	private static IODoneResult reap(IODoneQueueImpl q) throws InterruptedException {
		IODoneResult r = new IODoneResult();
		assertThat(q.ioDoneQueueWait(r)).isEqualTo(KernReturn.KERN_SUCCESS);
		return r;
	}

	private static ByteBuffer block() {
		return ByteBuffer.allocateDirect(SoftwareController.BLOCK);
	}

	/** Runs {@code body} on a thread of its own and returns it, started. */
	private static Thread thread(String name, ThrowingRunnable body) {
		Thread t = new Thread(() -> {
			try {
				body.run();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}, name);
		t.setDaemon(true);
		t.start();
		return t;
	}

	@FunctionalInterface
	private interface ThrowingRunnable {
		void run() throws InterruptedException;
	}

	private static void awaitBlocked(Thread t) {
		Awaitility.await().atMost(BOUND).until(() -> t.getState() == Thread.State.WAITING
				|| t.getState() == Thread.State.TIMED_WAITING);
	}

	@Test
	void aFullQueueMakesASubmissionWaitForRoomUnlessDNoWaitIsSet() throws Exception {
		SoftwareController c = new SoftwareController(true);
		LogicalUnit u = holdingUnit(c);
		IODoneQueueImpl q = new IODoneQueueImpl(2);
		assertThat(q.deviceReadAsync(u, 1, 0, 0, block(), 512)).isEqualTo(KernReturn.KERN_SUCCESS);
		assertThat(q.deviceReadAsync(u, 2, 0, 1, block(), 512)).isEqualTo(KernReturn.KERN_SUCCESS);
		assertThat(q.deviceReadAsync(u, 3, IODoneQueue.D_NOWAIT, 2, block(), 512))
				.isEqualTo(KernReturn.KERN_RESOURCE_SHORTAGE);
		AtomicInteger rc = new AtomicInteger(-1);
		Thread submitter = thread("submitter", () -> rc.set(q.deviceReadAsync(u, 3, 0, 2, block(), 512)));
		awaitBlocked(submitter);
		assertThat(rc.get()).as("waits while every slot is in use").isEqualTo(-1);
		c.holdCompletions.countDown();
		IODoneResult r = new IODoneResult();
		assertThat(q.ioDoneQueueWait(r)).isEqualTo(KernReturn.KERN_SUCCESS); // gives a slot back
		submitter.join(BOUND.toMillis());
		assertThat(rc.get()).isEqualTo(KernReturn.KERN_SUCCESS);
		List<Long> ids = new ArrayList<>(List.of(r.requestId()));
		for (int i = 0; i < 2; i++) {
			assertThat(q.ioDoneQueueWait(r)).isEqualTo(KernReturn.KERN_SUCCESS);
			assertThat(r.returnCode()).isEqualTo(IOReturn.kIOReturnSuccess);
			ids.add(r.requestId());
		}
		assertThat(ids).containsExactlyInAnyOrder(1L, 2L, 3L);
	}

	@Test
	void aSubmitterWaitingForRoomIsWokenByTerminate() throws Exception {
		SoftwareController c = new SoftwareController(true);
		LogicalUnit u = holdingUnit(c);
		IODoneQueueImpl q = new IODoneQueueImpl(1);
		assertThat(q.deviceReadAsync(u, 1, 0, 0, block(), 512)).isZero();
		AtomicInteger rc = new AtomicInteger(-1);
		Thread submitter = thread("submitter", () -> rc.set(q.deviceReadAsync(u, 2, 0, 1, block(), 512)));
		awaitBlocked(submitter);
		assertThat(q.ioDoneQueueTerminate()).isEqualTo(KernReturn.KERN_SUCCESS);
		submitter.join(BOUND.toMillis());
		assertThat(rc.get()).isEqualTo(KernReturn.KERN_TERMINATED);
		c.holdCompletions.countDown();
		IODoneResult r = new IODoneResult();
		Awaitility.await().atMost(BOUND).until(() -> q.ioDoneQueueWait(r, 0) == KernReturn.KERN_SUCCESS);
		assertThat(r.requestId()).as("the request in flight still completes, once").isEqualTo(1);
		assertThat(q.ioDoneQueueWait(r)).isEqualTo(KernReturn.KERN_TERMINATED);
		assertThat(q.pending()).isZero();
	}

	@Test
	void terminateWakesEveryWaiterAndFailsOtherThreadsDeferredRequestsOnce() throws Exception {
		SoftwareController c = new SoftwareController(true);
		LogicalUnit u = unit(c);
		int callsBefore = c.ioCalls.get();
		IODoneQueueImpl q = new IODoneQueueImpl(8);
		CountDownLatch gathered = new CountDownLatch(1);
		CountDownLatch end = new CountDownLatch(1);
		// a thread gathers three requests with D_DEFER and never waits on the queue
		Thread gatherer = thread("gatherer", () -> {
			for (int i = 0; i < 3; i++) {
				q.deviceReadAsync(u, 100 + i, IODoneQueue.D_DEFER, i, block(), 512);
			}
			gathered.countDown();
			end.await();
		});
		assertThat(gathered.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		AtomicInteger waited = new AtomicInteger(-1);
		Thread waiter = thread("waiter", () -> waited.set(q.ioDoneQueueWait(new IODoneResult())));
		awaitBlocked(waiter);
		assertThat(q.ioDoneQueueTerminate()).isEqualTo(KernReturn.KERN_SUCCESS);
		waiter.join(BOUND.toMillis());
		assertThat(waited.get()).isEqualTo(KernReturn.KERN_TERMINATED);
		IODoneResult r = new IODoneResult();
		List<Long> ids = new ArrayList<>();
		while (q.ioDoneQueueWait(r) == KernReturn.KERN_SUCCESS) {
			assertThat(r.returnCode()).isEqualTo(IOReturn.kIOReturnAborted);
			assertThat(r.serviceResponse()).isEqualTo(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE);
			assertThat(r.status()).isEqualTo(SCSITaskStatus.DELIVERY_FAILURE);
			ids.add(r.requestId());
		}
		assertThat(ids).containsExactlyInAnyOrder(100L, 101L, 102L);
		assertThat(q.pending()).isZero();
		end.countDown();
		gatherer.join(BOUND.toMillis());
		q.flush();
		assertThat(c.ioCalls.get()).as("never sent").isEqualTo(callsBefore);
		assertThat(q.deviceReadAsync(u, 9, 0, 0, block(), 512)).isEqualTo(KernReturn.KERN_TERMINATED);
	}

	@Test
	void terminateWhileThreadsSubmitAndReapEndsEveryAcceptedRequestExactlyOnce() throws Exception {
		LogicalUnit u = unit(new SoftwareController(64, true));
		for (int round = 0; round < 40; round++) {
			IODoneQueueImpl q = new IODoneQueueImpl(64);
			Set<Long> accepted = ConcurrentHashMap.newKeySet();
			Map<Long, Integer> reaped = new ConcurrentHashMap<>();
			CountDownLatch running = new CountDownLatch(4);
			List<Thread> threads = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				long base = (long) t << 32;
				threads.add(thread("submitter-" + t, () -> {
					IODoneResult r = new IODoneResult();
					running.countDown();
					for (long seq = 0;; seq++) {
						int mode = seq % 3 == 0 ? 0 : IODoneQueue.D_DEFER | IODoneQueue.D_NOWAIT;
						int rc = q.deviceReadAsync(u, base | seq, mode, seq % 64, block(), 512);
						if (rc == KernReturn.KERN_TERMINATED) {
							return;
						}
						if (rc == KernReturn.KERN_SUCCESS) {
							accepted.add(base | seq);
						}
						if (seq % 8 == 7 && q.ioDoneQueueWait(r, TimeUnit.MILLISECONDS.toNanos(1)) == 0) {
							reaped.merge(r.requestId(), 1, Integer::sum);
						}
					}
				}));
			}
			assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
			// reap too (submitters waiting for room need someone to), and terminate in the middle of it
			IODoneResult mine = new IODoneResult();
			long deadline = System.nanoTime() + BOUND.toNanos();
			while (accepted.size() < 200) {
				assertThat(System.nanoTime() - deadline).as("requests are accepted").isNegative();
				if (q.ioDoneQueueWait(mine, TimeUnit.MILLISECONDS.toNanos(1)) == KernReturn.KERN_SUCCESS) {
					reaped.merge(mine.requestId(), 1, Integer::sum);
				}
			}
			assertThat(q.ioDoneQueueTerminate()).isZero();
			for (Thread t : threads) {
				t.join(BOUND.toMillis());
				assertThat(t.isAlive()).isFalse();
			}
			IODoneResult r = new IODoneResult();
			Awaitility.await().atMost(BOUND).until(() -> {
				while (q.ioDoneQueueWait(r, 0) == KernReturn.KERN_SUCCESS) {
					reaped.merge(r.requestId(), 1, Integer::sum);
				}
				return q.pending() == 0;
			});
			assertThat(reaped.keySet()).isEqualTo(accepted);
			assertThat(reaped.values()).allMatch(n -> n == 1);
		}
	}

	@Test
	void aTimedWaitThatRunsOutIsKernOperationTimedOut() throws Exception {
		IODoneQueueImpl q = new IODoneQueueImpl(4);
		assertThat(q.ioDoneQueueWait(new IODoneResult(), TimeUnit.MILLISECONDS.toNanos(20)))
				.isEqualTo(KernReturn.KERN_OPERATION_TIMED_OUT);
		assertThat(q.ioDoneQueueWait(new IODoneResult(), 0)).isEqualTo(KernReturn.KERN_OPERATION_TIMED_OUT);
	}

	@Test
	void aRangeCheckThatCannotOverflowRefusesAtSubmit() throws Exception {
		LogicalUnit u = unit(new SoftwareController(true));
		IODoneQueueImpl q = new IODoneQueueImpl(4);
		long last = SoftwareController.BLOCKS - 1;
		assertThat(q.deviceReadAsync(u, 1, 0, Long.MAX_VALUE, block(), 512)).isEqualTo(KernReturn.KERN_INVALID_ARGUMENT);
		assertThat(q.deviceReadAsync(u, 1, 0, Long.MAX_VALUE - 1, ByteBuffer.allocateDirect(1024), 1024))
				.isEqualTo(KernReturn.KERN_INVALID_ARGUMENT);
		assertThat(q.deviceWriteAsync(u, 1, 0, last, ByteBuffer.allocateDirect(1024), 1024))
				.isEqualTo(KernReturn.KERN_INVALID_ARGUMENT);
		assertThat(q.deviceReadAsync(u, 1, 0, -1, block(), 512)).isEqualTo(KernReturn.KERN_INVALID_ARGUMENT);
		assertThat(q.deviceReadAsyncInband(u, 1, 0, Long.MAX_VALUE, 16)).isEqualTo(KernReturn.KERN_INVALID_ARGUMENT);
		assertThat(q.pending()).isZero();
		assertThat(q.deviceReadAsync(u, 1, 0, last, block(), 512)).isEqualTo(KernReturn.KERN_SUCCESS);
		assertThat(reap(q).returnCode()).isEqualTo(IOReturn.kIOReturnSuccess);
	}

	@Test
	void modeBitsOtherThanDNoWaitAndDDeferAreInvalid() throws Exception {
		LogicalUnit u = unit(new SoftwareController(true));
		IODoneQueueImpl q = new IODoneQueueImpl(4);
		for (int mode : new int[] { 0x1, 0x2, 0x4, 0x10, 0x200 }) {
			assertThat(q.deviceReadAsync(u, 1, mode, 0, block(), 512)).as("mode %x", mode)
					.isEqualTo(KernReturn.KERN_INVALID_ARGUMENT);
		}
		assertThat(q.deviceReadAsync(u, 1, IODoneQueue.D_NOWAIT | IODoneQueue.D_DEFER, 0, block(), 512)).isZero();
		assertThat(reap(q).type()).isEqualTo(IODoneResult.IO_DONE_OVERWRITE);
	}

	@Test
	void anInbandReadCarriesTheBytesInTheResult() throws Exception {
		LogicalUnit u = unit(new SoftwareController(false));
		ByteBuffer pattern = ByteBuffer.allocateDirect(512);
		for (int i = 0; i < 512; i++) {
			pattern.put(i, (byte) (i * 13 + 1));
		}
		u.write(3, pattern);
		IODoneQueueImpl q = new IODoneQueueImpl(4);
		assertThat(q.deviceReadAsyncInband(u, 7, 0, 3, 129)).isEqualTo(KernReturn.KERN_INVALID_ARGUMENT);
		assertThat(q.deviceReadAsyncInband(u, 7, 0, 3, 0)).isEqualTo(KernReturn.KERN_INVALID_ARGUMENT);
		assertThat(q.deviceReadAsyncInband(u, 7, 0, 3, 100)).isEqualTo(KernReturn.KERN_SUCCESS);
		IODoneResult r = reap(q);
		assertThat(r.requestId()).isEqualTo(7);
		assertThat(r.type()).isEqualTo(IODoneResult.IO_DONE_READ);
		assertThat(r.returnCode()).isEqualTo(IOReturn.kIOReturnSuccess);
		assertThat(r.bytesTransferred()).isEqualTo(100);
		assertThat(r.inbandLength()).isEqualTo(100);
		for (int i = 0; i < 100; i++) {
			assertThat(r.inbandData()[i]).as("byte %d", i).isEqualTo(pattern.get(i));
		}
		// the other forms carry nothing in-band
		assertThat(q.deviceWriteAsync(u, 8, 0, 4, pattern.clear(), 512)).isZero();
		r = reap(q);
		assertThat(r.type()).isEqualTo(IODoneResult.IO_DONE_WRITE);
		assertThat(r.inbandLength()).isZero();
	}

	@Test
	void anInbandWriteTakesWholeBlocksOfAtMostInbandMaxBytesCopiedAtSubmit() throws Exception {
		LogicalUnit u = unit(new SoftwareController(16, true, 256, 64));
		assertThat(u.blockSize()).isEqualTo(64);
		IODoneQueueImpl q = new IODoneQueueImpl(4);
		byte[] data = new byte[192];
		for (int i = 0; i < data.length; i++) {
			data[i] = (byte) (0x40 + i);
		}
		assertThat(q.deviceWriteAsyncInband(u, 1, 0, 5, data, 192)).as("above IO_INBAND_MAX")
				.isEqualTo(KernReturn.KERN_INVALID_ARGUMENT);
		assertThat(q.deviceWriteAsyncInband(u, 1, 0, 5, data, 100)).as("a partial block")
				.isEqualTo(KernReturn.KERN_INVALID_ARGUMENT);
		assertThat(q.deviceWriteAsyncInband(u, 1, 0, 5, data, 128)).isEqualTo(KernReturn.KERN_SUCCESS);
		byte[] expected = java.util.Arrays.copyOf(data, 128);
		java.util.Arrays.fill(data, (byte) 0); // copied at submit: the array is the caller's again
		IODoneResult r = reap(q);
		assertThat(r.type()).isEqualTo(IODoneResult.IO_DONE_WRITE);
		assertThat(r.bytesTransferred()).isEqualTo(128);
		ByteBuffer back = ByteBuffer.allocateDirect(128);
		u.read(5, back);
		for (int i = 0; i < 128; i++) {
			assertThat(back.get(i)).as("byte %d", i).isEqualTo(expected[i]);
		}
	}

	@Test
	void anInbandWriteOf512ByteBlocksIsInvalidAsInMach() throws Exception {
		LogicalUnit u = unit(new SoftwareController(true));
		IODoneQueueImpl q = new IODoneQueueImpl(4);
		assertThat(q.deviceWriteAsyncInband(u, 1, 0, 0, new byte[128], 128)).isEqualTo(KernReturn.KERN_INVALID_ARGUMENT);
	}
}
