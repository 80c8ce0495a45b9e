package org.hbakit.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hbakit.controller.api.registry.HBAStatistics;
import org.junit.jupiter.api.Test;

/** Rates come from the differences of the registry's running totals over the time between two readings. */
class LiveSamplerFiguresTest {
	private static HBAStatistics totals(long completed, long failed, long bytes, long p99) {
		return new HBAStatistics("hba0", "pci0000:00:04.0", completed, failed, bytes, 3, 1, 1000, 500, p99 / 2, p99,
				p99 * 2, p99 * 3);
	}

	@Test
	void ratesPerSecondFromTwoReadings() {
		HbaFigures f = LiveSampler.figures(totals(12_000, 10, 8_192_000, 40_000), totals(2_000, 4, 0, 0),
				2_000_000_000L);
		assertThat(f.iops()).isCloseTo(5_000, within(1e-9));
		assertThat(f.failedPerSecond()).isCloseTo(3, within(1e-9));
		assertThat(f.bytesPerSecond()).isCloseTo(4_096_000, within(1e-9));
		assertThat(f.completed()).isEqualTo(12_000);
		assertThat(f.inFlight()).isEqualTo(3);
		assertThat(f.held()).isEqualTo(1);
		assertThat(f.p50Nanos()).isEqualTo(20_000);
		assertThat(f.p99Nanos()).isEqualTo(40_000);
		assertThat(f.p999Nanos()).isEqualTo(80_000);
		assertThat(f.maxNanos()).isEqualTo(120_000);
	}

	@Test
	void noRatesWithoutAnEarlierReadingOrWhenTheTotalsWentBack() {
		assertThat(LiveSampler.figures(totals(100, 0, 0, 0), null, 0).iops()).isZero();
		HbaFigures reset = LiveSampler.figures(totals(100, 0, 0, 0), totals(5_000, 0, 0, 0), 1_000_000_000L);
		assertThat(reset.iops()).isZero();
		assertThat(reset.completed()).isEqualTo(100);
	}
}
