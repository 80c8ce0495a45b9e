package org.hbakit.bridge.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.hbakit.controller.api.client.IODoneQueue;
import org.hbakit.controller.api.client.IOHost;
import org.hbakit.controller.api.registry.BindingInfo;
import org.hbakit.controller.api.registry.IOKitRegistry;

/**
 * Runs one {@code hba:bench} workload: chooses the logical units, asks for the I/O path, prefills for
 * {@code --verify}, starts one {@link BenchWorker} thread per {@link #lunsPerThread(int) N units} (each with its own
 * {@link IODoneQueue} of depth {@code qd × units}), swaps controllers every {@code --swap-every}, prints a live
 * progress line once a second, and merges the workers' counts and histograms into a {@link BenchReport}.
 * <p>
 * {@link #run} is called on the command's thread and prints progress only from that thread (Gogo routes
 * {@code System.out} per thread). It blocks for warmup + seconds + the final drain. Not reusable concurrently.
 * <p>
 * Null units: a unit is a null unit when its service carries {@code scsi.null=true}
 * ({@link BenchOptions#NULL_PROPERTY}); {@code --null} selects only those, otherwise they are left out.
 */
public final class BenchRunner {
	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final IOHost host;
	private final IOKitRegistry registry;
	private final PathSwitcher pathSwitcher;
	private final Swapper swapper;
	private Deployer deployer;
	private final PrintStream out;
	private final boolean terminal;
	private int lunsPerThread;
	private Duration drainTimeout = Duration.ofSeconds(30);
	private Duration quiescenceTimeout = Duration.ofSeconds(60);

	/**
	 * @param host         where the workers create their queues
	 * @param registry     for the bindings' paths, quiescence and the default swapper; may be null (path unknown)
	 * @param pathSwitcher for {@code --path}; may be null (then {@code --path} is refused)
	 * @param swapper      for {@code --swap-every}; null means {@link Swapper#rematch(IOKitRegistry)}
	 * @param out          where progress goes (the report is returned, not printed)
	 * @param terminal     whether {@code out} is a terminal: progress overwrites one line with {@code \r}
	 */
	public BenchRunner(IOHost host, IOKitRegistry registry, PathSwitcher pathSwitcher, Swapper swapper,
			PrintStream out, boolean terminal) {
		this.host = Objects.requireNonNull(host, "host");
		this.registry = registry;
		this.pathSwitcher = pathSwitcher;
		this.swapper = swapper;
		this.out = Objects.requireNonNull(out, "out");
		this.terminal = terminal;
	}

	/** What {@code --deploy-every} deploys through (none by default: then it is refused). */
	public BenchRunner deployer(Deployer deployer) {
		this.deployer = deployer;
		return this;
	}

	/** Units per worker thread; 0 (the default) spreads the units over half the processors, at least one thread. */
	public BenchRunner lunsPerThread(int n) {
		if (n < 0) {
			throw new IllegalArgumentException("lunsPerThread " + n);
		}
		this.lunsPerThread = n;
		return this;
	}

	/** How long the end of the run (and the prefill) waits for requests in flight before counting them lost. */
	public BenchRunner drainTimeout(Duration timeout) {
		this.drainTimeout = Objects.requireNonNull(timeout);
		return this;
	}

	/** How long to wait for the registry's quiescence after {@code --path}. */
	public BenchRunner quiescenceTimeout(Duration timeout) {
		this.quiescenceTimeout = Objects.requireNonNull(timeout);
		return this;
	}

	/** Runs the workload over the {@code published} units, which stay as they are during the run. */
	public BenchReport run(BenchOptions o, List<BenchLun> published) throws InterruptedException {
		LiveUnits live = new LiveUnits();
		published.forEach(l -> live.published(l.name(), l.unit()));
		return run(o, published, live);
	}

