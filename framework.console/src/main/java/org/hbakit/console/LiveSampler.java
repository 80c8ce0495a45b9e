package org.hbakit.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.hbakit.controller.api.registry.HBAStatistics;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Samples {@link IOKitRegistry#statistics()} once a {@link #PERIOD_MS period} on its own thread and keeps the last
 * {@link #HISTORY} samples, so every viewer of the live page (and {@code live.json}) sees the same series, rates
 * included, from the moment the platform started. One registry call per period; nothing per I/O.
 */
@Component(service = LiveSampler.class)
public final class LiveSampler {
	/** Sampling period, milliseconds. */
	public static final long PERIOD_MS = 1000;
	/** Samples kept: five minutes. */
	public static final int HISTORY = 300;

	private final IOKitRegistry registry;
	private final Logger log;
	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "hbakit-console-sampler");
		t.setDaemon(true);
		return t;
	});
	private final ArrayDeque<LiveSample> samples = new ArrayDeque<>();
	/** The previous totals per location and when they were read; touched only by the timer thread. */
	private final Map<String, Previous> previous = new HashMap<>();
	private long seq;
	private boolean failing;

	private record Previous(HBAStatistics statistics, long nanos) {
	}

	/** Created by DS; starts sampling. */
	@Activate
	public LiveSampler(@Reference IOKitRegistry registry, @Reference(service = LoggerFactory.class) Logger log) {
		this.registry = registry;
		this.log = log;
		timer.scheduleAtFixedRate(this::sample, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
	}

	@Deactivate
	void deactivate() {
		timer.shutdownNow();
	}

	/** The samples taken after sample number {@code afterSeq} (0: all kept), oldest first. */
	public synchronized List<LiveSample> since(long afterSeq) {
		List<LiveSample> out = new ArrayList<>();
		for (LiveSample s : samples) {
			if (s.seq() > afterSeq) {
				out.add(s);
			}
		}
		return out;
	}

	/** The timer's task: never throws, so one failed read does not end sampling. */
	private void sample() {
		try {
			long now = System.nanoTime();
			List<HbaFigures> figures = new ArrayList<>();
			for (HBAStatistics s : registry.statistics()) {
				Previous p = previous.put(s.location(), new Previous(s, now));
				figures.add(figures(s, p == null ? null : p.statistics(), p == null ? 0 : now - p.nanos()));
			}
			append(System.currentTimeMillis(), figures);
			failing = false;
		} catch (RuntimeException e) {
			if (!failing) { // once per run of failures, not once a second
				log.warn("live sampling failed: {}", e.toString());
				failing = true;
			}
		}
	}

	private synchronized void append(long timeMillis, List<HbaFigures> figures) {
		samples.addLast(new LiveSample(++seq, timeMillis, List.copyOf(figures)));
		while (samples.size() > HISTORY) {
			samples.removeFirst();
		}
	}

	/**
	 * One HBA's figures from its totals now and {@code elapsedNanos} before. Without an earlier reading, or when
	 * the totals went backwards (the device went away and came back), the rates are 0.
	 */
	static HbaFigures figures(HBAStatistics now, HBAStatistics before, long elapsedNanos) {
		double iops = 0, failed = 0, bytes = 0;
		if (before != null && elapsedNanos > 0 && now.completed() >= before.completed()) {
			double seconds = elapsedNanos / 1e9;
			iops = (now.completed() - before.completed()) / seconds;
			failed = Math.max(0, now.failed() - before.failed()) / seconds;
			bytes = Math.max(0, now.bytesTransferred() - before.bytesTransferred()) / seconds;
		}
		return new HbaFigures(now.hbaName(), now.location(), iops, failed, bytes, now.inFlight(), now.held(),
				now.completed(), now.intervalCount(), now.p50Nanos(), now.p99Nanos(), now.p999Nanos(), now.maxNanos());
	}
}
