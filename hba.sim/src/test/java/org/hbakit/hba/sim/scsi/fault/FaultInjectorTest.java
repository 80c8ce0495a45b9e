package org.hbakit.hba.sim.scsi.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.hbakit.hba.sim.scsi.ScsiExchange;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {
	private final FaultLevel lu = new FaultLevel("hba0:0:0");
	private final FaultLevel target = new FaultLevel("hba0:0");
	private final FaultLevel hba = new FaultLevel("hba0");
	private final FaultInjector injector = new FaultInjector(lu, target, hba);
	private final ScsiExchange x = new ScsiExchange();

	private int decide(FaultInjector i, boolean media) {
		x.reset();
		return i.decide(x, media);
	}

	/** The 1-based numbers of the first {@code n} commands that get {@code bit}. */
	private List<Integer> hits(FaultInjector i, int n, int bit, boolean media) {
		List<Integer> hits = new ArrayList<>();
		for (int k = 1; k <= n; k++) {
			if ((decide(i, media) & bit) != 0) {
				hits.add(k);
			}
		}
		return hits;
	}

	@Test
	void indexedSplitMixIsTheSplittableRandomStream() {
		for (long seed : new long[] { 0, 1, -7, 0x5EEDL }) {
			SplittableRandom r = new SplittableRandom(seed);
			for (int k = 1; k <= 100; k++) {
				assertEquals(r.nextLong(), SplitMix.value(seed, k));
			}
		}
	}

	@Test
	void nothingInstalledMeansNoFaultsAndNoDelay() {
		for (int k = 0; k < 100; k++) {
			assertEquals(0, decide(injector, true));
			assertEquals(0, x.completionDelayNanos());
		}
		assertEquals(0, lu.commandsCounted() + target.commandsCounted() + hba.commandsCounted());
	}

	@Test
	void everyNthFiresOnExactlyEveryNthCommand() {
		lu.set(FaultPlan.builder().everyNth(3).busy(true).build());
		assertEquals(List.of(3, 6, 9), hits(injector, 10, FaultInjector.BUSY, false));
	}

	@Test
	void theMostSpecificLevelDecidesEachKind() {
		hba.set(FaultPlan.builder().everyNth(2).drop(true).taskSetFull(true).build());
		lu.set(FaultPlan.builder().drop(false).build());
		target.set(FaultPlan.builder().everyNth(5).busy(true).build());
		List<Integer> drops = new ArrayList<>();
		List<Integer> tsf = new ArrayList<>();
		List<Integer> busy = new ArrayList<>();
		for (int k = 1; k <= 10; k++) {
			int v = decide(injector, false);
			if ((v & FaultInjector.DROP) != 0) {
				drops.add(k);
			}
			if ((v & FaultInjector.TASK_SET_FULL) != 0) {
				tsf.add(k);
			}
			if ((v & FaultInjector.BUSY) != 0) {
				busy.add(k);
			}
		}
		assertEquals(List.of(), drops, "the unit switched the HBA's drops off");
		assertEquals(List.of(2, 4, 6, 8, 10), tsf, "task set full is still the HBA's");
		assertEquals(List.of(5, 10), busy, "busy is the target's");
		assertEquals(FaultPlan.builder().drop(false).build(), injector.decidingPlan(FaultKind.DROP));
		assertEquals(FaultPlan.NONE, injector.decidingPlan(FaultKind.MEDIUM_ERROR));
	}

	@Test
	void anHbaLevelPlanCountsTheCommandsOfAllItsUnits() {
		FaultInjector other = new FaultInjector(new FaultLevel("hba0:0:1"), target, hba);
		hba.set(FaultPlan.builder().everyNth(4).drop(true).build());
		List<Integer> drops = new ArrayList<>();
		for (int k = 1; k <= 12; k++) {
			if ((decide(k % 2 == 0 ? injector : other, true) & FaultInjector.DROP) != 0) {
				drops.add(k);
			}
		}
		assertEquals(List.of(4, 8, 12), drops);
		assertEquals(12, hba.commandsCounted());
	}

	@Test
	void installingAPlanRestartsTheCount() {
		FaultPlan plan = FaultPlan.builder().everyNth(3).transportError(true).build();
		lu.set(plan);
		decide(injector, false);
		decide(injector, false);
		lu.set(plan);
		assertEquals(List.of(3), hits(injector, 4, FaultInjector.TRANSPORT_ERROR, false));
	}

	@Test
	void randomNthIsReproducibleForTheSameSeedAndLevel() {
		FaultPlan plan = FaultPlan.builder().everyNth(10).randomNth(true).recoveredError(true).seed(1234).build();
		FaultLevel a = new FaultLevel("u", 99);
		FaultLevel b = new FaultLevel("u", 99);
		a.set(plan);
		b.set(plan);
		List<Integer> first = hits(new FaultInjector(a, null, null), 10_000, FaultInjector.RECOVERED_ERROR, false);
		List<Integer> second = hits(new FaultInjector(b, null, null), 10_000, FaultInjector.RECOVERED_ERROR, false);
		assertEquals(first, second);
		assertTrue(first.size() > 850 && first.size() < 1150, "about 1 in 10: " + first.size());
		FaultLevel c = new FaultLevel("u", 99);
		c.set(plan.toBuilder().seed(1235).build());
		assertNotEquals(first, hits(new FaultInjector(c, null, null), 10_000, FaultInjector.RECOVERED_ERROR, false));
		FaultLevel e = new FaultLevel("v", 100);
		e.set(plan);
		assertNotEquals(first, hits(new FaultInjector(e, null, null), 10_000, FaultInjector.RECOVERED_ERROR, false),
				"another level's salt gives another stream");
	}

	@Test
	void fixedAndRandomDelays() {
		target.set(FaultPlan.builder().delayNanos(5000).build());
		decide(injector, false);
		assertEquals(5000, x.completionDelayNanos());
		lu.set(FaultPlan.builder().delayNanos(1000).randomDelay(true).seed(3).build());
		long[] delays = new long[1000];
		for (int k = 0; k < delays.length; k++) {
			decide(injector, false);
			delays[k] = x.completionDelayNanos();
			assertTrue(delays[k] >= 0 && delays[k] <= 1000, "within 0..delay_ns: " + delays[k]);
		}
		assertTrue(java.util.Arrays.stream(delays).distinct().count() > 500, "spread out");
		lu.set(lu.plan()); // same plan, count restarted: the same delays again
		for (long expected : delays) {
			decide(injector, false);
			assertEquals(expected, x.completionDelayNanos());
		}
	}

	@Test
	void mediaOnlyPlansIgnoreOtherCommands() {
		lu.set(FaultPlan.builder().everyNth(2).drop(true).mediaOnly(true).delayNanos(777).build());
		assertEquals(0, decide(injector, false));
		assertEquals(0, x.completionDelayNanos());
		assertEquals(0, lu.commandsCounted(), "not counted");
		assertEquals(0, decide(injector, true));
		assertEquals(777, x.completionDelayNanos());
		assertEquals(FaultInjector.DROP, decide(injector, true));
		assertEquals(0, x.completionDelayNanos(), "a dropped command gets no delay");
	}

	@Test
	void mediumErrorRange() {
		assertEquals(-1, injector.firstMediumError(0, 100));
		hba.set(FaultPlan.builder().mediumError(0x1234, 10).build());
		assertEquals(0x1234, injector.firstMediumError(0x1200, 0x100));
		assertEquals(0x1236, injector.firstMediumError(0x1236, 1));
		assertEquals(0x123D, injector.firstMediumError(0x123D, 5));
		assertEquals(-1, injector.firstMediumError(0x123E, 5), "just past the range");
		assertEquals(-1, injector.firstMediumError(0x1200, 0x34), "just before the range");
		assertEquals(-1, injector.firstMediumError(0x1234, 0), "no blocks");
		assertEquals(-1, injector.firstMediumError(-2L, 2), "a 64-bit LBA above 2^63");
		lu.set(FaultPlan.builder().mediumError(0, 0).build());
		assertEquals(-1, injector.firstMediumError(0x1234, 1), "the unit turned the HBA's range off");
	}
}
