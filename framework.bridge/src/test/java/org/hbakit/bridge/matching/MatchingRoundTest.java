package org.hbakit.bridge.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hbakit.bridge.matching.Fixtures.personality;
import static org.hbakit.bridge.matching.Fixtures.simulatedHba;
import static org.hbakit.controller.api.personality.IOKitPersonalityKeys.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hbakit.bridge.matching.MatchingRound.Candidate;
import org.hbakit.bridge.matching.MatchingRound.Result;
import org.hbakit.controller.api.registry.MatchInfo;
import org.junit.jupiter.api.Test;

class MatchingRoundTest {
	final DeviceView hba = simulatedHba();
	final List<String> startAttempts = new ArrayList<>();
	final Set<String> failingStarts = new java.util.HashSet<>();
	final Starter starter = (p, device, score) -> {
		startAttempts.add(p.name());
		if (failingStarts.contains(p.name())) {
			throw new IllegalStateException("UserInitializeController returned kIOReturnError");
		}
	};

	Result run(Prober prober, Set<String> consumed, Personality... personalities) {
		return new MatchingRound(new PassiveMatcher(), prober, starter).run(hba, List.of(personalities), Set.of(),
				consumed);
	}

	static MatchInfo info(Result r, String personality) {
		return r.matches().stream().filter(m -> m.personality().equals(personality)).findFirst().orElseThrow();
	}

	@Test
	void theHighestScoreStartsAndTheOthersOfItsCategoryStandBy() {
		Result r = run(Prober.ACCEPT, Set.of(), personality(1, "low", IO_PROBE_SCORE, 100L),
				personality(2, "high", IO_PROBE_SCORE, 5000L), personality(3, "mid", IO_PROBE_SCORE, 1000L));

		assertThat(startAttempts).containsExactly("high");
		assertThat(r.started()).extracting(c -> c.personality().name(), Candidate::score)
				.containsExactly(tuple("high", 5000));
		assertThat(r.matches()).extracting(MatchInfo::personality, MatchInfo::outcome, MatchInfo::score)
				.containsExactly(tuple("high", "started", 5000), tuple("mid", "standby", 1000),
						tuple("low", "standby", 100));
		assertThat(info(r, "mid").reason()).contains("lost to org.example.controller2/high");
		assertThat(r.matches()).allSatisfy(m -> assertThat(m.location()).isEqualTo("pci0000:00:04.0"));
	}

	@Test
	void probeAdjustsScoresBeforeRanking() {
		Prober boostLow = (p, device, score) -> ProbeResult.accept(p.name().equals("low") ? score + 10_000 : score);

		Result r = run(boostLow, Set.of(), personality(1, "low", IO_PROBE_SCORE, 100L),
				personality(2, "high", IO_PROBE_SCORE, 5000L));

		assertThat(startAttempts).containsExactly("low");
		assertThat(info(r, "low")).extracting(MatchInfo::outcome, MatchInfo::score).containsExactly("started", 10_100);
	}

	@Test
	void probeDeclinesAndExceptionsDecline() {
		Prober prober = (p, device, score) -> switch (p.name()) {
			case "declines" -> ProbeResult.decline("firmware too old");
			case "throws" -> throw new IllegalArgumentException("boom");
			default -> ProbeResult.accept(score);
		};

		Result r = run(prober, Set.of(), personality(1, "declines", IO_PROBE_SCORE, 9000L),
				personality(2, "throws", IO_PROBE_SCORE, 8000L), personality(3, "accepts", IO_PROBE_SCORE, 1L));

		assertThat(startAttempts).containsExactly("accepts");
		assertThat(info(r, "declines")).extracting(MatchInfo::outcome, MatchInfo::reason, MatchInfo::passive)
				.containsExactly("declined", "firmware too old", true);
		assertThat(info(r, "throws").outcome()).isEqualTo("declined");
		assertThat(info(r, "throws").reason()).contains("IllegalArgumentException", "boom");
	}

	@Test
	void aFailedStartFallsThroughToTheNextInTheCategory() {
		failingStarts.add("best");

		Result r = run(Prober.ACCEPT, Set.of(), personality(1, "best", IO_PROBE_SCORE, 300L),
				personality(1, "second", IO_PROBE_SCORE, 200L), personality(1, "third", IO_PROBE_SCORE, 100L));

		assertThat(startAttempts).containsExactly("best", "second");
		assertThat(r.matches()).extracting(MatchInfo::personality, MatchInfo::outcome).containsExactly(
				tuple("best", "failed"), tuple("second", "started"), tuple("third", "standby"));
		assertThat(info(r, "best").reason()).contains("kIOReturnError");
	}

