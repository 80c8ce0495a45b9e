package org.hbakit.bridge.matching;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The writable {@link PersonalityCatalog}: the extender {@link #put}s a bundle's personalities when the bundle
 * starts and {@link #remove}s them when it stops. State changes under a short lock; changes are queued in
 * generation order and delivered to listeners after the lock is released, by the changing thread unless another
 * thread is already delivering (then that one delivers them, in order). Thread-safe.
 */
public final class PersonalityCatalogStore implements PersonalityCatalog {
	private final Object lock = new Object();
	private final Map<Long, List<Personality>> byBundle = new TreeMap<>();
	private final Map<Long, BundleIdentity> bundles = new TreeMap<>();
	private final List<Listener> listeners = new CopyOnWriteArrayList<>();
	private final Queue<Change> pending = new ArrayDeque<>();
	private long generation;
	private List<Personality> snapshot = List.of();
	private boolean delivering;
	private final System.Logger log;

	/** A store reporting listener failures to the {@code System.Logger} named after this class. */
	public PersonalityCatalogStore() {
		this(System.getLogger(PersonalityCatalogStore.class.getName()));
	}

	/** A store reporting listener failures to {@code log}. */
	public PersonalityCatalogStore(System.Logger log) {
		this.log = Objects.requireNonNull(log);
	}

	/**
	 * Sets the personalities of {@code bundle}, replacing any it had (a bundle update keeps its id); an empty list
	 * is the same as {@link #remove}. Delivers the change before returning unless another thread is delivering.
	 */
	public void put(BundleIdentity bundle, List<Personality> personalities) {
		Objects.requireNonNull(bundle);
		List<Personality> sorted = new ArrayList<>(personalities);
		for (Personality p : sorted) {
			if (p.bundleId() != bundle.bundleId()) {
				throw new IllegalArgumentException(p + " is not a personality of " + bundle);
			}
		}
		sorted.sort(Personality.ORDER);
		change(bundle, List.copyOf(sorted));
	}

	/** Removes every personality of the bundle with id {@code bundleId}; false if it had none. */
	public boolean remove(long bundleId) {
		BundleIdentity bundle;
		synchronized (lock) {
			bundle = bundles.get(bundleId);
		}
		return bundle != null && change(bundle, List.of());
	}

	private boolean change(BundleIdentity bundle, List<Personality> added) {
		synchronized (lock) {
			List<Personality> removed = added.isEmpty() ? byBundle.remove(bundle.bundleId())
					: byBundle.put(bundle.bundleId(), added);
			if (added.isEmpty()) {
				bundles.remove(bundle.bundleId());
			} else {
				bundles.put(bundle.bundleId(), bundle);
			}
			if (removed == null && added.isEmpty()) {
				return false;
			}
			List<Personality> all = new ArrayList<>();
			byBundle.values().forEach(all::addAll);
			snapshot = List.copyOf(all); // TreeMap by bundle id, each list in name order: Personality.ORDER
			pending.add(new Change(++generation, bundle, removed == null ? List.of() : removed, added));
			if (delivering) {
				return true;
			}
			delivering = true;
		}
		deliver();
		return true;
	}

	private void deliver() {
		boolean done = false;
		try {
			while (true) {
				Change change;
				synchronized (lock) {
					change = pending.poll();
					if (change == null) {
						delivering = false;
						done = true;
						return;
					}
				}
				for (Listener listener : listeners) {
					try {
						listener.catalogChanged(change);
					} catch (RuntimeException e) {
						log.log(Level.ERROR, "personality catalog listener " + listener + " failed on generation "
								+ change.generation(), e);
					}
				}
			}
		} finally {
			if (!done) {
				// an Error escaped a listener: let the next change deliver what is still queued
				synchronized (lock) {
					delivering = false;
				}
			}
		}
	}

	@Override
	public List<Personality> personalities() {
		synchronized (lock) {
			return snapshot;
		}
	}

	@Override
	public List<Personality> personalities(long bundleId) {
		synchronized (lock) {
			return byBundle.getOrDefault(bundleId, List.of());
		}
	}

	@Override
	public long generation() {
		synchronized (lock) {
			return generation;
		}
	}

	@Override
	public void addListener(Listener listener) {
		listeners.add(Objects.requireNonNull(listener));
	}

	@Override
	public void removeListener(Listener listener) {
		listeners.remove(listener);
	}
}
