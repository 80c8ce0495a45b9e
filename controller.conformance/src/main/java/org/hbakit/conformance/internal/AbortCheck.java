package org.hbakit.conformance.internal;

import static org.hbakit.conformance.internal.CheckFailure.require;

import java.nio.ByteBuffer;
import java.util.Map;

import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.registry.ViolationKind;
import org.hbakit.controller.api.scsi.SenseKey;

/**
 * {@code tm.abort}: a command the hardware drops times out ({@value #TIMEOUT_MS} ms); the framework's ABORT TASK
 * must end it — completed once, not GOOD — without the escalation reaching a reset (a reset would leave the unit
 * attention 06/29 the next TEST UNIT READY reports).
 */
final class AbortCheck implements Check {
	static final long TIMEOUT_MS = 1_000;

	@Override
	public String id() {
		return "tm.abort";
	}

	@Override
	public String run(RunContext run) throws Exception {
		var unit = run.unit(RunHba.Unit.DROP);
		Map<ViolationKind, Long> before = run.violations();
		SCSITaskResult r = Io.read(unit, 0, ByteBuffer.allocateDirect(512), TIMEOUT_MS);
		require(!r.isGood(), "a dropped READ(16) ended GOOD");
		SCSITaskResult tur = Io.testUnitReady(unit);
		require(!Io.checkCondition(tur, SenseKey.UNIT_ATTENTION, 0x29), "ABORT TASK did not end the dropped command:"
				+ " the escalation reset the unit (TEST UNIT READY: " + tur + ")");
		run.requireNoRefusedCompletionsSince(before, "the aborted command");
		return "dropped command aborted and completed once: " + r;
	}
}