	@Test
	void whenEveryStartFailsNothingRunsAndTheReasonSaysWhy() {
		failingStarts.addAll(List.of("a", "b"));

		Result r = run(Prober.ACCEPT, Set.of(), personality(1, "a"), personality(1, "b"),
				personality(1, "nope", IO_PCI_PRIMARY_MATCH, "0x12345678"));

		assertThat(startAttempts).containsExactly("a", "b");
		assertThat(r.started()).isEmpty();
		assertThat(r.noDriverReason()).contains("a failed", "b failed", "nope no-match: IOPCIPrimaryMatch");
	}

	@Test
	void oneDriverStartsPerMatchCategory() {
		Result r = run(Prober.ACCEPT, Set.of(), personality(1, "scsiA", IO_PROBE_SCORE, 10L),
				personality(2, "scsiB", IO_PROBE_SCORE, 20L),
				personality(3, "monitorA", IO_MATCH_CATEGORY, "hbakit.monitor", IO_PROBE_SCORE, 5L),
				personality(4, "monitorB", IO_MATCH_CATEGORY, "hbakit.monitor", IO_PROBE_SCORE, 1L));

		assertThat(startAttempts).containsExactly("scsiB", "monitorA");
		assertThat(r.started()).extracting(c -> c.personality().name()).containsExactly("scsiB", "monitorA");
		assertThat(info(r, "scsiA").outcome()).isEqualTo("standby");
		assertThat(info(r, "monitorB").outcome()).isEqualTo("standby");
		assertThat(info(r, "monitorA").matchCategory()).isEqualTo("hbakit.monitor");
		assertThat(info(r, "scsiA").matchCategory()).isEqualTo(IO_DEFAULT_MATCH_CATEGORY);
	}

	@Test
	void aConsumedCategoryIsNotStolenNorProbed() {
		List<String> probed = new ArrayList<>();
		Prober prober = (p, device, score) -> {
			probed.add(p.name());
			return ProbeResult.accept(score);
		};

		Result r = run(prober, Set.of(IO_DEFAULT_MATCH_CATEGORY), personality(9, "newcomer", IO_PROBE_SCORE, 99_999L),
				personality(3, "monitor", IO_MATCH_CATEGORY, "hbakit.monitor"));

		assertThat(probed).containsExactly("monitor");
		assertThat(startAttempts).containsExactly("monitor");
		assertThat(info(r, "newcomer")).extracting(MatchInfo::outcome, MatchInfo::passive).containsExactly("standby",
				true);
		assertThat(info(r, "newcomer").reason()).contains("consumed");
	}

	@Test
	void equalScoresStartInRegistrationOrderWhateverTheInputOrder() {
		List<Personality> personalities = new ArrayList<>(List.of(personality(7, "b"), personality(3, "z"),
				personality(3, "a"), personality(12, "a")));
		for (int i = 0; i < 5; i++) {
			Collections.shuffle(personalities, new java.util.Random(i));
			startAttempts.clear();
			Result r = new MatchingRound(new PassiveMatcher(), Prober.ACCEPT, starter).run(hba, personalities,
					Set.of(), Set.of());

			assertThat(startAttempts).containsExactly("a");
			assertThat(r.matches()).extracting(MatchInfo::bundleSymbolicName, MatchInfo::personality).containsExactly(
					tuple("org.example.controller3", "a"), tuple("org.example.controller3", "z"),
					tuple("org.example.controller7", "b"), tuple("org.example.controller12", "a"));
		}
	}

	@Test
	void nonMatchingPersonalitiesAreListedWithTheFailingKey() {
		Result r = run(Prober.ACCEPT, Set.of(), personality(1, "other-vendor", IO_PCI_MATCH, "0x00001000&0x0000ffff"),
				personality(1, "wrong-property", IO_PROPERTY_MATCH, Map.of("model", "X")));

		assertThat(startAttempts).isEmpty();
		assertThat(r.matches()).extracting(MatchInfo::personality, MatchInfo::outcome, MatchInfo::passive)
				.containsExactly(tuple("other-vendor", "no-match", false), tuple("wrong-property", "no-match", false));
		assertThat(info(r, "other-vendor").reason()).startsWith("IOPCIMatch: ");
		assertThat(info(r, "wrong-property").reason()).startsWith("IOPropertyMatch: ");
	}

	@Test
	void anInterruptedStartEndsTheRoundAndKeepsTheInterrupt() {
		Starter interrupted = (p, device, score) -> {
			startAttempts.add(p.name());
			throw new InterruptedException();
		};
		try {
			Result r = new MatchingRound(new PassiveMatcher(), Prober.ACCEPT, interrupted).run(hba,
					List.of(personality(1, "a", IO_PROBE_SCORE, 2L), personality(1, "b", IO_PROBE_SCORE, 1L)), Set.of(),
					Set.of());

			assertThat(Thread.currentThread().isInterrupted()).isTrue();
			assertThat(r.interrupted()).isTrue();
			assertThat(startAttempts).containsExactly("a");
			assertThat(r.matches()).extracting(MatchInfo::outcome).containsExactly("failed", "standby");
		} finally {
			Thread.interrupted();
		}
	}
}