	/**
	 * Runs the workload over the {@code published} units; {@code live} follows the units as they are withdrawn and
	 * published again during the run.
	 *
	 * @throws IllegalArgumentException for options the units or the runtime cannot satisfy (nothing was run)
	 * @throws IllegalStateException    if a worker failed unexpectedly
	 */
	public BenchReport run(BenchOptions o, List<BenchLun> published, LiveUnits live) throws InterruptedException {
		List<BenchLun> luns = choose(o, published);
		List<String> names = luns.stream().map(BenchLun::name).toList();
		luns.forEach(l -> live.published(l.name(), l.unit()));
		List<String> notes = new ArrayList<>();
		List<String> hbas = new ArrayList<>(new LinkedHashSet<>(luns.stream().map(BenchLun::hbaLocation).toList()));
		Map<String, String> hbaNames = new LinkedHashMap<>();
		luns.forEach(l -> hbaNames.putIfAbsent(l.hbaLocation(), l.hbaName()));

		if (o.path() != null) {
			if (pathSwitcher == null) {
				throw new IllegalArgumentException(
						"--path " + o.path() + ": this runtime offers no path switcher; leave out --path");
			}
			for (String hba : hbas) {
				try {
					pathSwitcher.requestPath(hba, o.path());
				} catch (InterruptedException e) {
					throw e;
				} catch (Exception e) {
					throw new IllegalArgumentException(
							"--path " + o.path() + ": " + hbaNames.get(hba) + " refused: " + e.getMessage(), e);
				}
			}
			awaitQuiescence(notes);
		}
		Swapper swap = null;
		if (o.swapEveryMs() > 0) {
			swap = swapper != null ? swapper : registry != null ? Swapper.rematch(registry) : null;
			if (swap == null) {
				throw new IllegalArgumentException("--swap-every: this runtime offers no registry to rematch with");
			}
		}
		DeployBuilds builds = null;
		if (o.deployEveryMs() > 0) {
			if (deployer == null) {
				throw new IllegalArgumentException("--deploy-every: this runtime has no deploy folder (FileInstall)");
			}
			builds = DeployBuilds.read(o.deployJars());
		}
		String pathBefore = describePaths(hbas, hbaNames);
		if (o.path() != null && !pathBefore.equals(o.path())) {
			notes.add("--path " + o.path() + " requested, the bindings show " + pathBefore);
		}

		// the same-process baseline, measured before any worker runs so they do not share the cores with it
		double baseline = CopyBaseline.copiesPerSecond(o.bs(), 500_000_000L);

		// one pause meter per HBA, shared by the workers whose units sit on it
		Map<String, PauseMeter> meterOf = new LinkedHashMap<>();
		hbas.forEach(h -> meterOf.put(h, new PauseMeter(h)));

		int perThread = lunsPerThread > 0 ? lunsPerThread : defaultLunsPerThread(luns.size());
		BenchWorker.Timeline timeline = new BenchWorker.Timeline();
		timeline.drainTimeoutNanos = drainTimeout.toNanos();
		// each job (--jobs) has its own workers over every unit: one group of units per worker
		int groups = (luns.size() + perThread - 1) / perThread;
		int workerCount = groups * o.jobs();
		CountDownLatch ready = new CountDownLatch(workerCount);
		CountDownLatch go = new CountDownLatch(1);
		List<BenchWorker> workers = new ArrayList<>();
		List<IODoneQueue> queues = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		try {
			for (int w = 0; w < workerCount; w++) {
				int job = w / groups;
				int from = (w % groups) * perThread;
				int to = Math.min(luns.size(), from + perThread);
				BenchLun[] group = luns.subList(from, to).toArray(BenchLun[]::new);
				int[] ids = new int[group.length];
				PauseMeter[] meters = new PauseMeter[group.length];
				for (int i = 0; i < group.length; i++) {
					ids[i] = from + i;
					meters[i] = meterOf.get(group[i].hbaLocation());
				}
				long depth = (long) o.qd() * group.length;
				if (depth > 65536) {
					throw new IllegalArgumentException("--qd " + o.qd() + " x " + group.length
							+ " units per thread exceeds the io_done_queue limit of 65536");
				}
				LiveUnits.Slot[] slots = new LiveUnits.Slot[group.length];
				for (int i = 0; i < group.length; i++) {
					slots[i] = live.slot(group[i].name());
				}
				IODoneQueue q = host.ioDoneQueueCreate((int) depth);
				queues.add(q);
				workers.add(new BenchWorker(o, group, slots, ids, meters, q, timeline, ready, go, w, job));
			}
			for (int w = 0; w < workerCount; w++) {
				Thread t = new Thread(workers.get(w), "hba-bench-" + w);
				t.setDaemon(true);
				threads.add(t);
				t.start();
			}
			if (o.verify() && o.rw().reads() && !o.json()) {
				out.println("hba:bench: --verify: writing the range of " + luns.size() + " unit(s) first");
			}
			ready.await();
			int[] withdrawals = live.withdrawals(names);
			long start = System.nanoTime();
			timeline.start = start;
			timeline.warmupEnd = start + (long) (o.warmupSeconds() * SECOND);
			timeline.measureEnd = timeline.warmupEnd + (long) (o.seconds() * SECOND);
			go.countDown();

			HotChangeLoop swapLoop = null;
			HotChangeLoop deployLoop = null;
			Thread changeThread = null;
			if (swap != null) {
				Swapper swapper = swap;
				swapLoop = new HotChangeLoop(loop -> {
					for (String hba : hbas) {
						loop.change(List.of(meterOf.get(hba)), () -> swapper.swap(hba), "swap of " + hbaNames.get(hba));
					}
				}, timeline, o.swapEveryMs(), null); // a swap's window is its swap: nothing to sort
				changeThread = new Thread(swapLoop, "hba-bench-swap");
			} else if (builds != null) {
				DeployBuilds deploying = builds;
				List<PauseMeter> all = List.copyOf(meterOf.values());
				SwapWindows windows = registry == null ? null : SwapWindows.of(registry::swaps);
				deployLoop = new HotChangeLoop(loop -> loop.change(all,
						() -> deployer.deploy(deploying.fileName(), deploying.next()), "deployment of "
								+ deploying.fileName()), timeline, o.deployEveryMs(), windows);
				changeThread = new Thread(deployLoop, "hba-bench-deploy");
			}
			if (changeThread != null) {
				changeThread.setDaemon(true);
				changeThread.start();
			}
			progressUntilDone(o, workers, threads, swapLoop != null ? swapLoop : deployLoop, start, timeline);
			if (changeThread != null) {
				changeThread.join(drainTimeout.toMillis());
				if (changeThread.isAlive()) {
					notes.add("a " + (swapLoop != null ? "swap" : "deployment") + " was still running "
							+ drainTimeout.toSeconds() + " s after the run ended");
					changeThread.interrupt();
				}
			}
			if (builds != null) {
				notes.add(retire(builds));
			}
			for (BenchWorker w : workers) {
				if (w.failure() != null) {
					throw new IllegalStateException("hba:bench worker failed: " + w.failure(), w.failure());
				}
				if (w.terminated()) {
					notes.add("an io_done_queue was terminated during the run");
				}
			}
			String pathAfter = describePaths(hbas, hbaNames);
			String path = pathBefore.equals(pathAfter) ? pathAfter : pathBefore + " -> " + pathAfter;
			if (swapLoop != null) {
				notes.addAll(swapLoop.failureMessages());
			}
			if (deployLoop != null) {
				notes.addAll(deployLoop.failureMessages());
			}
			List<String> lost = live.lostSince(names, withdrawals);
			List<String> back = live.present(lost);
			return report(o, luns, workers, swapLoop, deployLoop, path, notes, baseline, lost, back);
		} finally {
			go.countDown();
			for (Thread t : threads) {
				if (t.isAlive()) {
					t.interrupt();
				}
			}
			for (IODoneQueue q : queues) {
				q.close();
			}
		}
	}

