package org.hbakit.hba.sim.pci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

/**
 * A control operation for a parked device thread runs on its caller, without a wake-up to wait for, and never while
 * the device thread runs a pass.
 */
class ControlMailboxTest {
	private static final int OP = 7;

	@Test
	void anOperationForAnIdleDeviceRunsOnItsCallerWhileTheDeviceStaysParked() throws Exception {
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		ControlMailbox mailbox = new ControlMailbox((kind, arg) -> ranOn.set(Thread.currentThread()));
		CountDownLatch idle = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread device = new Thread(() -> {
			mailbox.idle();
			idle.countDown();
			await(release); // parked: nothing serves the mailbox
			mailbox.resume();
		}, "device");
		device.start();
		assertThat(idle.await(10, TimeUnit.SECONDS)).isTrue();

		mailbox.call(OP, 0, device, true);

		assertThat(ranOn.get()).isSameAs(Thread.currentThread());
		assertThat(device.isAlive()).as("still parked: the call did not wait for it").isTrue();
		assertThat(mailbox.pending()).isFalse();
		release.countDown();
		device.join(10_000);
		assertThat(device.isAlive()).isFalse();
	}

	@Test
	void aDeviceThatWakesDuringAClaimedOperationResumesOnlyAfterIt() throws Exception {
		List<String> events = new CopyOnWriteArrayList<>();
		CountDownLatch inOperation = new CountDownLatch(1);
		CountDownLatch deviceWoken = new CountDownLatch(1);
		CountDownLatch resumed = new CountDownLatch(1);
		AtomicReference<Thread> deviceRef = new AtomicReference<>();
		ControlMailbox mailbox = new ControlMailbox((kind, arg) -> {
			inOperation.countDown();
			LockSupport.unpark(deviceRef.get());
			await(deviceWoken); // the device thread is awake and trying to resume now
			try {
				// what must not happen: the device resuming while the operation runs (a bound, not a sleep)
				if (resumed.await(200, TimeUnit.MILLISECONDS)) {
					events.add("device ran during the operation");
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			events.add("operation ends");
		});
		CountDownLatch idle = new CountDownLatch(1);
		Thread device = new Thread(() -> {
			mailbox.idle();
			idle.countDown();
			await(inOperation);
			deviceWoken.countDown();
			mailbox.resume();
			events.add("device resumes");
			resumed.countDown();
		}, "device");
		deviceRef.set(device);
		device.start();
		assertThat(idle.await(10, TimeUnit.SECONDS)).isTrue();

		mailbox.call(OP, 0, device, true);
		device.join(10_000);

		assertThat(events).containsExactly("operation ends", "device resumes");
	}

	@Test
	void aRunningDeviceServesTheOperationItself() throws Exception {
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		ControlMailbox mailbox = new ControlMailbox((kind, arg) -> ranOn.set(Thread.currentThread()));
		CountDownLatch stop = new CountDownLatch(1);
		Thread device = new Thread(() -> {
			while (stop.getCount() > 0) {
				mailbox.serve(); // a pass
				Thread.onSpinWait();
			}
		}, "device");
		device.start();
		try {
			mailbox.call(OP, 0, device, true);
		} finally {
			stop.countDown();
		}
		device.join(10_000);
		assertThat(ranOn.get()).isSameAs(device);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
