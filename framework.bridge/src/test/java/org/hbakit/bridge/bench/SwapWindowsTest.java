package org.hbakit.bridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.hbakit.controller.api.registry.SwapInfo;
import org.junit.jupiter.api.Test;

class SwapWindowsTest {
	/** A swap of {@code location} that ended at {@code endedAtMillis} after a pause of {@code pauseMillis}. */
	private static SwapInfo swap(String location, long endedAtMillis, long pauseMillis) {
		return new SwapInfo("x", location, endedAtMillis, "test", "a", "b", true, 0, 0, 0,
				TimeUnit.MILLISECONDS.toNanos(pauseMillis), 0, 0, 0, 0);
	}

	private final SwapWindows windows = SwapWindows.of(() -> List.of(swap("pci0:1.0", 1_000, 5),
			swap("pci0:2.0", 2_000, 5)));

	@Test
	void aGapInsideItsOwnHBAsSwapIsInTheSwap() {
		assertThat(windows.overlaps("pci0:1.0", 996.0, 998.0)).isTrue();
		assertThat(windows.overlaps("pci0:1.0", 990.0, 1_010.0)).isTrue(); // around it
	}

	@Test
	void anotherHBAsSwapDoesNotCount() {
		assertThat(windows.overlaps("pci0:3.0", 996.0, 998.0)).isFalse();
		assertThat(windows.overlaps("pci0:2.0", 996.0, 998.0)).isFalse();
	}

	@Test
	void aGapBeforeOrAfterTheSwapIsElsewhereBeyondTheClockSlack() {
		assertThat(windows.overlaps("pci0:1.0", 900.0, 993.5)).isFalse(); // the swap began at 995, slack 1 ms
		assertThat(windows.overlaps("pci0:1.0", 1_001.5, 1_020.0)).isFalse(); // it ended at 1000
		assertThat(windows.overlaps("pci0:1.0", 1_000.5, 1_020.0)).isTrue(); // within the slack of its end
	}
}
