package org.hbakit.bridge.osgi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.hbakit.bridge.engine.ControllerBinding;
import org.hbakit.bridge.matching.Personality;
import org.hbakit.controller.api.pci.PCIConfigSpace;
import org.hbakit.controller.api.registry.BindingInfo;
import org.hbakit.controller.api.registry.DeviceInfo;
import org.hbakit.controller.api.registry.HBAStatistics;
import org.hbakit.controller.api.registry.SwapInfo;
import org.hbakit.bridge.engine.SwapRecord;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.hbakit.controller.api.registry.MatchInfo;
import org.hbakit.controller.api.registry.PersonalityInfo;

/** The {@link IOKitRegistry} service: snapshots of the coordinator's state. */
final class RegistryService implements IOKitRegistry {
	private final BridgeCoordinator coordinator;

	RegistryService(BridgeCoordinator coordinator) {
		this.coordinator = coordinator;
	}

	@Override
	public List<PersonalityInfo> personalities() {
		List<PersonalityInfo> out = new ArrayList<>();
		for (Personality p : coordinator.catalog().personalities()) {
			out.add(p.toInfo());
		}
		out.sort(Comparator.comparing(PersonalityInfo::bundleSymbolicName).thenComparing(PersonalityInfo::name));
		return List.copyOf(out);
	}

	@Override
	public List<DeviceInfo> devices() {
		List<DeviceInfo> out = new ArrayList<>();
		for (BridgeCoordinator.DeviceEntry e : coordinator.devices.values()) {
			Personality p = e.boundPersonality;
			out.add(new DeviceInfo(e.device.location(), e.adapter.name(),
					e.device.configRead32(PCIConfigSpace.VENDOR_DEVICE_ID),
					e.device.configRead32(PCIConfigSpace.SUBSYSTEM_VENDOR_DEVICE_ID),
					e.device.configRead32(PCIConfigSpace.CLASS_CODE_REVISION), e.state,
					p == null ? "" : p.bundleSymbolicName() + "/" + p.name(), p == null ? "" : p.bundleVersion(),
					e.reason));
		}
		out.sort(Comparator.comparing(DeviceInfo::name));
		return List.copyOf(out);
	}

	@Override
	public List<MatchInfo> matches() {
		List<MatchInfo> out = new ArrayList<>();
		coordinator.devices.values().forEach(e -> out.addAll(e.lastRound));
		out.sort(Comparator.comparing(MatchInfo::location).thenComparing(m -> -m.score()));
		return List.copyOf(out);
	}

	@Override
	public List<BindingInfo> bindings() {
		List<BindingInfo> out = new ArrayList<>();
		for (BridgeCoordinator.DeviceEntry e : coordinator.devices.values()) {
			ControllerBinding b = e.adapter.binding();
			if (b == null) {
				continue;
			}
			ControllerBinding.Identity id = b.identity();
			out.add(new BindingInfo(e.device.location(), e.adapter.name(), id.bundleSymbolicName(), id.bundleVersion(),
					id.personality(), id.ioUserClass(), b.path(), b.maxTaskCount(), b.targetCount(),
					e.adapter.logicalUnits().size(), b.completed(), b.violations(), b.timeouts()));
		}
		out.sort(Comparator.comparing(BindingInfo::hbaName));
		return List.copyOf(out);
	}

	@Override
	public List<SwapInfo> swaps() {
		List<SwapInfo> out = new ArrayList<>();
		for (BridgeCoordinator.DeviceEntry e : coordinator.devices.values()) {
			for (SwapRecord r : e.adapter.swaps()) {
				out.add(new SwapInfo(r.hba(), e.device.location(), r.endedAtMillis(), r.reason(), r.from(), r.to(),
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
		for (BridgeCoordinator.DeviceEntry e : coordinator.devices.values()) {
			ControllerBinding b = e.adapter.binding();
			out.add(new HBAStatistics(e.adapter.name(), e.device.location(), b == null ? 0 : b.completed(), 0, 0, 0,
					e.adapter.heldCount(), 0, 0, 0, 0, 0, 0));
		}
		out.sort(Comparator.comparing(HBAStatistics::hbaName));
		return List.copyOf(out);
	}

	@Override
	public String rematch(String location, String controller) throws InterruptedException {
		return coordinator.rematch(location, controller);
	}

	@Override
	public String setPowerState(String location, int powerFlags) throws InterruptedException {
		return coordinator.setPowerState(location, powerFlags);
	}

	@Override
	public boolean awaitQuiescence(long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		while (System.nanoTime() - deadline < 0) {
			// a no-op on the lifecycle thread returns once everything queued before it has run
			try {
				coordinator.post(() -> {
				}).get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
			} catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
				return false;
			}
			boolean busy = coordinator.devices.values().stream()
					.anyMatch(e -> e.state.isTransient());
			if (!busy) {
				return true;
			}
		}
		return false;
	}
}
