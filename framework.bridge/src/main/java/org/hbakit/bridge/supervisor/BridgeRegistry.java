package org.hbakit.bridge.supervisor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import org.hbakit.bridge.engine.ControllerBinding;
import org.hbakit.bridge.engine.ControllerReports;
import org.hbakit.bridge.engine.EngineSettings;
import org.hbakit.bridge.engine.IOStatistics;
import org.hbakit.bridge.matching.Personality;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOServicePowerCapability;
import org.hbakit.controller.api.pci.PCIConfigSpace;
import org.hbakit.controller.api.registry.BindingInfo;
import org.hbakit.controller.api.registry.DeviceInfo;
import org.hbakit.controller.api.registry.HBAStatistics;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.hbakit.controller.api.registry.MatchInfo;
import org.hbakit.controller.api.registry.PersonalityInfo;
import org.hbakit.controller.api.registry.StartReportInfo;
import org.hbakit.controller.api.registry.SwapInfo;
import org.hbakit.controller.api.registry.TaskManagementFunction;
import org.hbakit.controller.api.registry.ViolationInfo;

/**
 * The {@link IOKitRegistry} over a {@link Bridge}: snapshots of the supervisors' state, and the operator's requests
 * (rematch, power, task management) as messages to the device's supervisor, waited for with a bound. Pure Java: the
 * OSGi layer publishes it as a service, the test library hands it to tests.
 */
public class BridgeRegistry implements IOKitRegistry {
	private final Bridge bridge;
	private final Supplier<List<Personality>> catalog;

	/**
	 * @param bridge  the supervisors
	 * @param catalog the accepted personalities now
	 */
	public BridgeRegistry(Bridge bridge, Supplier<List<Personality>> catalog) {
		this.bridge = bridge;
		this.catalog = catalog;
	}

	private Bridge bridge() {
		return bridge;
	}

	private EngineSettings settings() {
		return bridge.context().settings().get();
	}

	@Override
	public List<PersonalityInfo> personalities() {
		List<PersonalityInfo> out = new ArrayList<>();
		for (Personality p : catalog.get()) {
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
			DeviceSupervisor.Status status = s.status();
			out.add(new DeviceInfo(s.device().location(), s.name(), s.device().configRead32(PCIConfigSpace.VENDOR_DEVICE_ID),
					s.device().configRead32(PCIConfigSpace.SUBSYSTEM_VENDOR_DEVICE_ID),
					s.device().configRead32(PCIConfigSpace.CLASS_CODE_REVISION), status.state(),
					p == null ? "" : p.bundleSymbolicName() + "/" + p.name(), p == null ? "" : p.bundleVersion(),
					status.reason()));
		}
		out.sort(Comparator.comparing(DeviceInfo::name));
		return List.copyOf(out);
	}

	@Override
	public List<MatchInfo> matches() {
		List<MatchInfo> out = new ArrayList<>();
		List<Personality> catalogue = catalog.get();
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
		EngineSettings settings = settings();
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

	@Override
	public List<ViolationInfo> violations() {
		List<ViolationInfo> out = new ArrayList<>();
		for (DeviceSupervisor s : bridge().devices()) {
			for (ViolationHistory.Entry e : s.violations()) {
				out.add(new ViolationInfo(s.device().location(), s.name(), e.bundleSymbolicName(), e.bundleVersion(),
						e.kind(), e.count(), e.lastMessage()));
			}
		}
		out.sort(Comparator.comparing(ViolationInfo::hbaName).thenComparing(ViolationInfo::bundleSymbolicName)
				.thenComparing(ViolationInfo::kind));
		return List.copyOf(out);
	}

	@Override
	public List<StartReportInfo> startReports() {
		List<StartReportInfo> out = new ArrayList<>();
		for (DeviceSupervisor s : bridge().devices()) {
			ControllerBinding b = s.binding();
			if (b == null) {
				continue;
			}
			ControllerReports r = b.reports();
			List<Long> ids = new ArrayList<>();
			for (long id : b.taskIds()) {
				ids.add(id);
			}
			out.add(new StartReportInfo(s.device().location(), s.name(), b.identity().bundleSymbolicName(),
					r.initiatorId(), r.highestTargetId(), r.maxTaskCount(), r.highestLun(), r.autoSense(),
					r.deviceManagement(), r.multiPathing(), r.constraints(), r.dma().maxTransferSize(),
					r.dma().alignment(), r.dma().numAddressBits(), r.dma().segmentType(), ids,
					b.bundledBuffersOffered()));
		}
		out.sort(Comparator.comparing(StartReportInfo::hbaName));
		return List.copyOf(out);
	}

	@Override
	public int taskManagement(String location, TaskManagementFunction function, long targetID, long lun)
			throws InterruptedException {
		DeviceSupervisor s = bridge().find(location);
		return await(s.taskManagement(function, targetID, lun), function + " on " + s.name());
	}

	@Override
	public void offerBundledBuffers(String location, boolean offer) {
		bridge().find(location).offerBundledBuffers(offer);
	}

	/** Waits for an operator request, bounded by everything it may do (drain, stop, matching, start, scan). */
	private <T> T await(java.util.concurrent.CompletableFuture<T> f, String what) throws InterruptedException {
		EngineSettings s = settings();
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
