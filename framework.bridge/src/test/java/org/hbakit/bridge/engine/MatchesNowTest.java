package org.hbakit.bridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.hbakit.bridge.matching.Personality;
import org.hbakit.bridge.supervisor.CandidateSource;
import org.hbakit.bridge.supervisor.DeviceSupervisor;
import org.hbakit.controller.api.registry.MatchInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** hba:matches and the warnings: every personality against every device as of now, with readable reasons. */
class MatchesNowTest {
	private final EngineHarness harness = new EngineHarness(EngineSettings.DEFAULTS);

	@AfterEach
	void tearDown() {
		harness.close();
	}

	@Test
	void aBoundDeviceIsEvaluatedAgainstPersonalitiesThatArrivedLaterAndAnUnavailableOneSaysWhy() throws Exception {
		harness.offer("First", () -> new SoftwareController(true));
		DeviceSupervisor s = harness.device(new FakeDevice(), "hba9");
		harness.offer("Later", 5000, () -> new SoftwareController(true));
		Personality typo = harness.personality("Typo", 1000);
		harness.unavailable.add(new CandidateSource.Unavailable(typo,
				"no controller service with IOUserClass=Typo is registered by bundle test.Typo"));
		List<Personality> catalog = List.of(harness.candidates().get(0).personality(),
				harness.candidates().get(1).personality(), typo);

		List<MatchInfo> now = s.matchesNow(catalog);

		assertThat(now).extracting(MatchInfo::personality, MatchInfo::outcome).containsExactly(
				org.assertj.core.groups.Tuple.tuple("First", "started"),
				org.assertj.core.groups.Tuple.tuple("Later", "standby"),
				org.assertj.core.groups.Tuple.tuple("Typo", "unavailable"));
		assertThat(now.get(1).reason()).contains("driven by").contains("hba:swap hba9");
		assertThat(now.get(2).reason()).contains("IOUserClass=Typo");
	}

	@Test
	void aPersonalityWithoutItsServiceIsWarnedAboutOnceAfterAShortGrace() {
		Personality typo = harness.personality("Typo", 1000);
		harness.unavailable.add(new CandidateSource.Unavailable(typo, "no controller service with IOUserClass=Typo"));
		harness.bridge.candidatesChanged();
		harness.bridge.candidatesChanged();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> harness.log.warnings.stream()
				.anyMatch(w -> w.contains("Typo") && w.contains("cannot match any device")));
		assertThat(harness.log.warnings).filteredOn(w -> w.contains("cannot match any device")).hasSize(1);
	}
}
