package org.hbakit.conformance.internal;

import static org.hbakit.conformance.internal.CheckFailure.require;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.hbakit.controller.api.IOServicePowerCapability;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.scsi.SenseData;
import org.hbakit.controller.api.scsi.SenseKey;

/**
 * {@code power}: SetPowerState Pause, On, Off and On again are each acknowledged within the framework's bound (the
 * registry throws otherwise); a command sent while paused is held (still pending {@value #HELD_MS} ms later) and
 * ends GOOD once On; a command after Off and On ends GOOD (after at most one unit attention 06/29h, the power-on
 * report SAM allows).
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
		boolean powerOnAttention = powerOnAttention(after);
		if (powerOnAttention) {
			// SAM: the first command after a power cycle or reset may report it; the one after must succeed
			after = Io.submitRead(unit, 0, 8, Io.TIMEOUT_MS).get(Io.TIMEOUT_MS * 2, TimeUnit.MILLISECONDS);
		}
		require(after.isGood(), "a command after Off and On ended " + after);
		return "Pause, On, Off, On acknowledged on " + loc + "; I/O held over Pause and resumed"
				+ (powerOnAttention ? "; unit attention 06/29 reported once after Off" : "");
	}

	/** UNIT ATTENTION, POWER ON, RESET, OR BUS DEVICE RESET OCCURRED (ASC 29h, any qualifier). */
	private static boolean powerOnAttention(SCSITaskResult r) {
		byte[] sense = r.sense();
		return r.status() == SCSITaskStatus.CHECK_CONDITION && sense.length > 0
				&& SenseData.senseKey(sense, sense.length) == SenseKey.UNIT_ATTENTION
				&& SenseData.asc(sense, sense.length) == 0x29;
	}

	private static void power(RunContext run, int flags) throws Exception {
		try {
			run.registry.setPowerState(run.hba.location, flags);
		} catch (IllegalStateException e) {
			throw new CheckFailure(e.getMessage());
		}
	}
}
