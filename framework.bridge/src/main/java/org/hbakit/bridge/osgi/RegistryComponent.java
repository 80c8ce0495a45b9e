package org.hbakit.bridge.osgi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.HdrHistogram.Histogram;
import org.hbakit.bridge.engine.ControllerBinding;
import org.hbakit.bridge.engine.EngineSettings;
import org.hbakit.bridge.engine.IOStatistics;
import org.hbakit.bridge.matching.Personality;
import org.hbakit.bridge.matching.PersonalityCatalog;
import org.hbakit.bridge.supervisor.Bridge;
import org.hbakit.bridge.supervisor.DeviceSupervisor;
import org.hbakit.bridge.supervisor.SwapRecord;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOServicePowerCapability;
import org.hbakit.controller.api.pci.PCIConfigSpace;
import org.hbakit.controller.api.registry.BindingInfo;
import org.hbakit.controller.api.registry.DeviceInfo;
import org.hbakit.controller.api.registry.HBAStatistics;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.hbakit.controller.api.registry.MatchInfo;
import org.hbakit.controller.api.registry.PersonalityInfo;
import org.hbakit.controller.api.registry.SwapInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link IOKitRegistry} service: snapshots of the supervisors' state, and the operator's requests (rematch,
 * power) as messages to the device's supervisor, waited for with a bound.
 */
@Component(service = IOKitRegistry.class)
public final class RegistryComponent implements IOKitRegistry {
	private final BridgeCoordinator coordinator;
	private final PersonalityCatalog catalog;

	@Activate
	public RegistryComponent(@Reference BridgeCoordinator coordinator, @Reference PersonalityCatalog catalog) {
		this.coordinator = coordinator;
		this.catalog = catalog;
	}

	private Bridge bridge() {
		return coordinator.bridge();
	}

	@Override
	public List<PersonalityInfo> personalities() {
		List<PersonalityInfo> out = new ArrayList<>();
		for (Personality p : catalog.personalities()) {
			out.add(p.toInfo());
		}
		out.sort(Comparator.comparing(PersonalityInfo::bundleSymbolicName).thenComparing(PersonalityInfo::name));
		return List.copyOf(out);
	}

	@Override
	public List<DeviceInfo> devices() {
		List<DeviceInfo> out = new ArrayList<>();
		for (DeviceSupervisor s : bridge().devices()) {
			Personality p = s.personality();
			out.add(new DeviceInfo(s.device().location(), s.name(), s.device().configRead32(PCIConfigSpace.VENDOR_DEVICE_ID),
					s.device().configRead32(PCIConfigSpace.SUBSYSTEM_VENDOR_DEVICE_ID),
					s.device().configRead32(PCIConfigSpace.CLASS_CODE_REVISION), s.state(),
					p == null ? "" : p.bundleSymbolicName() + "/" + p.name(), p == null ? "" : p.bundleVersion(),
					s.reason()));
		}
		out.sort(Comparator.comparing(DeviceInfo::name));
		return List.copyOf(out);
	}

	@Override
	public List<MatchInfo> matches() {
		List<MatchInfo> out = new ArrayList<>();
		List<Personality> catalogue = catalog.personalities();
		bridge().devices().forEach(s -> out.addAll(s.matchesNow(catalogue)));
		out.sort(Comparator.comparing(MatchInfo::location).thenComparing(m -> -m.score()));
		return List.copyOf(out);
	}

	@Override
	public List<BindingInfo> bindings() {
		List<BindingInfo> out = new ArrayList<>();
		for (DeviceSupervisor s : bridge().devices()) {
			ControllerBinding b = s.binding();
			if (b == null) {
				continue;
			}
			ControllerBinding.Identity id = b.identity();
			out.add(new BindingInfo(s.device().location(), s.name(), id.bundleSymbolicName(), id.bundleVersion(),
					id.personality(), id.ioUserClass(), b.path(), b.maxTaskCount(), b.targetCount(),
					s.logicalUnits().size(), b.completed(), b.violations(), b.timeouts()));
		}
		out.sort(Comparator.comparing(BindingInfo::hbaName));
		return List.copyOf(out);
	}

