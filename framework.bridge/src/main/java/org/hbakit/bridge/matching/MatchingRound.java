package org.hbakit.bridge.matching;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.hbakit.controller.api.registry.MatchInfo;

/**
 * One IOKit matching round for one provider: class and passive matching of every personality, probe of the
 * passive matches, ranking, then per {@code IOMatchCategory} the start of the best candidate, falling through to
 * the next when a start fails. The rules:
 * <ul>
 * <li>Candidates whose category is already consumed by a driver running on the provider (given by the caller)
 * are not probed and stay on standby: a new personality never steals a device.</li>
 * <li>Probe adjusts the score or declines; an exception from the prober declines.</li>
 * <li>Rank ({@link #RANK}): higher score first; equal scores in registration order, i.e. lower bundle id
 * (installed earlier) then personality name ({@link Personality#ORDER}). This renders IOKit's catalogue order
 * deterministically.</li>
 * <li>Categories are served in the rank order of their best candidate. Within one, candidates are started in rank
 * order until one start returns normally; the later ones are on standby, the ones that threw have failed. Only
 * one driver per category starts.</li>
 * <li>An {@link InterruptedException} from a prober or starter ends the round: what was started stays started,
 * candidates not yet tried are on standby with reason "round interrupted", {@link Result#interrupted()} is true
 * and the thread's interrupt status is set again.</li>
 * </ul>
 * Pure and synchronous: it calls the prober and the starter on the calling thread, in a deterministic order,
 * and holds no lock. Instances are stateless and may be reused; IOKit runs one round per provider at a time and
 * so should the caller.
 */
public final class MatchingRound {
	/** {@link MatchInfo#outcome()}: the candidate started and runs. */
	public static final String STARTED = "started";
	/** {@link MatchInfo#outcome()}: passive match that did not start (lost, category consumed, round ended). */
	public static final String STANDBY = "standby";
	/** {@link MatchInfo#outcome()}: probe declined. */
	public static final String DECLINED = "declined";
	/** {@link MatchInfo#outcome()}: start failed. */
	public static final String FAILED = "failed";
	/** {@link MatchInfo#outcome()}: class or passive matching failed. */
	public static final String NO_MATCH = "no-match";

	/**
	 * A probed candidate.
	 *
	 * @param personality the personality
	 * @param score       its score after probe
	 */
	public record Candidate(Personality personality, int score) {
	}

	/** The start order: higher score first, then {@link Personality#ORDER}. */
	public static final Comparator<Candidate> RANK = Comparator.comparingInt(Candidate::score).reversed()
			.thenComparing(Candidate::personality, Personality.ORDER);

	/**
	 * What a round did.
	 *
	 * @param matches     one record per personality considered: ranked candidates in rank order, then the
	 *                    candidates of consumed categories, the declined and the non-matching ones, each in
	 *                    {@link Personality#ORDER}
	 * @param started     the candidates that started, one per category at most, in start order
	 * @param interrupted whether an interrupt ended the round early
	 */
	public record Result(List<MatchInfo> matches, List<Candidate> started, boolean interrupted) {
		/** Copies the lists. */
		public Result {
			matches = List.copyOf(matches);
			started = List.copyOf(started);
		}

		/** Why nothing started, for {@code DeviceInfo.reason}: the outcomes summarised, or null if something started. */
		public String noDriverReason() {
			if (!started.isEmpty()) {
				return null;
			}
			if (matches.isEmpty()) {
				return "no personalities";
			}
			StringBuilder sb = new StringBuilder();
			for (MatchInfo m : matches) {
				if (sb.length() > 0) {
					sb.append("; ");
				}
				sb.append(m.bundleSymbolicName()).append('/').append(m.personality()).append(' ').append(m.outcome())
						.append(": ").append(m.reason());
			}
			return sb.toString();
		}
	}

	private final PassiveMatcher matcher;
	private final Prober prober;
	private final Starter starter;

	/** A round that probes with {@code prober} and starts with {@code starter}. */
	public MatchingRound(PassiveMatcher matcher, Prober prober, Starter starter) {
		this.matcher = Objects.requireNonNull(matcher);
		this.prober = Objects.requireNonNull(prober);
		this.starter = Objects.requireNonNull(starter);
	}

