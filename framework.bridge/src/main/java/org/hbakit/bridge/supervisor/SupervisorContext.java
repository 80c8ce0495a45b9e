package org.hbakit.bridge.supervisor;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import org.hbakit.bridge.engine.EngineSettings;

/**
 * What every device's supervisor shares: the settings (they may change at run time), the bridge's timer (its tasks
 * only post messages to supervisors), the delivery executor for client futures, the log, the candidates (with the
 * versions rule and the deployer's withheld bundles, {@link CandidatePool}) and the listener the OSGi layer
 * publishes through, and the turns the devices take to move to a new controller version ({@link MoveTurns}).
 */
public record SupervisorContext(Supplier<EngineSettings> settings, ScheduledExecutorService timer, Executor delivery,
		System.Logger log, CandidatePool candidates, DeviceListener listener, MoveTurns moves) {
	/** A context whose candidates are those of {@code source}, under a new {@link CandidatePool}. */
	public SupervisorContext(Supplier<EngineSettings> settings, ScheduledExecutorService timer, Executor delivery,
			System.Logger log, CandidateSource source, DeviceListener listener) {
		this(settings, timer, delivery, log, new CandidatePool(source), listener, new MoveTurns());
	}
}
