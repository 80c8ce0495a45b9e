package org.hbakit.bridge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hbakit.controller.api.registry.BindingInfo;
import org.hbakit.controller.api.registry.DeviceInfo;
import org.hbakit.controller.api.registry.HBAStatistics;
import org.hbakit.controller.api.registry.SwapInfo;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.hbakit.controller.api.registry.MatchInfo;
import org.hbakit.controller.api.registry.PersonalityInfo;

/** A registry that only knows each HBA's path; rematch is not offered. */
final class FakeRegistry implements IOKitRegistry {
	final Map<String, String> pathByLocation = new ConcurrentHashMap<>();
	final List<DeviceInfo> devices = new java.util.concurrent.CopyOnWriteArrayList<>();
	/** What rematch returns; null: it throws. */
	volatile String rematchOutcome;
	volatile int quiescenceCalls;

	@Override
	public List<PersonalityInfo> personalities() {
		return List.of();
	}

	@Override
	public List<DeviceInfo> devices() {
		return List.copyOf(devices);
	}

	@Override
	public List<MatchInfo> matches() {
		return List.of();
	}

	@Override
	public List<BindingInfo> bindings() {
		List<BindingInfo> out = new ArrayList<>();
		pathByLocation.forEach((location, path) -> out.add(new BindingInfo(location, location, "test.controller",
				"1.0.0", "personality", "TestController", path, 128, 1, 1, 0, 0, 0)));
		return out;
	}

	@Override
	public List<SwapInfo> swaps() {
		return List.of();
	}

	@Override
	public List<org.hbakit.controller.api.registry.ViolationInfo> violations() {
		return List.of();
	}

	@Override
	public List<org.hbakit.controller.api.registry.StartReportInfo> startReports() {
		return List.of();
	}

	@Override
	public int taskManagement(String location, org.hbakit.controller.api.registry.TaskManagementFunction function,
			long targetID, long lun) {
		throw new UnsupportedOperationException();
	}

	@Override
	public void offerBundledBuffers(String location, boolean offer) {
		throw new UnsupportedOperationException();
	}

	@Override
	public List<HBAStatistics> statistics() {
		return List.of();
	}

	@Override
	public String rematch(String location, String controller) {
		String outcome = rematchOutcome;
		if (outcome == null) {
			throw new UnsupportedOperationException("no rematch in this fake");
		}
		return outcome;
	}

	@Override
	public boolean awaitQuiescence(long timeoutMillis) {
		quiescenceCalls++;
		return true;
	}

	@Override
	public String setPowerState(String location, int powerFlags) {
		throw new IllegalStateException("power is not part of the bench");
	}
}
