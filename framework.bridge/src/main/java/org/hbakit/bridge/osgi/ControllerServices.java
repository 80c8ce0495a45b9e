package org.hbakit.bridge.osgi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.hbakit.bridge.matching.Personality;
import org.hbakit.bridge.matching.PersonalityCatalog;
import org.hbakit.bridge.supervisor.Candidate;
import org.hbakit.bridge.supervisor.CandidateSource;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.Logger;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * The registered controller services, tracked, and the candidates they make with the catalogue's personalities: a
 * personality is a candidate while its own bundle has registered a usable (prototype-scope) service for its
 * {@code IOUserClass}. Services that are refused are kept, to say why their personalities cannot match.
 */
final class ControllerServices implements CandidateSource,
		ServiceTrackerCustomizer<IOUserSCSIParallelInterfaceController, ControllerService> {
	private final BundleContext context;
	private final PersonalityCatalog catalog;
	private final Logger log;
	private final Runnable changed;
	private final Consumer<ControllerService> gone;
	private final Map<ServiceReference<IOUserSCSIParallelInterfaceController>, ControllerService> services = new ConcurrentHashMap<>();
	private final Set<Object> live = Collections.newSetFromMap(new IdentityHashMap<>());
	private final ServiceTracker<IOUserSCSIParallelInterfaceController, ControllerService> tracker;

	/**
	 * @param changed told (on the registering thread) when a usable service appeared
	 * @param gone    told (on the unregistering thread, which waits for it) when a service goes away
	 */
	ControllerServices(BundleContext context, PersonalityCatalog catalog, Logger log, Runnable changed,
			Consumer<ControllerService> gone) {
		this.context = context;
		this.catalog = catalog;
		this.log = log;
		this.changed = changed;
		this.gone = gone;
		this.tracker = new ServiceTracker<>(context, IOUserSCSIParallelInterfaceController.class, this);
	}

	void open() {
		tracker.open();
	}

	void close() {
		tracker.close();
	}

	@Override
	public ControllerService addingService(ServiceReference<IOUserSCSIParallelInterfaceController> reference) {
		ControllerService s = new ControllerService(context, reference, live);
		// known before matching runs (the tracker itself records it only after this returns)
		services.put(reference, s);
		if (s.refusal() != null) {
			log.warn("refused controller service {}: {}", s, s.refusal());
		} else {
			changed.run();
		}
		return s;
	}

	@Override
	public void modifiedService(ServiceReference<IOUserSCSIParallelInterfaceController> reference,
			ControllerService service) {
		// properties changed: IOUserClass is read at registration, as IOKit reads a personality
	}

	@Override
	public void removedService(ServiceReference<IOUserSCSIParallelInterfaceController> reference,
			ControllerService service) {
		services.remove(reference);
		service.close();
		if (service.refusal() == null) {
			gone.accept(service);
		}
	}

	@Override
	public List<Candidate> candidates() {
		List<Candidate> out = new ArrayList<>();
		for (Personality p : catalog.personalities()) {
			ControllerService s = usable(p);
			if (s != null) {
				out.add(new Candidate(p, s));
			}
		}
		return out;
	}

	@Override
	public List<Unavailable> unavailable() {
		List<Unavailable> out = new ArrayList<>();
		for (Personality p : catalog.personalities()) {
			if (usable(p) != null) {
				continue;
			}
			String reason = null;
			for (ControllerService s : services.values()) {
				if (s.bundleId() == p.bundleId() && s.ioUserClass().equals(p.ioUserClass()) && s.refusal() != null) {
					reason = s.refusal();
				}
			}
			if (reason == null) {
				reason = "no controller service with IOUserClass=" + p.ioUserClass() + " is registered by bundle "
						+ p.bundleSymbolicName() + " (is the IOUserClass in Info.plist the service's "
						+ IOUserSCSIParallelInterfaceController.IO_USER_CLASS + " property?)";
			}
			out.add(new Unavailable(p, reason));
		}
		return out;
	}

	/** The usable service for a personality: same bundle, same IOUserClass. */
	private ControllerService usable(Personality p) {
		for (ControllerService s : services.values()) {
			if (s.bundleId() == p.bundleId() && s.ioUserClass().equals(p.ioUserClass()) && !s.isClosed()
					&& s.refusal() == null) {
				return s;
			}
		}
		return null;
	}
}