	@Override
	public List<SwapInfo> swaps() {
		List<SwapInfo> out = new ArrayList<>();
		for (DeviceSupervisor s : bridge().devices()) {
			for (SwapRecord r : s.swaps()) {
				out.add(new SwapInfo(r.hba(), s.device().location(), r.endedAtMillis(), r.reason(), r.from(), r.to(),
						!r.to().equals("-"), r.held(), r.drained(), r.requeued(), r.pauseNanos(), r.drainNanos(),
						r.stopNanos(), r.startNanos(), r.scanNanos()));
			}
		}
		out.sort(Comparator.comparingLong(SwapInfo::endedAtMillis));
		return List.copyOf(out);
	}

	@Override
	public List<HBAStatistics> statistics() {
		List<HBAStatistics> out = new ArrayList<>();
		for (DeviceSupervisor s : bridge().devices()) {
			IOStatistics st = s.admission().statistics();
			ControllerBinding b = s.binding();
			Histogram h = st.lastInterval();
			long count = h == null ? 0 : h.getTotalCount();
			out.add(new HBAStatistics(s.name(), s.device().location(), st.completed(), st.failed(),
					st.bytesTransferred(), b == null ? 0 : (int) b.inFlight(), s.admission().waitingCount(),
					TimeUnit.NANOSECONDS.toMillis(st.lastIntervalNanos()), count * IOStatistics.SAMPLE_EVERY,
					count == 0 ? 0 : h.getValueAtPercentile(50), count == 0 ? 0 : h.getValueAtPercentile(99),
					count == 0 ? 0 : h.getValueAtPercentile(99.9), count == 0 ? 0 : h.getMaxValue()));
		}
		out.sort(Comparator.comparing(HBAStatistics::hbaName));
		return List.copyOf(out);
	}

	@Override
	public String rematch(String location, String controller) throws InterruptedException {
		DeviceSupervisor s = bridge().find(location);
		return await(s.rematch(controller), "the swap of " + s.name());
	}

	@Override
	public String setPowerState(String location, int powerFlags) throws InterruptedException {
		DeviceSupervisor s = bridge().find(location);
		int rc = await(s.power(powerFlags), "SetPowerState on " + s.name());
		String state = IOServicePowerCapability.name(powerFlags);
		EngineSettings settings = coordinator.settings();
		if (rc == IOReturn.kIOReturnNotReady) {
			throw new IllegalArgumentException(s.name() + " has no controller");
		}
		if (rc == IOReturn.kIOReturnTimeout) {
			throw new IllegalStateException("the controller of " + s.name() + " did not acknowledge SetPowerState("
					+ state + ") within " + settings.powerAckTimeoutMs() + " ms");
		}
		if (rc != IOReturn.kIOReturnSuccess) {
			throw new IllegalStateException("the controller of " + s.name() + " refused SetPowerState(" + state + "): "
					+ IOReturn.name(rc));
		}
		return s.name() + " power " + state;
	}

	@Override
	public boolean awaitQuiescence(long timeoutMillis) throws InterruptedException {
		return bridge().awaitQuiescence(timeoutMillis);
	}

	/** Waits for an operator request, bounded by everything it may do (drain, stop, matching, start, scan). */
	private <T> T await(java.util.concurrent.CompletableFuture<T> f, String what) throws InterruptedException {
		EngineSettings s = coordinator.settings();
		long bound = s.drainTimeoutMs() * 2 + s.abortGraceMs() + s.powerAckTimeoutMs() + s.controllerCallTimeoutMs() * 4
				+ 30_000;
		try {
			return f.get(bound, TimeUnit.MILLISECONDS);
		} catch (ExecutionException e) {
			Throwable cause = e.getCause();
			if (cause instanceof RuntimeException r) {
				throw r;
			}
			throw new IllegalStateException(what + " failed: " + cause, cause);
		} catch (TimeoutException e) {
			throw new IllegalStateException(what + " did not finish within " + bound + " ms");
		}
	}
}