	private static int defaultLunsPerThread(int luns) {
		int threads = Math.max(1, Math.min(luns, Runtime.getRuntime().availableProcessors() / 2));
		return (luns + threads - 1) / threads;
	}

	/** Eligible units (null or not, as asked) in name order, then {@code --luns}, then the per-unit checks. */
	List<BenchLun> choose(BenchOptions o, List<BenchLun> published) {
		List<BenchLun> eligible = new ArrayList<>();
		Map<String, String> ineligible = new LinkedHashMap<>();
		for (BenchLun l : published) {
			if (l.nullUnit() == o.nullLuns()) {
				eligible.add(l);
			} else {
				ineligible.put(l.name(), l.nullUnit() ? "a null unit (scsi.null=true): add --null"
						: "not a null unit (no scsi.null=true) while --null is given");
			}
		}
		if (eligible.isEmpty()) {
			if (o.nullLuns()) {
				throw new IllegalArgumentException("--null: no logical unit is published with "
						+ BenchOptions.NULL_PROPERTY + "=true; this runtime has no null units");
			}
			throw new IllegalArgumentException(published.isEmpty() ? "no logical units are published"
					: "no logical units without " + BenchOptions.NULL_PROPERTY + "=true are published (try --null)");
		}
		eligible.sort((a, b) -> BenchLun.NAME_ORDER.compare(a.name(), b.name()));
		List<BenchLun> chosen = new ArrayList<>(o.luns().select(eligible, BenchLun::name, ineligible));
		chosen.sort((a, b) -> BenchLun.NAME_ORDER.compare(a.name(), b.name()));
		chosen.forEach(o::checkAgainst);
		return chosen;
	}

	private void awaitQuiescence(List<String> notes) throws InterruptedException {
		if (registry != null && !registry.awaitQuiescence(quiescenceTimeout.toMillis())) {
			notes.add("the registry was not quiescent " + quiescenceTimeout.toSeconds() + " s after --path");
		}
	}

