package org.hbakit.bridge.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.ResourceBundle;

import org.hbakit.bridge.matching.BundleIdentity;
import org.hbakit.bridge.matching.Personality;
import org.hbakit.bridge.matching.PersonalityCatalog;
import org.hbakit.bridge.matching.PersonalityCatalogStore;
import org.hbakit.bridge.matching.PersonalityParser;
import org.hbakit.bridge.matching.PersonalityProblem;
import org.hbakit.controller.api.personality.IOKitPersonalityKeys;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;

/**
 * The personality extender: reads the {@code Info.plist} of every bundle that is starting or active and keeps
 * its accepted personalities in the {@link PersonalityCatalog} this component provides as a service of the
 * bridge; withdraws them when the bundle stops (or is updated, or uninstalled).
 * <p>
 * The plist is the bundle entry named by the manifest header {@code HBAKit-InfoPlist}, else {@code Info.plist} at
 * the bundle root; it is read with {@code Bundle.getEntry}, so the extender never loads a class of, resolves or
 * starts anything in, the bundle. Bundles without a plist are ignored. Every problem is logged: a problem of the
 * whole file as ERROR, a refused personality as WARN, each naming the bundle, the personality, the key and the
 * reason; the bundle's valid personalities are still accepted.
 * <p>
 * Threads: the tracker's customizer runs on the thread that changes the bundle's state (synchronous bundle
 * events), outside the tracker's lock; the catalogue delivers its changes on that thread with no lock held.
 */
@Component(immediate = true, service = PersonalityCatalog.class)
public final class PersonalityExtender implements PersonalityCatalog {
	@Reference(service = LoggerFactory.class)
	private Logger log;

	private final PersonalityParser parser = new PersonalityParser();
	private final PersonalityCatalogStore store = new PersonalityCatalogStore(new LoggerBridge());
	private BundleTracker<BundleIdentity> tracker;

	/** Starts tracking bundles; bundles already starting or active are read now, on this thread. */
	@Activate
	void activate(BundleContext context) {
		tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE, new Customizer());
		tracker.open();
	}

	/** Stops tracking; every bundle's personalities are withdrawn (listeners see the removals). */
	@Deactivate
	void deactivate() {
		tracker.close();
	}

	private final class Customizer implements BundleTrackerCustomizer<BundleIdentity> {
		@Override
		public BundleIdentity addingBundle(Bundle bundle, BundleEvent event) {
			try {
				return read(bundle);
			} catch (Throwable t) {
				// one bundle's plist must never stop the extender: it is refused like any other bad plist
				BundleIdentity identity = identity(bundle);
				report(new PersonalityProblem(identity, PersonalityProblem.WHOLE_FILE, PersonalityProblem.FILE,
						"reading its Info.plist failed: " + t));
				return identity;
			}
		}

		private BundleIdentity read(Bundle bundle) {
			String path = plistPath(bundle);
			URL entry = bundle.getEntry(path);
			if (entry == null) {
				if (bundle.getHeaders("").get(IOKitPersonalityKeys.INFO_PLIST_HEADER) == null) {
					return null; // not a controller bundle
				}
				BundleIdentity identity = identity(bundle);
				report(new PersonalityProblem(identity, PersonalityProblem.WHOLE_FILE, PersonalityProblem.FILE,
						IOKitPersonalityKeys.INFO_PLIST_HEADER + " names " + path + ", which the bundle does not contain"));
				return identity;
			}
			BundleIdentity identity = identity(bundle);
			byte[] bytes;
			try (InputStream in = entry.openStream()) {
				bytes = in.readAllBytes();
			} catch (IOException e) {
				report(new PersonalityProblem(identity, PersonalityProblem.WHOLE_FILE, PersonalityProblem.FILE,
						"cannot read " + path + ": " + e));
				return identity;
			}
			PersonalityParser.Result result = parser.parse(identity, bytes);
			result.problems().forEach(PersonalityExtender.this::report);
			List<Personality> accepted = result.personalities();
			log.info("bundle={} plist={} accepted {} personalities {} refused {}", identity, path, accepted.size(),
					accepted.stream().map(Personality::name).toList(),
					result.problems().stream().map(PersonalityProblem::personality).distinct().count());
			if (!accepted.isEmpty()) {
				store.put(identity, accepted);
			}
			return identity;
		}

		@Override
		public void modifiedBundle(Bundle bundle, BundleEvent event, BundleIdentity identity) {
			// STARTING → ACTIVE: same plist, nothing to do
		}

		@Override
		public void removedBundle(Bundle bundle, BundleEvent event, BundleIdentity identity) {
			if (store.remove(identity.bundleId())) {
				log.info("bundle={} personalities withdrawn", identity);
			}
		}
	}

	private static String plistPath(Bundle bundle) {
		return PersonalityParser.plistPath(bundle.getHeaders("").get(IOKitPersonalityKeys.INFO_PLIST_HEADER));
	}

	private static BundleIdentity identity(Bundle bundle) {
		String name = bundle.getSymbolicName();
		return new BundleIdentity(name == null ? "bundle-" + bundle.getBundleId() : name,
				bundle.getVersion().toString(), bundle.getBundleId());
	}

	private void report(PersonalityProblem problem) {
		if (problem.wholeFile()) {
			log.error("refused Info.plist: {}", problem);
		} else {
			log.warn("refused personality: {}", problem);
		}
	}

	@Override
	public List<Personality> personalities() {
		return store.personalities();
	}

	@Override
	public List<Personality> personalities(long bundleId) {
		return store.personalities(bundleId);
	}

	@Override
	public long generation() {
		return store.generation();
	}

	@Override
	public void addListener(Listener listener) {
		store.addListener(listener);
	}

	@Override
	public void removeListener(Listener listener) {
		store.removeListener(listener);
	}

	/** Reports the catalogue's listener failures through the OSGi logger. */
	private final class LoggerBridge implements System.Logger {
		@Override
		public String getName() {
			return PersonalityExtender.class.getName();
		}

		@Override
		public boolean isLoggable(Level level) {
			return true;
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
			Logger logger = log;
			if (logger != null) {
				logger.error(msg, thrown);
			}
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String format, Object... params) {
			Logger logger = log;
			if (logger != null) {
				logger.error(java.text.MessageFormat.format(format, params));
			}
		}
	}
}