	/**
	 * Runs the round for {@code device}.
	 *
	 * @param personalities      every personality to consider (any order)
	 * @param publishedResources resources published now, for {@code IOResourceMatch}
	 * @param consumedCategories categories consumed by drivers already running on {@code device}
	 */
	public Result run(DeviceView device, Collection<Personality> personalities, Set<String> publishedResources,
			Set<String> consumedCategories) {
		String location = device.location();
		List<Personality> ordered = new ArrayList<>(personalities);
		ordered.sort(Personality.ORDER);

		List<MatchInfo> noMatch = new ArrayList<>();
		List<MatchInfo> declined = new ArrayList<>();
		List<MatchInfo> consumed = new ArrayList<>();
		List<Candidate> ranked = new ArrayList<>();
		boolean interrupted = false;

		for (Personality p : ordered) {
			PassiveMatchResult passive = matcher.match(p, device, publishedResources);
			if (!passive.matched()) {
				noMatch.add(info(location, p, false, p.probeScore(), NO_MATCH, passive.describe()));
				continue;
			}
			if (consumedCategories.contains(p.matchCategory())) {
				consumed.add(info(location, p, true, p.probeScore(), STANDBY,
						"category " + p.matchCategory() + " is consumed by a running driver"));
				continue;
			}
			if (interrupted) {
				consumed.add(info(location, p, true, p.probeScore(), STANDBY, "round interrupted"));
				continue;
			}
			ProbeResult probe;
			try {
				probe = prober.probe(p, device, p.probeScore());
				if (probe == null) {
					probe = ProbeResult.decline("probe returned no result");
				}
			} catch (InterruptedException e) {
				interrupted = true;
				probe = ProbeResult.decline("probe interrupted");
			} catch (Exception e) {
				probe = ProbeResult.decline("probe threw " + describe(e));
			}
			if (probe.accepted()) {
				ranked.add(new Candidate(p, probe.score()));
			} else {
				declined.add(info(location, p, true, p.probeScore(), DECLINED, probe.reason()));
			}
		}

		ranked.sort(RANK);
		Map<String, List<Candidate>> categories = new LinkedHashMap<>();
		for (Candidate c : ranked) {
			categories.computeIfAbsent(c.personality().matchCategory(), k -> new ArrayList<>()).add(c);
		}
		Map<Candidate, MatchInfo> outcomes = new LinkedHashMap<>();
		List<Candidate> started = new ArrayList<>();
		for (Map.Entry<String, List<Candidate>> category : categories.entrySet()) {
			Candidate winner = null;
			for (Candidate c : category.getValue()) {
				Personality p = c.personality();
				if (winner != null) {
					outcomes.put(c, info(location, p, true, c.score(), STANDBY, "lost to " + winner.personality().id()
							+ " (score " + winner.score() + ") in category " + category.getKey()));
					continue;
				}
				if (interrupted) {
					outcomes.put(c, info(location, p, true, c.score(), STANDBY, "round interrupted"));
					continue;
				}
				try {
					starter.start(p, device, c.score());
					winner = c;
					started.add(c);
					outcomes.put(c, info(location, p, true, c.score(), STARTED,
							"highest score " + c.score() + " in category " + category.getKey()));
				} catch (InterruptedException e) {
					interrupted = true;
					outcomes.put(c, info(location, p, true, c.score(), FAILED, "start interrupted"));
				} catch (Exception e) {
					outcomes.put(c, info(location, p, true, c.score(), FAILED, "start threw " + describe(e)));
				}
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}

		List<MatchInfo> matches = new ArrayList<>(ordered.size());
		for (Candidate c : ranked) {
			matches.add(outcomes.get(c));
		}
		matches.addAll(consumed);
		matches.addAll(declined);
		matches.addAll(noMatch);
		return new Result(matches, started, interrupted);
	}

	private static MatchInfo info(String location, Personality p, boolean passive, int score, String outcome,
			String reason) {
		return new MatchInfo(location, p.bundleSymbolicName(), p.name(), p.matchCategory(), passive, score, outcome,
				reason);
	}

	private static String describe(Throwable e) {
		String message = e.getMessage();
		return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message.strip());
	}
}
