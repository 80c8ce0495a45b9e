package org.hbakit.bridge.bench;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of one run, as {@code hba:bench} prints it: {@link #toText()} for people, {@link #toJson()} for
 * scripts (one object on one line). Immutable.
 *
 * @param rw               the access pattern
 * @param bs               bytes per I/O
 * @param qd               requests in flight per unit
 * @param lunNames         the units driven, in name order
 * @param seconds          the measured duration
 * @param ios              requests completed GOOD in the measured window (failed ones are only {@code errors}: they
 *                         count in no rate and no latency)
 * @param iops             {@code ios / seconds}
 * @param mibps            MiB/s (2^20 bytes per second)
 * @param mbps             MB/s (10^6 bytes per second)
 * @param latP50Us         latency percentiles and maximum in microseconds (submission to reaping)
 * @param latP99Us         p99
 * @param latP999Us        p99.9
 * @param latMaxUs         max
 * @param errors           completions not GOOD, and submissions refused, over the whole run (never in {@code ios},
 *                         the rates or the latencies)
 * @param verified         reads checked against the last acknowledged write
 * @param corrupted        reads whose data did not match (verify failures)
 * @param path             the I/O path the registry's bindings show, e.g. {@code bundled} or
 *                         {@code hba0=bundled,hba1=parallel}; {@code a -> b} if it changed during the run
 * @param swaps            swaps performed
 * @param swapFailures     swaps that threw
 * @param swapPauseP50Us   completion-gap pause per swap: p50, p99, max (µs)
 * @param swapPauseP99Us   p99
 * @param swapPauseMaxUs   max
 * @param swapCallMaxUs    the longest swap call (an upper bound of the pause), µs
 * @param lost             requests submitted that had not completed when the bounded final wait ended
 * @param duplicated       completions for a request id not in flight
 * @param baselineCopiesPerSecond the same-process baseline: copies of one block per second ({@link CopyBaseline})
 * @param notes            warnings for people (e.g. a path that differs from {@code --path}, swap errors)
 * @param shortTransfers   completions GOOD with fewer bytes than asked (a residual): counted as completed, not as
 *                         corruption; a read is verified on the bytes it moved, a write leaves its block unknown
 * @param unitsLost        units withdrawn during the run (their HBA lost its controller past the grace)
 * @param unitsBack        those of {@code unitsLost} published again by the end (the run took them up again)
 * @param deploys          deployments through the deploy folder ({@code --deploy-every}) and their pauses
 * @param jobs             each job's figures ({@code --jobs}); the other figures are the totals over the jobs
 */
public record BenchReport(String rw, int bs, int qd, List<String> lunNames, double seconds, long ios, double iops,
		double mibps, double mbps, double latP50Us, double latP99Us, double latP999Us, double latMaxUs, long errors,
		long verified, long corrupted, String path, long swaps, long swapFailures, double swapPauseP50Us,
		double swapPauseP99Us, double swapPauseMaxUs, double swapCallMaxUs, long lost, long duplicated,
		double baselineCopiesPerSecond, List<String> notes, long shortTransfers, List<String> unitsLost,
		List<String> unitsBack, HotChanges deploys, List<JobFigures> jobs) {

	/** Copies the lists. */
	public BenchReport {
		lunNames = List.copyOf(lunNames);
		notes = List.copyOf(notes);
		unitsLost = List.copyOf(unitsLost);
		unitsBack = List.copyOf(unitsBack);
		jobs = List.copyOf(jobs);
	}

	/** Whether anything went wrong: errors, lost, duplicated or corrupted I/O, a lost unit, a failed swap or deployment. */
	public boolean failed() {
		return errors > 0 || lost > 0 || duplicated > 0 || corrupted > 0 || swapFailures > 0 || deploys.failures() > 0
				|| !unitsLost.isEmpty();
	}

	/** One line: what failed, with counts; for the exception that makes the command exit non-zero. */
	public String summary() {
		return String.format(Locale.ROOT,
				"hba:bench %s: errors=%d lost=%d duplicated=%d corrupted=%d swap_failures=%d deploy_failures=%d "
						+ "units_lost=%s (ios=%d, verified=%d, swaps=%d, deploys=%d)",
				failed() ? "FAILED" : "ok", errors, lost, duplicated, corrupted, swapFailures, deploys.failures(),
				unitsLost, ios, verified, swaps, deploys.count());
	}

	/**
	 * The report as one JSON object on one line, fields in this order: {@code iops, mbps, lat_p50_us, lat_p99_us,
	 * lat_p999_us, lat_max_us, errors, verified, path, rw, bs, qd, luns, seconds, ios, swaps, swap_pause_p50_us,
	 * swap_pause_p99_us, swap_pause_max_us, lost, duplicated, corrupted, baseline_copies_per_s, iops_per_baseline,
	 * units_lost, short_transfers, deploys, deploy_failures, deploy_pause_p50_us, deploy_pause_p99_us,
	 * deploy_pause_max_us, deploy_pause_in_swap_p99_us, deploy_pauses_outside_swap, deploy_pause_outside_swap_max_us,
	 * jobs, per_job}; {@code per_job} is an array of objects {@code job, ios, iops, lat_p50_us,
	 * lat_p99_us, errors}. {@code mbps} is MB/s (10^6 bytes), {@code bs} is in bytes, {@code luns} is the number of
	 * units, {@code units_lost} an array of unit names.
	 */
	public String toJson() {
		StringBuilder b = new StringBuilder(512).append('{');
		num(b, "iops", iops, 1);
		num(b, "mbps", mbps, 2);
		num(b, "lat_p50_us", latP50Us, 2);
		num(b, "lat_p99_us", latP99Us, 2);
		num(b, "lat_p999_us", latP999Us, 2);
		num(b, "lat_max_us", latMaxUs, 2);
		num(b, "errors", errors);
		num(b, "verified", verified);
		str(b, "path", path);
		str(b, "rw", rw);
		num(b, "bs", bs);
		num(b, "qd", qd);
		num(b, "luns", lunNames.size());
		num(b, "seconds", seconds, 3);
		num(b, "ios", ios);
		num(b, "swaps", swaps);
		num(b, "swap_pause_p50_us", swapPauseP50Us, 1);
		num(b, "swap_pause_p99_us", swapPauseP99Us, 1);
		num(b, "swap_pause_max_us", swapPauseMaxUs, 1);
		num(b, "lost", lost);
		num(b, "duplicated", duplicated);
		num(b, "corrupted", corrupted);
		num(b, "baseline_copies_per_s", baselineCopiesPerSecond, 1);
		num(b, "iops_per_baseline", baselineCopiesPerSecond > 0 ? iops / baselineCopiesPerSecond : 0, 4);
		b.append("\"units_lost\":[");
		for (String u : unitsLost) {
			str(b, null, u);
		}
		if (!unitsLost.isEmpty()) {
			b.setLength(b.length() - 1);
		}
		b.append("],");
		num(b, "short_transfers", shortTransfers);
		num(b, "deploys", deploys.count());
		num(b, "deploy_failures", deploys.failures());
		num(b, "deploy_pause_p50_us", deploys.pauseP50Us(), 1);
		num(b, "deploy_pause_p99_us", deploys.pauseP99Us(), 1);
		num(b, "deploy_pause_max_us", deploys.pauseMaxUs(), 1);
		num(b, "deploy_pause_in_swap_p99_us", deploys.inSwapP99Us(), 1);
		num(b, "deploy_pauses_outside_swap", deploys.outsideSwap());
		num(b, "deploy_pause_outside_swap_max_us", deploys.outsideSwapMaxUs(), 1);
		num(b, "jobs", jobs.size());
		b.append("\"per_job\":[");
		for (JobFigures j : jobs) {
			b.append('{');
			num(b, "job", j.job());
			num(b, "ios", j.ios());
			num(b, "iops", j.iops(), 1);
			num(b, "lat_p50_us", j.latP50Us(), 2);
			num(b, "lat_p99_us", j.latP99Us(), 2);
			num(b, "errors", j.errors());
			b.setLength(b.length() - 1);
			b.append("},");
		}
		if (!jobs.isEmpty()) {
			b.setLength(b.length() - 1);
		}
		b.append("],");
		b.setLength(b.length() - 1);
		return b.append('}').toString();
	}

	/** The report for people, several lines, ending with a newline. */
	public String toText() {
		StringBuilder b = new StringBuilder(1024);
		b.append(String.format(Locale.ROOT, "hba:bench %s bs=%s qd=%d luns=%d (%s) jobs=%d seconds=%.3f path=%s%n", rw,
				BenchOptions.formatSize(bs), qd, lunNames.size(), String.join(" ", lunNames), Math.max(1, jobs.size()), seconds,
				path));
		b.append(String.format(Locale.ROOT, "  iops        %.1f (%d I/Os)%n", iops, ios));
		b.append(String.format(Locale.ROOT, "  bandwidth   %.2f MiB/s (%.2f MB/s)%n", mibps, mbps));
		b.append(String.format(Locale.ROOT, "  latency     p50 %.2f us  p99 %.2f us  p99.9 %.2f us  max %.2f us%n",
				latP50Us, latP99Us, latP999Us, latMaxUs));
		if (jobs.size() > 1) {
			for (JobFigures j : jobs) {
				b.append(String.format(Locale.ROOT, "  job %-7d iops %.1f (%d I/Os)  latency p50 %.2f us  p99 %.2f us  errors %d%n",
						j.job(), j.iops(), j.ios(), j.latP50Us(), j.latP99Us(), j.errors()));
			}
		}
		if (baselineCopiesPerSecond > 0) {
			b.append(String.format(Locale.ROOT, "  baseline    %.0f random %s copies/s from 256 MiB in this process (iops = %.4f x baseline)%n",
					baselineCopiesPerSecond, BenchOptions.formatSize(bs), iops / baselineCopiesPerSecond));
		}
		b.append(String.format(Locale.ROOT, "  errors      %d%n", errors));
		b.append(String.format(Locale.ROOT, "  verified    %d reads (verify failures %d)%n", verified, corrupted));
		if (swaps > 0 || swapFailures > 0) {
			b.append(String.format(Locale.ROOT,
					"  swaps       %d (failed %d)  pause p50 %.1f us  p99 %.1f us  max %.1f us  (longest swap call %.1f us)%n",
					swaps, swapFailures, swapPauseP50Us, swapPauseP99Us, swapPauseMaxUs, swapCallMaxUs));
		}
		if (deploys.count() > 0 || deploys.failures() > 0) {
			b.append(String.format(Locale.ROOT,
					"  deploys     %d (failed %d)  pause p50 %.1f us  p99 %.1f us  max %.1f us  (longest deployment %.1f us)%n",
					deploys.count(), deploys.failures(), deploys.pauseP50Us(), deploys.pauseP99Us(), deploys.pauseMaxUs(),
					deploys.callMaxUs()));
			b.append(String.format(Locale.ROOT,
					"              longest gap in the HBA's own swap p99 %.1f us; elsewhere %d (max %.1f us)%n",
					deploys.inSwapP99Us(), deploys.outsideSwap(), deploys.outsideSwapMaxUs()));
		}
		if (shortTransfers > 0) {
			b.append(String.format(Locale.ROOT, "  short       %d GOOD completions with a residual%n", shortTransfers));
		}
		if (!unitsLost.isEmpty()) {
			b.append(String.format(Locale.ROOT, "  units lost  %s (published again: %s)%n", String.join(" ", unitsLost),
					unitsBack.isEmpty() ? "none" : String.join(" ", unitsBack)));
		}
		b.append(String.format(Locale.ROOT, "  lost        %d  duplicated %d  corrupted %d%n", lost, duplicated,
				corrupted));
		for (String note : notes) {
			b.append("  note: ").append(note).append(System.lineSeparator());
		}
		return b.toString();
	}

	private static void num(StringBuilder b, String name, long value) {
		b.append('"').append(name).append("\":").append(value).append(',');
	}

	private static void num(StringBuilder b, String name, double value, int decimals) {
		b.append('"').append(name).append("\":");
		if (Double.isFinite(value)) {
			b.append(String.format(Locale.ROOT, "%." + decimals + "f", value));
		} else {
			b.append("null");
		}
		b.append(',');
	}

	/** A string field, or with a null {@code name} an array element. */
	private static void str(StringBuilder b, String name, String value) {
		if (name != null) {
			b.append('"').append(name).append("\":");
		}
		if (value == null) {
			b.append("null,");
			return;
		}
		b.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> b.append("\\\"");
				case '\\' -> b.append("\\\\");
				case '\n' -> b.append("\\n");
				case '\r' -> b.append("\\r");
				case '\t' -> b.append("\\t");
				default -> {
					if (c < 0x20) {
						b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					} else {
						b.append(c);
					}
				}
			}
		}
		b.append("\",");
	}
}
