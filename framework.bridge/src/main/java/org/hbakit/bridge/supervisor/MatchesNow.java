package org.hbakit.bridge.supervisor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hbakit.bridge.matching.DeviceView;
import org.hbakit.bridge.matching.MatchingRound;
import org.hbakit.bridge.matching.PassiveMatchResult;
import org.hbakit.bridge.matching.PassiveMatcher;
import org.hbakit.bridge.matching.Personality;
import org.hbakit.controller.api.registry.MatchInfo;

/**
 * Every accepted personality against one device as matching sees it now, bound devices included, for
 * {@code hba:matches}: the passive match is evaluated afresh (no probe, no start); what the last round learnt is
 * kept for personalities it tried (a failed start, a declining probe); the personality driving the device shows as
 * started; personalities that are no candidates (no usable controller service, superseded by a newer version,
 * withheld) say why. Where a catalogue holds several versions of one bundle, each row names its version and bundle.
 */
final class MatchesNow {
	/** {@link MatchInfo#outcome()}: passive match, but no usable controller service for its IOUserClass. */
	static final String UNAVAILABLE = "unavailable";
	private static final PassiveMatcher PASSIVE = new PassiveMatcher();

	private MatchesNow() {
	}

	static List<MatchInfo> of(DeviceSupervisor s, List<Personality> catalog, CandidateSource candidates) {
		DeviceView view = DeviceView.of(s.device());
		String location = s.device().location();
		Personality running = s.personality();
		Map<String, MatchInfo> lastRound = new HashMap<>();
		for (MatchInfo m : s.lastRound()) {
			lastRound.put(m.bundleSymbolicName() + "/" + m.personality(), m);
		}
		Map<Personality, String> unavailable = new HashMap<>();
		candidates.unavailable().forEach(u -> unavailable.put(u.personality(), u.reason()));
		Map<String, Integer> versions = new HashMap<>();
		catalog.forEach(p -> versions.merge(p.id(), 1, Integer::sum));
		List<MatchInfo> out = new ArrayList<>();
		for (Personality p : catalog) {
			PassiveMatchResult passive = PASSIVE.match(p, view, Set.of("IOKit"));
			MatchInfo last = lastRound.get(p.bundleSymbolicName() + "/" + p.name());
			String outcome;
			String reason;
			int score = last != null && last.passive() ? last.score() : p.probeScore();
			if (!passive.matched()) {
				outcome = MatchingRound.NO_MATCH;
				reason = passive.describe();
			} else if (running == p) {
				outcome = MatchingRound.STARTED;
				reason = "drives " + s.name() + " (" + s.state() + ")";
			} else if (unavailable.containsKey(p)) {
				outcome = UNAVAILABLE;
				reason = unavailable.get(p);
			} else if (last != null && (last.outcome().equals(MatchingRound.FAILED)
					|| last.outcome().equals(MatchingRound.DECLINED))) {
				outcome = last.outcome(); // what the last round learnt about it still holds
				reason = last.reason();
			} else if (running != null) {
				outcome = MatchingRound.STANDBY;
				reason = s.name() + " is driven by " + running.id() + ": a running device is not taken over (hba:swap "
						+ s.name() + " moves it)";
			} else if (last != null) {
				outcome = last.outcome();
				reason = last.reason();
			} else {
				outcome = MatchingRound.STANDBY;
				reason = "not tried yet";
			}
			if (versions.get(p.id()) > 1) {
				// several versions of one bundle: say which row is which
				reason = reason + " [" + p.bundleVersion() + ", bundle " + p.bundleId() + "]";
			}
			out.add(new MatchInfo(location, p.bundleSymbolicName(), p.name(), p.matchCategory(), passive.matched(),
					score, outcome, reason));
		}
		return out;
	}
}
