package org.hbakit.bridge.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialMessagesTest {
	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
	private final SerialMessages messages = new SerialMessages("hbaT", timer, System.getLogger("test"), () -> {
	});

	@AfterEach
	void stop() {
		messages.shutdown();
		timer.shutdownNow();
	}

	/**
	 * A deployment's wait for the devices to settle read "no message running" as idle, so a device whose move
	 * message had been posted (by the device that gave the move turn back) but had not started yet looked settled,
	 * and the bundle it was leaving was reported as unable to move. A posted message counts until it has finished:
	 * between a message and the one it posted the queue never looks idle.
	 */
	@Test
	void aMessagePostedByARunningOneLeavesNoMomentInWhichTheQueueLooksIdle() throws Exception {
		for (int round = 0; round < 2_000; round++) {
			CountDownLatch firstRunning = new CountDownLatch(1);
			CountDownLatch secondRan = new CountDownLatch(1);
			messages.post(() -> {
				firstRunning.countDown();
				messages.post(secondRan::countDown);
			});
			assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
			boolean sawIdle = false;
			while (true) {
				boolean idle = !messages.hasUnfinished();
				if (secondRan.getCount() == 0) {
					break; // the second counts down before it finishes: an idle read may be after it
				}
				sawIdle |= idle;
				Thread.onSpinWait();
			}
			assertThat(sawIdle).as("round %d", round).isFalse();
			await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10)).until(() -> !messages.hasUnfinished());
		}
	}

	@Test
	void nothingPostedIsNothingUnfinished() throws Exception {
		assertThat(messages.hasUnfinished()).isFalse();
		CountDownLatch ran = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		messages.post(() -> {
			ran.countDown();
			release.await();
		});
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(messages.hasUnfinished()).isTrue();
		release.countDown();
	}
}
