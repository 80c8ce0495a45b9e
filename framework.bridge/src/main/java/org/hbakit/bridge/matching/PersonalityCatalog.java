package org.hbakit.bridge.matching;

import java.util.List;

/**
 * The catalogue of accepted personalities of every started controller bundle (IOKit's {@code IOCatalogue}),
 * published by the personality extender as a service of the bridge. The coordinator reads snapshots and
 * subscribes to changes to run matching rounds. Thread-safe.
 */
public interface PersonalityCatalog {
	/**
	 * One change of the catalogue: the personalities of one bundle added, removed or replaced.
	 *
	 * @param generation the catalogue generation after the change (increases by one per change)
	 * @param bundle     the bundle whose personalities changed
	 * @param removed    its personalities that left the catalogue
	 * @param added      its personalities that entered the catalogue
	 */
	record Change(long generation, BundleIdentity bundle, List<Personality> removed, List<Personality> added) {
		/** Copies the lists. */
		public Change {
			removed = List.copyOf(removed);
			added = List.copyOf(added);
		}
	}

	/** Receives catalogue changes. */
	@FunctionalInterface
	interface Listener {
		/**
		 * Called once per change, in generation order, with no lock of the catalogue or of the extender held,
		 * on the thread that made the change (a bundle event thread) or, when changes race, on the thread of an
		 * earlier change still delivering. A listener that throws is reported and does not stop delivery.
		 */
		void catalogChanged(Change change);
	}

	/** Every accepted personality, in {@link Personality#ORDER} (an immutable snapshot). */
	List<Personality> personalities();

	/** The accepted personalities of the bundle with id {@code bundleId}, in name order (immutable, maybe empty). */
	List<Personality> personalities(long bundleId);

	/** The generation of the current contents: 0 when created, +1 per change. */
	long generation();

	/** Adds {@code listener}; it receives the changes made after this call returns (not the current contents). */
	void addListener(Listener listener);

	/** Removes {@code listener}; it may still receive a change that was being delivered. */
	void removeListener(Listener listener);
}
