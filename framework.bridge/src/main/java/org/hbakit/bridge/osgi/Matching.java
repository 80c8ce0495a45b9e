package org.hbakit.bridge.osgi;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

import org.hbakit.bridge.matching.DeviceView;
import org.hbakit.bridge.matching.MatchingRound;
import org.hbakit.bridge.matching.PassiveMatcher;
import org.hbakit.bridge.matching.Personality;
import org.hbakit.bridge.matching.ProbeResult;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;

/**
 * Runs IOKit matching rounds for the coordinator: candidates are the catalog's personalities whose bundle has
 * registered the controller service their {@code IOUserClass} names; probe asks a fresh controller instance;
 * start runs the binding's start sequence. Called on the lifecycle thread only.
 */
final class Matching {
	private final BridgeCoordinator coordinator;
	private final PassiveMatcher passive = new PassiveMatcher();

	Matching(BridgeCoordinator coordinator) {
		this.coordinator = coordinator;
	}

	/**
	 * Matches and binds one device.
	 *
	 * @param controller if not null, only personalities whose IOUserClass or bundle symbolic name is this
	 * @param avoid      if not null, a personality tried only when no other starts (a rematch moves away from it)
	 * @return whether a controller was bound
	 */
	boolean run(BridgeCoordinator.DeviceEntry e, String controller, Personality avoid) {
		List<Personality> candidates = new ArrayList<>();
		List<Personality> avoided = new ArrayList<>();
		for (Personality p : coordinator.catalog().personalities()) {
			if (controller != null && !controller.equals(p.ioUserClass()) && !controller.equals(p.bundleSymbolicName())) {
				continue;
			}
			if (service(p) == null) {
				continue;
			}
			if (avoid != null && p.id().equals(avoid.id())) {
				avoided.add(p);
			} else {
				candidates.add(p);
			}
		}
		DeviceView view = DeviceView.of(e.device);
		MatchingRound.Result result = round(e, view, candidates);
		List<org.hbakit.controller.api.registry.MatchInfo> matches = new ArrayList<>(result.matches());
		if (result.started().isEmpty() && !avoided.isEmpty()) {
			// the personality being moved away from is tried last, after everything else failed
			result = round(e, view, avoided);
			matches.addAll(result.matches());
		}
		e.lastRound = List.copyOf(matches);
		if (result.started().isEmpty()) {
			e.reason = candidates.isEmpty() && avoided.isEmpty()
					? (controller == null ? "no controller personality with a registered controller service"
							: "no controller '" + controller + "' is registered")
					: result.noDriverReason();
			return false;
		}
		return true;
	}

	private MatchingRound.Result round(BridgeCoordinator.DeviceEntry e, DeviceView view, List<Personality> candidates) {
		// as in IOKit, the instance that probed successfully is the one started; the others are freed after the round
		Map<Personality, IOUserSCSIParallelInterfaceController> probed = new IdentityHashMap<>();
		MatchingRound round = new MatchingRound(passive, (p, device, score) -> probe(e, p, score, probed),
				(p, device, score) -> {
					if (e.bound != null) {
						throw new IllegalStateException(e.adapter.name() + " already has a controller");
					}
					ControllerService s = service(p);
					IOUserSCSIParallelInterfaceController instance = probed.remove(p);
					String failure = s == null ? "its controller service went away" : coordinator.start(e, p, s, instance);
					if (failure != null) {
						throw new IllegalStateException(failure);
					}
				});
		try {
			return round.run(view, candidates, Set.of("IOKit"), Set.of());
		} finally {
			probed.forEach((p, instance) -> {
				ControllerService s = service(p);
				if (s != null) {
					s.release(instance);
				}
			});
		}
	}

	private ProbeResult probe(BridgeCoordinator.DeviceEntry e, Personality p, int score,
			Map<Personality, IOUserSCSIParallelInterfaceController> probed) {
		ControllerService s = service(p);
		if (s == null) {
			return ProbeResult.decline("its controller service went away");
		}
		IOUserSCSIParallelInterfaceController instance = s.newInstance();
		if (instance == null) {
			return ProbeResult.decline("could not instantiate " + p.ioUserClass());
		}
		int[] out = { score };
		int rc;
		try {
			rc = instance.probe(e.device, out);
		} catch (RuntimeException ex) {
			rc = IOReturn.kIOReturnError;
		}
		if (rc != IOReturn.kIOReturnSuccess) {
			s.release(instance);
			return ProbeResult.decline("probe returned " + IOReturn.name(rc));
		}
		probed.put(p, instance);
		return ProbeResult.accept(out[0]);
	}

	/** The registered controller service for a personality: same bundle, same IOUserClass. */
	private ControllerService service(Personality p) {
		for (ControllerService s : coordinator.controllerServices()) {
			if (s.bundleId() == p.bundleId() && s.ioUserClass().equals(p.ioUserClass()) && !s.isClosed()) {
				return s;
			}
		}
		return null;
	}
}
