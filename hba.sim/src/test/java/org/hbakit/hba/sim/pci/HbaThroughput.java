package org.hbakit.hba.sim.pci;

import static org.hbakit.controller.api.simhba.HBARegisters.*;

import java.nio.ByteBuffer;

import org.hbakit.controller.api.pci.IOInterruptHandler;
import org.hbakit.controller.api.simhba.CompletionEntry;

/**
 * Measurement harness (not a unit test): requests per second through one simulated HBA with a null target,
 * doorbells of 32 frames and up to {@code qd} requests outstanding. The submitter thread writes 32 frames per
 * doorbell; the interrupt handler (on the device thread) drains the CQ by phase and rings CQ_HEAD once per call.
 * <p>
 * Run: {@code java -cp hba.sim/target/classes:hba.sim/target/test-classes:controller.api/target/classes
 * org.hbakit.hba.sim.pci.HbaThroughput [seconds] [qd]}
 */
public final class HbaThroughput {
	private static final int BATCH = 32;

	public static void main(String[] args) throws Exception {
		int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
		int qd = args.length > 1 ? Integer.parseInt(args[1]) : 256;
		int entries = 1024;
		BenchHba bench = new BenchHba(entries);
		SimulatedPciHba hba = bench.hba;
		ByteBuffer cq = bench.cq;
		Drain drain = new Drain(hba, cq, entries);
		hba.registerInterruptHandler(0, drain);
		hba.enableInterrupt(0);
		hba.memoryWrite32(0, INTMC, 1);

		long submitted = 0;
		int tail = 0;
		long warmupEnd = System.nanoTime() + 1_000_000_000L;
		long end = warmupEnd + seconds * 1_000_000_000L;
		long startCount = -1, startTime = 0;
		long interruptsAtStart = 0;
		long deviceCpuAtStart = 0;
		while (true) {
			long now = System.nanoTime();
			if (startCount < 0 && now >= warmupEnd) {
				startCount = drain.completed;
				startTime = now;
				interruptsAtStart = drain.interrupts;
				deviceCpuAtStart = cpu("bench-device");
			}
			if (now >= end) {
				break;
			}
			if (submitted - drain.completed <= qd - BATCH) {
				tail = (tail + BATCH) % entries;
				submitted += BATCH;
				hba.memoryWrite32(0, SQ_TAIL, tail);
			} else {
				Thread.onSpinWait();
			}
		}
		long done = drain.completed - startCount;
		long deviceCpu = cpu("bench-device") - deviceCpuAtStart;
		long interrupts = drain.interrupts - interruptsAtStart;
		double secs = (System.nanoTime() - startTime) / 1e9;
		System.out.printf("%.2f M requests/s (%d in %.1f s), %.1f completions per interrupt, qd %d, batch %d%n",
				done / secs / 1e6, done, secs, (double) done / Math.max(1, interrupts), qd, BATCH);
		System.out.printf("device thread: %.0f ns CPU per request (%.2f M requests per device CPU second)%n",
				(double) deviceCpu / done, done / (deviceCpu / 1e9) / 1e6);
		hba.stop();
	}

	private static long cpu(String threadName) {
		java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
		for (Thread t : Thread.getAllStackTraces().keySet()) {
			if (t.getName().equals(threadName)) {
				return mx.getThreadCpuTime(t.getId());
			}
		}
		return 0;
	}

	static final class Drain implements IOInterruptHandler {
		final SimulatedPciHba hba;
		final ByteBuffer cq;
		final int entries;
		int head;
		int phase = 1;
		volatile long completed;
		volatile long interrupts;

		Drain(SimulatedPciHba hba, ByteBuffer cq, int entries) {
			this.hba = hba;
			this.cq = cq;
			this.entries = entries;
		}

		@Override
		public void interruptOccurred(int vector, long count, long time) {
			int n = 0;
			while ((cq.get(head * CompletionEntry.SIZE + CompletionEntry.PHASE_OFFSET) & 1) == phase) {
				if (cq.get(head * CompletionEntry.SIZE + CompletionEntry.SR_OFFSET) != 0) {
					throw new IllegalStateException("failed request");
				}
				if (++head == entries) {
					head = 0;
					phase ^= 1;
				}
				n++;
			}
			hba.memoryWrite32(0, CQ_HEAD, head);
			interrupts++;
			completed += n;
		}
	}
}
