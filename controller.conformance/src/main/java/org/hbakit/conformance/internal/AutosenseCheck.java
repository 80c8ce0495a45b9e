package org.hbakit.conformance.internal;

import static org.hbakit.conformance.internal.CheckFailure.require;

import java.nio.ByteBuffer;

import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.scsi.SenseKey;

/**
 * {@code sense.autosense}: a READ of an unreadable LBA range ends CHECK CONDITION with the device's sense delivered
 * — MEDIUM ERROR, UNRECOVERED READ ERROR (03/11/00) — whether the controller does autosense or the framework
 * fetches it; a READ beside the range ends GOOD.
 */
final class AutosenseCheck implements Check {
	@Override
	public String id() {
		return "sense.autosense";
	}

	@Override
	public String run(RunContext run) throws Exception {
		var unit = run.unit(RunHba.Unit.MEDIUM_ERROR);
		SCSITaskResult good = Io.read(unit, 0, ByteBuffer.allocateDirect(8 * 512), Io.TIMEOUT_MS);
		require(good.isGood(), "READ(16) of readable LBAs ended " + good);
		SCSITaskResult bad = Io.read(unit, 64, ByteBuffer.allocateDirect(8 * 512), Io.TIMEOUT_MS);
		require(Io.checkCondition(bad, SenseKey.MEDIUM_ERROR, 0x11), "READ(16) of an unreadable LBA ended " + bad
				+ ", not CHECK CONDITION with sense 03/11/00");
		return "CHECK CONDITION with sense 03/11/00 delivered";
	}
}
