package org.hbakit.bridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class PauseMeterTest {

	@Test
	void longestGapIncludesTheOneStraddlingTheEndOfTheCall() throws Exception {
		PauseMeter m = new PauseMeter("hba0");
		assertThat(m.isOpen()).isFalse();
		m.onCompletion(5); // outside a window: ignored
		m.open(100);
		m.onCompletion(110); // 10 after the call started
		m.onCompletion(130); // 20
		m.close(200); // the call returned; tasks still held
		assertThat(m.isOpen()).isTrue();
		m.onCompletion(190); // reaped before the return: still inside, 60
		m.onCompletion(1190); // first after the return: 1000, closes
		assertThat(m.isOpen()).isFalse();
		m.onCompletion(99_999); // after the window: ignored
		assertThat(m.awaitPause(0)).isEqualTo(1000);
		assertThat(m.longestGapEnd()).isEqualTo(1190);
	}

	@Test
	void aGapBeforeTheReturnCanBeTheLongest() throws Exception {
		PauseMeter m = new PauseMeter("hba0");
		m.open(0);
		m.onCompletion(3000);
		m.onCompletion(3001);
		m.close(3500);
		m.onCompletion(3600);
		assertThat(m.awaitPause(0)).isEqualTo(3000);
		assertThat(m.longestGapEnd()).isEqualTo(3000);
	}

	@Test
	void withNoClosingCompletionTheGapRunsToTheTimeout() throws Exception {
		PauseMeter m = new PauseMeter("hba0");
		long t0 = System.nanoTime();
		m.open(t0);
		m.close(t0);
		long pause = m.awaitPause(TimeUnit.MILLISECONDS.toNanos(20));
		assertThat(pause).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
		assertThat(m.longestGapEnd() - t0).isEqualTo(pause);
		assertThat(m.isOpen()).isFalse();
	}

	@Test
	void reopensCleanly() throws Exception {
		PauseMeter m = new PauseMeter("hba0");
		m.open(0);
		m.close(10);
		m.onCompletion(500);
		assertThat(m.awaitPause(0)).isEqualTo(500);
		m.open(1000);
		m.close(1010);
		m.onCompletion(1020);
		assertThat(m.awaitPause(0)).isEqualTo(20);
	}
}
