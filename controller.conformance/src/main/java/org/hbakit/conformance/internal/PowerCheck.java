package org.hbakit.conformance.internal;

import static org.hbakit.conformance.internal.CheckFailure.require;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.hbakit.controller.api.IOServicePowerCapability;
import org.hbakit.controller.api.client.SCSITaskResult;

/**
 * {@code power}: SetPowerState Pause, On, Off and On again are each acknowledged within the framework's bound (the
 * registry throws otherwise); a command sent while paused is held (still pending {@value #HELD_MS} ms later) and
 * ends GOOD once On; a command after Off and On ends GOOD.
 */
final class PowerCheck implements Check {
	static final long HELD_MS = 300;

	@Override
	public String id() {
		return "power";
	}

	@Override
	public String run(RunContext run) throws Exception {
		var unit = run.unit(RunHba.Unit.RAM);
		String loc = run.hba.location;
		power(run, IOServicePowerCapability.kIOServicePowerCapabilityPause);
		CompletableFuture<SCSITaskResult> during;
		try {
			during = Io.submitRead(unit, 0, 8, Io.TIMEOUT_MS * 3);
			try {
				SCSITaskResult early = during.get(HELD_MS, TimeUnit.MILLISECONDS);
				throw new CheckFailure("a command sent while paused was not held: it ended " + early);
			} catch (TimeoutException expected) {
				// held, as it must be
			}
		} finally {
			power(run, IOServicePowerCapability.kIOServicePowerCapabilityOn);
		}
		SCSITaskResult resumed = during.get(Io.TIMEOUT_MS * 3, TimeUnit.MILLISECONDS);
		require(resumed.isGood(), "the command held over Pause ended " + resumed);
		power(run, IOServicePowerCapability.kIOServicePowerCapabilityOff);
		power(run, IOServicePowerCapability.kIOServicePowerCapabilityOn);
		SCSITaskResult after = Io.submitRead(unit, 0, 8, Io.TIMEOUT_MS).get(Io.TIMEOUT_MS * 2, TimeUnit.MILLISECONDS);
		require(after.isGood(), "a command after Off and On ended " + after);
		return "Pause, On, Off, On acknowledged on " + loc + "; I/O held over Pause and resumed";
	}

	private static void power(RunContext run, int flags) throws Exception {
		try {
			run.registry.setPowerState(run.hba.location, flags);
		} catch (IllegalStateException e) {
			throw new CheckFailure(e.getMessage());
		}
	}
}
