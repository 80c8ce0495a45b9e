package org.hbakit.controller.core;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.core.driver.DriverSettings;
import org.hbakit.controller.core.driver.DriverStatistics;
import org.hbakit.controller.core.driver.DriverSettings.Path;
import org.hbakit.controller.core.driver.SimulatedHBADriver;
import org.hbakit.hba.sim.pci.PciIdentity;
import org.hbakit.hba.sim.pci.SimulatedPciHba;

/**
 * Measurement harness (not a unit test): tasks per second through the reference controller and the real simulated
 * HBA with a null target (TEST UNIT READY, no data), for both paths. One framework-side submitter thread keeps every
 * task in flight: free tasks come back from the completion callbacks (device thread) through a single-producer
 * single-consumer ring; the parallel path submits them one call each, the bundled path up to 32 per call.
 * <p>
 * Run (after {@code mvn -pl controller.core -am test-compile}):
 * {@code java -cp controller.core/target/classes:controller.core/target/test-classes:hba.sim/target/classes:controller.api/target/classes
 * org.hbakit.controller.core.ControllerThroughput [seconds] [tasks] [coalescingThreshold] [coalescingMicros]}
 */
public final class ControllerThroughput {
	public static void main(String[] args) throws Exception {
		int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
		int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 256;
		int threshold = args.length > 2 ? Integer.parseInt(args[2]) : 0;
		int micros = args.length > 3 ? Integer.parseInt(args[3]) : 0;
		System.out.printf(Locale.ROOT, "path      tasks  coalesce  seconds  tasks/s     doorbells/task  interrupts/task  tasks/bundle-call%n");
		for (Path path : new Path[] { Path.PARALLEL, Path.BUNDLED }) {
			DriverSettings settings = DriverSettings.defaults().withPath(path).withMaxTaskCount(tasks)
					.withCoalescing(threshold, micros);
			run(settings, seconds);
		}
	}

	private static void run(DriverSettings settings, int seconds) throws InterruptedException {
		RamDiskPort port = new RamDiskPort(8);
		port.nullMode = true;
		SimulatedPciHba hba = new SimulatedPciHba("bench", "pci0000:00:09.0", PciIdentity.DEFAULT, 4096, 1, 8, 7,
				8192, System.getLogger("bench"));
		hba.attach(0, port);
		hba.start();
		SimulatedHBADriver driver = new SimulatedHBADriver(settings);
		TestFramework f = new TestFramework(hba, driver).startSequence();
		int n = f.taskCount;
		byte[] cdb = new byte[16];
		int len = Cdb.testUnitReady(cdb);
		for (int i = 0; i < n; i++) {
			f.fill(i, cdb, len, SCSIDataTransferDirection.NO_DATA_TRANSFER, 0, 0, 0);
		}
		Ring free = new Ring(n);
		AtomicLong completed = new AtomicLong();
		f.sink = i -> {
			free.offer(i);
			completed.lazySet(completed.get() + 1); // single producer: the device thread
		};
		for (int i = 0; i < n; i++) {
			free.offer(i);
		}
		int[] slots = new int[32];
		int[] response = new int[1];
		long calls = 0;
		long warmupEnd = System.nanoTime() + 1_000_000_000L;
		long end = warmupEnd + seconds * 1_000_000_000L;
		long c0 = -1, t0 = 0, calls0 = 0;
		DriverStatistics s0 = null;
		while (true) {
			long now = System.nanoTime();
			if (c0 < 0 && now >= warmupEnd) {
				c0 = completed.get();
				t0 = now;
				calls0 = calls;
				s0 = driver.statistics();
			}
			if (now >= end) {
				break;
			}
			if (f.bundled) {
				int k = 0;
				int i;
				while (k < 32 && (i = free.poll()) >= 0) {
					slots[k++] = i;
					f.markOwned(i);
				}
				if (k == 0) {
					Thread.onSpinWait();
					continue;
				}
				driver.userProcessBundledParallelTasks(slots, k, f.bundledCompletion);
				calls++;
			} else {
				int i = free.poll();
				if (i < 0) {
					Thread.onSpinWait();
					continue;
				}
				f.markOwned(i);
				driver.userProcessParallelTask(f.tasks[i], response, f.parallelCompletion);
				if (response[0] != SCSIServiceResponse.REQUEST_IN_PROCESS) {
					throw new IllegalStateException("task " + i + " refused");
				}
				calls++;
			}
		}
		long t1 = System.nanoTime();
		long c1 = completed.get();
		DriverStatistics s1 = driver.statistics();
		f.stop();
		hba.stop();
		double done = c1 - c0;
		double rate = done / ((t1 - t0) / 1e9);
		System.out.printf(Locale.ROOT, "%-9s %5d  %3d/%-4d  %7d  %,11.0f  %14.4f  %15.4f  %17.1f   violations=%d%n",
				settings.path().name().toLowerCase(Locale.ROOT), n, settings.coalescingThreshold(),
				settings.coalescingTimeMicros(), seconds, rate, (s1.doorbells() - s0.doorbells()) / done,
				(s1.interrupts() - s0.interrupts()) / done, f.bundled ? done / (calls - calls0) : 1.0,
				f.violations.get());
	}

	/** A bounded single-producer single-consumer ring of ints; -1 when empty. */
	static final class Ring {
		private final int[] items;
		private final int mask;
		private final AtomicLong head = new AtomicLong(); // consumer
		private final AtomicLong tail = new AtomicLong(); // producer

		Ring(int capacity) {
			int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
			items = new int[size];
			mask = size - 1;
		}

		void offer(int value) {
			long t = tail.get();
			if (t - head.get() >= items.length) {
				throw new IllegalStateException("ring full");
			}
			items[(int) (t & mask)] = value;
			tail.lazySet(t + 1);
		}

		int poll() {
			long h = head.get();
			if (h == tail.get()) {
				return -1;
			}
			int v = items[(int) (h & mask)];
			head.lazySet(h + 1);
			return v;
		}
	}
}
