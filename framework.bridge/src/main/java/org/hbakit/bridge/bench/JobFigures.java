package org.hbakit.bridge.bench;

import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * One job's figures ({@code --jobs}, fio's numjobs): its workers' GOOD completions in the measured window, their
 * rate and latency, and its errors. The run's totals are the sum over the jobs.
 *
 * @param job      the job's index, from 0
 * @param ios      requests completed GOOD in the measured window
 * @param iops     {@code ios / seconds}
 * @param latP50Us latency p50 of those, µs
 * @param latP99Us p99
 * @param errors   completions not GOOD, and submissions refused, over the whole run
 */
public record JobFigures(int job, long ios, double iops, double latP50Us, double latP99Us, long errors) {

	/** The figures of each job of {@code workers}, in job order. */
	static List<JobFigures> of(List<BenchWorker> workers, int jobs, double seconds) {
		List<JobFigures> out = new ArrayList<>(jobs);
		for (int j = 0; j < jobs; j++) {
			Histogram merged = new Histogram(1, BenchWorker.MAX_LATENCY_NS, 3);
			long ios = 0;
			long errors = 0;
			for (BenchWorker w : workers) {
				if (w.job() == j) {
					merged.add(w.histogram());
					ios += w.ios();
					errors += w.errors();
				}
			}
			boolean any = merged.getTotalCount() > 0;
			out.add(new JobFigures(j, ios, ios / seconds, any ? merged.getValueAtPercentile(50) / 1e3 : 0,
					any ? merged.getValueAtPercentile(99) / 1e3 : 0, errors));
		}
		return out;
	}
}
