package org.hbakit.bridge.supervisor;

import java.util.IdentityHashMap;
import java.util.Map;

import org.hbakit.bridge.matching.Personality;
import org.hbakit.bridge.matching.ProbeResult;

/**
 * Controller instances made and probed for a rematch while the old controller still drives the device, before
 * the gate closes: DS instantiation (a new queue thread, the component's constructor and activation) and
 * {@code probe} then cost clients no pause. The matching round that follows the unbind takes these instead of
 * instantiating and probing again; whatever it does not take is released. The contract allows it: probe is
 * config reads only and may be called for a device the instance never drives. Supervisor thread only.
 */
final class ProbedAhead {
	private record Probed(ControllerInstance instance, ProbeResult result) {
	}

	private final Map<Personality, Probed> probed = new IdentityHashMap<>();

	/** Records the outcome of probing {@code instance} (null if it could not be instantiated). */
	void put(Personality p, ControllerInstance instance, ProbeResult result) {
		Probed old = probed.put(p, new Probed(instance, result));
		if (old != null && old.instance() != null) {
			old.instance().release();
		}
	}

	/**
	 * The probe result recorded for {@code p} if it was made with {@code candidate}'s service, handing its accepted
	 * instance to {@code into}; null if there is none (the round probes as usual).
	 */
	ProbeResult take(Personality p, Candidate candidate, Map<Personality, ControllerInstance> into) {
		Probed early = probed.remove(p);
		if (early == null) {
			return null;
		}
		if (early.instance() == null) {
			return early.result();
		}
		// the same service, not the same Candidate record: the candidate source makes new records on every call
		if (candidate == null || early.instance().candidate.factory() != candidate.factory()) {
			early.instance().release(); // its service changed since: probe the current one
			return null;
		}
		into.put(p, early.instance());
		return early.result();
	}

	/** Releases every instance no round took. */
	void releaseAll() {
		for (Probed p : probed.values()) {
			if (p.instance() != null) {
				p.instance().release();
			}
		}
		probed.clear();
	}
}
