package org.hbakit.bridge.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.hbakit.bridge.engine.EngineHarness;
import org.hbakit.bridge.engine.EngineSettings;
import org.hbakit.bridge.engine.FakeDevice;
import org.hbakit.controller.api.registry.DeviceState;
import org.junit.jupiter.api.Test;

/**
 * A device's state and its reason are one snapshot ({@link DeviceSupervisor#status()}): a reader on another thread
 * never pairs a state with the reason of the state before or after it. Read as two fields, a bench waiting for
 * "unmatched for a stated reason" saw the UNMATCHED of a device not yet matched with the "matching" of the PROBING
 * that followed, and stopped waiting (the reference controller's bench test failed so in CI).
 */
class DeviceStatusTest {
	private static final int READS = 2_000_000;

	@Test
	void stateAndReasonAreReadTogether() throws Exception {
		try (EngineHarness h = new EngineHarness(EngineSettings.DEFAULTS)) {
			DeviceSupervisor s = h.device(new FakeDevice(), "hba9");
			DeviceSupervisor.Status unmatched = s.status();
			assertThat(unmatched.state()).isEqualTo(DeviceState.UNMATCHED);
			assertThat(unmatched.reason()).isNotEmpty();
			CountDownLatch reading = new CountDownLatch(1);
			AtomicBoolean done = new AtomicBoolean();
			Thread supervisor = new Thread(() -> {
				try {
					reading.await();
				} catch (InterruptedException e) {
					return;
				}
				while (!done.get()) {
					s.state(DeviceState.UNMATCHED, "");
					s.state(DeviceState.PROBING, "matching");
				}
			}, "moves");
			supervisor.start();
			Set<DeviceSupervisor.Status> seen = new HashSet<>();
			reading.countDown();
			for (int i = 0; i < READS; i++) {
				seen.add(s.status());
			}
			done.set(true);
			supervisor.join();
			assertThat(seen).isSubsetOf(new DeviceSupervisor.Status(DeviceState.UNMATCHED, ""),
					new DeviceSupervisor.Status(DeviceState.PROBING, "matching"),
					unmatched);
		}
	}
}
