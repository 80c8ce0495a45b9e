package org.hbakit.bridge.supervisor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.hbakit.bridge.matching.BundleVersion;
import org.hbakit.bridge.matching.Personality;

/**
 * What matching may use, over the controller services the OSGi layer tracks ({@link CandidateSource}), with two
 * rules on top:
 * <ul>
 * <li><b>Versions</b> (IOKit: among drivers with the same {@code CFBundleIdentifier} the highest
 * {@code CFBundleVersion} matches): among usable personalities of one {@link Personality#cfBundleIdentifier()}, only
 * those of the bundle with the highest version are {@linkplain #candidates() candidates}; an equal version goes to
 * the bundle installed later (a rebuild). The others are unavailable, "superseded by" the winner.</li>
 * <li><b>Withheld bundles</b>: a bundle the deployer is still checking, or is retiring, is no candidate at all
 * (not even by name), whatever its version.</li>
 * </ul>
 * It also keeps the deployer's <b>install holds</b>: while a checked controller jar is being installed, devices
 * without a controller keep their held requests past {@code rebindGraceMs}, up to the hold's bound.
 * <p>
 * Thread-safe; every list is computed afresh from the source (a handful of personalities).
 */
public final class CandidatePool implements CandidateSource {
	/** Among candidates of one identifier: the higher version, then the bundle installed later. */
	static final Comparator<Personality> NEWEST = Comparator
			.comparing(Personality::bundleVersion, BundleVersion.ORDER).thenComparingLong(Personality::bundleId);

	private final CandidateSource source;
	private final Map<Long, String> withheld = new ConcurrentHashMap<>();
	private final Map<Object, Long> holds = new ConcurrentHashMap<>();

	public CandidatePool(CandidateSource source) {
		this.source = source;
	}

	/** The candidates matching may probe and start now: usable, not withheld, the newest of their identifier. */
	@Override
	public List<Candidate> candidates() {
		List<Candidate> usable = usable();
		Map<String, Personality> newest = newest(usable);
		List<Candidate> out = new ArrayList<>();
		for (Candidate c : usable) {
			if (newest.get(c.personality().cfBundleIdentifier()).bundleId() == c.personality().bundleId()) {
				out.add(c);
			}
		}
		return out;
	}

	/** Usable and not withheld, superseded versions included: what an operator may name with its version. */
	public List<Candidate> usable() {
		List<Candidate> out = new ArrayList<>();
		for (Candidate c : source.candidates()) {
			if (!withheld.containsKey(c.personality().bundleId())) {
				out.add(c);
			}
		}
		return out;
	}

	/** The usable personalities of one bundle, withheld or not (what the deployer checks). */
	public List<Candidate> usableOf(long bundleId) {
		return source.candidates().stream().filter(c -> c.personality().bundleId() == bundleId).toList();
	}

	/** The source's unavailable personalities (problems), then the withheld and the superseded ones. */
	@Override
	public List<Unavailable> unavailable() {
		List<Unavailable> out = new ArrayList<>(source.unavailable());
		List<Candidate> all = source.candidates();
		Map<String, Personality> newest = newest(usable());
		for (Candidate c : all) {
			Personality p = c.personality();
			String why = withheld.get(p.bundleId());
			Personality winner = newest.get(p.cfBundleIdentifier());
			if (why != null) {
				out.add(new Unavailable(p, why, false));
			} else if (winner != null && winner.bundleId() != p.bundleId()) {
				out.add(new Unavailable(p, supersededBy(winner), false));
			}
		}
		return out;
	}

	/**
	 * The candidate that takes over from {@code current}: the newest candidate of the same identifier in another
	 * bundle, with the same personality name if it has one, or null.
	 */
	public Candidate successorOf(Personality current) {
		Candidate best = null;
		for (Candidate c : candidates()) {
			Personality p = c.personality();
			if (p.bundleId() == current.bundleId() || !p.cfBundleIdentifier().equals(current.cfBundleIdentifier())) {
				continue;
			}
			if (best == null || p.name().equals(current.name()) && !best.personality().name().equals(current.name())) {
				best = c;
			}
		}
		return best;
	}

	/** Whether {@code p} is a candidate now. */
	public boolean isCandidate(Personality p) {
		return candidates().stream().anyMatch(c -> c.personality() == p);
	}

	/** Makes {@code bundleId}'s personalities no candidates, with the reason shown for them. */
	public void withhold(long bundleId, String reason) {
		withheld.put(bundleId, reason);
	}

	/** Ends {@link #withhold}. */
	public void restore(long bundleId) {
		withheld.remove(bundleId);
	}

	/** Why {@code bundleId} is withheld, or null. */
	public String withheldReason(long bundleId) {
		return withheld.get(bundleId);
	}

	/** An open install hold; closing it twice is harmless. */
	public interface Hold extends AutoCloseable {
		@Override
		void close();
	}

	/**
	 * Opens an install hold for at most {@code boundMs}: until it is closed or its bound passes, devices without a
	 * controller keep their held requests past the grace.
	 */
	public Hold hold(long boundMs) {
		Object key = new Object();
		holds.put(key, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMs));
		return () -> holds.remove(key);
	}

	/** The latest deadline ({@link System#nanoTime()}) of the open holds still running, or 0 if none. */
	long holdUntilNanos() {
		long now = System.nanoTime();
		long until = 0;
		for (long deadline : holds.values()) {
			if (deadline - now > 0 && (until == 0 || deadline - until > 0)) {
				until = deadline;
			}
		}
		return until;
	}

	static String supersededBy(Personality winner) {
		return "superseded by " + winner.bundleVersion() + " (" + winner.bundleSymbolicName() + " bundle "
				+ winner.bundleId() + ")";
	}

	private static Map<String, Personality> newest(List<Candidate> candidates) {
		Map<String, Personality> newest = new HashMap<>();
		for (Candidate c : candidates) {
			newest.merge(c.personality().cfBundleIdentifier(), c.personality(),
					(a, b) -> NEWEST.compare(a, b) >= 0 ? a : b);
		}
		return newest;
	}
}
