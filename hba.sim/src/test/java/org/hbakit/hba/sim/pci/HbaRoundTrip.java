package org.hbakit.hba.sim.pci;

import static org.hbakit.controller.api.simhba.HBARegisters.*;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.hbakit.controller.api.simhba.CompletionEntry;

/**
 * Measurement harness (not a unit test): the time the simulated HBA takes to turn one doorbell of 1000 frames into
 * 1000 completions, polled by the submitting thread (no interrupt), over many rounds. The best rounds are the
 * device's own cost per request, hardly touched by a busy machine (a round in which neither thread was descheduled);
 * the median shows what scheduling adds. Null target, TEST UNIT READY.
 * <p>
 * Run: {@code java -cp hba.sim/target/classes:hba.sim/target/test-classes:controller.api/target/classes
 * org.hbakit.hba.sim.pci.HbaRoundTrip [rounds]}
 */
public final class HbaRoundTrip {
	private static final int ENTRIES = 1024;
	private static final int BATCH = 1000;

	public static void main(String[] args) throws Exception {
		int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
		BenchHba bench = new BenchHba(ENTRIES);
		SimulatedPciHba hba = bench.hba;
		ByteBuffer cq = bench.cq;
		int warmup = rounds / 3;
		long[] nanos = new long[rounds];
		int head = 0, phase = 1, tail = 0;
		for (int round = 0; round < warmup + rounds; round++) {
			tail = (tail + BATCH) % ENTRIES;
			long start = System.nanoTime();
			hba.memoryWrite32(BAR, SQ_TAIL, tail);
			for (int n = 0; n < BATCH;) {
				if ((cq.get(head * CompletionEntry.SIZE + CompletionEntry.PHASE_OFFSET) & 1) == phase) {
					if (++head == ENTRIES) {
						head = 0;
						phase ^= 1;
					}
					n++;
				} else {
					Thread.onSpinWait();
				}
			}
			if (round >= warmup) {
				nanos[round - warmup] = System.nanoTime() - start;
			}
			hba.memoryWrite32(BAR, CQ_HEAD, head);
		}
		hba.stop();
		Arrays.sort(nanos);
		System.out.printf("ns per request over %d rounds of %d: best %.1f, p10 %.1f, median %.1f%n", rounds, BATCH,
				nanos[0] / (double) BATCH, nanos[rounds / 10] / (double) BATCH, nanos[rounds / 2] / (double) BATCH);
	}
}
