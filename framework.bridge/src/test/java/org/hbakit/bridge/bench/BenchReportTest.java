package org.hbakit.bridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class BenchReportTest {
	static final List<String> FIELDS = List.of("iops", "mbps", "lat_p50_us", "lat_p99_us", "lat_p999_us",
			"lat_max_us", "errors", "verified", "path", "rw", "bs", "qd", "luns", "seconds", "ios", "swaps",
			"swap_pause_p50_us", "swap_pause_p99_us", "swap_pause_max_us", "lost", "duplicated", "corrupted",
			"baseline_copies_per_s", "iops_per_baseline", "units_lost", "short_transfers", "deploys", "deploy_failures",
			"deploy_pause_p50_us", "deploy_pause_p99_us", "deploy_pause_max_us", "deploy_pause_in_swap_p99_us",
			"deploy_pauses_outside_swap", "deploy_pause_outside_swap_max_us", "jobs", "per_job", //
			"job", "ios", "iops", "lat_p50_us", "lat_p99_us", "errors", //
			"job", "ios", "iops", "lat_p50_us", "lat_p99_us", "errors");

	static BenchReport sample(long errors, String path) {
		return sample(errors, path, List.of(), HotChanges.NONE);
	}

	static BenchReport sample(long errors, String path, List<String> unitsLost, HotChanges deploys) {
		return new BenchReport("randread", 4096, 128, List.of("hba0:0:1", "hba0:0:2"), 10.0, 15_000_000, 1_500_000.0,
				5859.375, 6144.0, 3.1, 12.5, 40.25, 1200.0, errors, 42, 0, path, 3, 0, 900.0, 1500.0, 1600.0, 9000.0, 0,
				0, 3_000_000.0, List.of(), 2, unitsLost, List.of(), deploys,
				List.of(new JobFigures(0, 7_400_000, 740_000.0, 3.0, 12.0, errors),
						new JobFigures(1, 7_600_000, 760_000.0, 3.2, 13.0, 0)));
	}

	@Test
	void jsonHasExactlyTheFieldsInOrderOnOneLine() {
		String json = sample(0, "bundled").toJson();
		assertThat(json).doesNotContain("\n").startsWith("{").endsWith("}");
		Matcher m = Pattern.compile("\"([a-z0-9_]+)\":").matcher(json);
		List<String> names = new ArrayList<>();
		while (m.find()) {
			names.add(m.group(1));
		}
		assertThat(names).containsExactlyElementsOf(FIELDS);
		assertThat(json).contains("\"iops\":1500000.0,", "\"mbps\":6144.00,", "\"lat_p50_us\":3.10,",
				"\"lat_p999_us\":40.25,", "\"path\":\"bundled\",", "\"rw\":\"randread\",", "\"bs\":4096,",
				"\"qd\":128,", "\"luns\":2,", "\"seconds\":10.000,", "\"ios\":15000000,", "\"swaps\":3,",
				"\"swap_pause_p99_us\":1500.0,", "\"corrupted\":0,",
				"\"baseline_copies_per_s\":3000000.0,", "\"iops_per_baseline\":0.5000,", "\"units_lost\":[],",
				"\"short_transfers\":2,", "\"deploys\":0,", "\"deploy_pause_max_us\":0.0,", "\"jobs\":2,",
				"\"per_job\":[{\"job\":0,\"ios\":7400000,\"iops\":740000.0,\"lat_p50_us\":3.00,\"lat_p99_us\":12.00,"
						+ "\"errors\":0},{\"job\":1,", "\"errors\":0}]}");
	}

	@Test
	void textShowsEachJobBesideTheTotals() {
		assertThat(sample(0, "bundled").toText()).contains("jobs=2",
				"job 0       iops 740000.0 (7400000 I/Os)  latency p50 3.00 us  p99 12.00 us  errors 0",
				"job 1       iops 760000.0 (7600000 I/Os)",
				"iops        1500000.0 (15000000 I/Os)");
	}

	@Test
	void lostUnitsAndFailedDeploymentsFailTheRunAndAreReported() {
		BenchReport lostUnits = sample(0, "x", List.of("hba1:0:0", "hba1:0:1"), HotChanges.NONE);
		assertThat(lostUnits.failed()).isTrue();
		assertThat(lostUnits.toJson()).contains("\"units_lost\":[\"hba1:0:0\",\"hba1:0:1\"],");
		assertThat(lostUnits.toText()).contains("units lost  hba1:0:0 hba1:0:1 (published again: none)");
		assertThat(lostUnits.summary()).contains("units_lost=[hba1:0:0, hba1:0:1]");
		BenchReport deploys = sample(0, "x", List.of(), new HotChanges(500, 1, 4200.0, 8100.0, 12000.0, 900000.0,
				7000.0, 3, 11000.0));
		assertThat(deploys.failed()).isTrue();
		assertThat(deploys.toJson()).contains("\"deploys\":500,\"deploy_failures\":1,\"deploy_pause_p50_us\":4200.0,",
				"\"deploy_pause_p99_us\":8100.0,", "\"deploy_pause_in_swap_p99_us\":7000.0,\"deploy_pauses_outside_swap\":3,"
						+ "\"deploy_pause_outside_swap_max_us\":11000.0,");
		assertThat(deploys.toText()).contains("deploys     500 (failed 1)  pause p50 4200.0 us  p99 8100.0 us",
				"longest gap in the HBA's own swap p99 7000.0 us; elsewhere 3 (max 11000.0 us)");
	}

	@Test
	void jsonEscapesStrings() {
		assertThat(sample(0, "a\"b\\c").toJson()).contains("\"path\":\"a\\\"b\\\\c\"");
	}

	@Test
	void textLabelsBothMegabyteUnits() {
		String text = sample(0, "bundled").toText();
		assertThat(text).contains("5859.38 MiB/s", "6144.00 MB/s", "p50 3.10 us", "p99.9 40.25 us", "max 1200.00 us",
				"path=bundled", "verified    42 reads (verify failures 0)", "swaps       3 (failed 0)",
				"lost        0  duplicated 0  corrupted 0");
	}

	@Test
	void failedWhenAnythingWentWrong() {
		assertThat(sample(0, "x").failed()).isFalse();
		assertThat(sample(1, "x").failed()).isTrue();
		assertThat(sample(1, "x").summary()).startsWith("hba:bench FAILED: errors=1 lost=0");
	}

	@Test
	void percentilesByNearestRank() {
		long[] v = { 5, 1, 4, 2, 3, 6, 7, 8, 9, 10 };
		assertThat(BenchRunner.percentile(v, 50)).isEqualTo(5);
		assertThat(BenchRunner.percentile(v, 99)).isEqualTo(10);
		assertThat(BenchRunner.percentile(v, 100)).isEqualTo(10);
		assertThat(BenchRunner.percentile(new long[0], 99)).isZero();
		assertThat(BenchRunner.percentile(new long[] { 7 }, 50)).isEqualTo(7);
	}
}