	/** The path each HBA's binding shows: one word when all agree, else {@code hba0=bundled,hba1=parallel}. */
	private String describePaths(List<String> hbas, Map<String, String> hbaNames) {
		if (registry == null) {
			return "unknown";
		}
		Map<String, String> byLocation = new LinkedHashMap<>();
		for (BindingInfo b : registry.bindings()) {
			byLocation.put(b.location(), b.path());
		}
		List<String> paths = hbas.stream().map(h -> byLocation.getOrDefault(h, "unbound")).toList();
		if (paths.stream().distinct().count() == 1) {
			return paths.get(0);
		}
		List<String> parts = new ArrayList<>();
		for (int i = 0; i < hbas.size(); i++) {
			parts.add(hbaNames.get(hbas.get(i)) + "=" + paths.get(i));
		}
		return String.join(",", parts);
	}

	/** After the run: the bench's file leaves the deploy folder, what it provided is retired. */
	private String retire(DeployBuilds builds) throws InterruptedException {
		try {
			return "--deploy-every: " + deployer.remove(builds.fileName());
		} catch (InterruptedException e) {
			throw e;
		} catch (Exception e) {
			return "--deploy-every: removing " + builds.fileName() + " failed: " + e;
		}
	}

	private void progressUntilDone(BenchOptions o, List<BenchWorker> workers, List<Thread> threads,
			HotChangeLoop changes, long start, BenchWorker.Timeline timeline) throws InterruptedException {
		long lastCount = 0;
		long lastTime = start;
		long next = start + SECOND;
		boolean printed = false;
		for (Thread t : threads) {
			while (t.isAlive()) {
				long wait = next - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.timedJoin(t, wait);
					continue;
				}
				long now = System.nanoTime();
				long count = 0;
				long errors = 0;
				for (BenchWorker w : workers) {
					count += w.progress();
					errors += w.errorProgress();
				}
				if (!o.json()) {
					double rate = (count - lastCount) * (double) SECOND / Math.max(1, now - lastTime);
					String phase = now < timeline.warmupEnd ? "warmup" : now < timeline.measureEnd ? "run" : "drain";
					String line = String.format(Locale.ROOT, "%7.1fs %-6s %12.0f IOPS %10.1f MiB/s  errors %d  %s %d",
							(now - start) / 1e9, phase, rate, rate * o.bs() / (1 << 20), errors,
							o.deployEveryMs() > 0 ? "deploys" : "swaps", changes == null ? 0 : changes.count());
					if (terminal) {
						out.print("\r" + line);
					} else {
						out.println(line);
					}
					out.flush();
					printed = true;
				}
				lastCount = count;
				lastTime = now;
				next += SECOND;
			}
		}
		if (printed && terminal) {
			out.println();
		}
	}

	private BenchReport report(BenchOptions o, List<BenchLun> luns, List<BenchWorker> workers, HotChangeLoop swapLoop,
			HotChangeLoop deployLoop, String path, List<String> notes, double baseline, List<String> unitsLost,
			List<String> unitsBack) {
		Histogram merged = new Histogram(1, BenchWorker.MAX_LATENCY_NS, 3);
		long ios = 0;
		long errors = 0;
		long verified = 0;
		long corrupted = 0;
		long duplicated = 0;
		long lost = 0;
		long shortTransfers = 0;
		for (BenchWorker w : workers) {
			shortTransfers += w.shortTransfers();
			merged.add(w.histogram());
			ios += w.ios();
			errors += w.errors();
			verified += w.verified();
			corrupted += w.corrupted();
			duplicated += w.duplicated();
			lost += w.lost();
		}
		double seconds = o.seconds();
		double iops = ios / seconds;
		double bytesPerSecond = iops * o.bs();
		HotChanges swaps = swapLoop == null ? HotChanges.NONE : swapLoop.figures();
		boolean any = merged.getTotalCount() > 0;
		return new BenchReport(o.rw().label(), o.bs(), o.qd(), luns.stream().map(BenchLun::name).toList(), seconds,
				ios, iops, bytesPerSecond / (1 << 20), bytesPerSecond / 1e6,
				any ? merged.getValueAtPercentile(50) / 1e3 : 0, any ? merged.getValueAtPercentile(99) / 1e3 : 0,
				any ? merged.getValueAtPercentile(99.9) / 1e3 : 0, any ? merged.getMaxValue() / 1e3 : 0, errors,
				verified, corrupted, path, swaps.count(), swaps.failures(), swaps.pauseP50Us(), swaps.pauseP99Us(),
				swaps.pauseMaxUs(), swaps.callMaxUs(), lost, duplicated, baseline, notes, shortTransfers, unitsLost,
				unitsBack, deployLoop == null ? HotChanges.NONE : deployLoop.figures(),
				JobFigures.of(workers, o.jobs(), seconds));
	}

	/** Nearest-rank percentile of {@code values} (unsorted); 0 for none. */
	static long percentile(long[] values, double percent) {
		if (values.length == 0) {
			return 0;
		}
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}
}
