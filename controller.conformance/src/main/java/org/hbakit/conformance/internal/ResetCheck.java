package org.hbakit.conformance.internal;

import static org.hbakit.conformance.internal.CheckFailure.require;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.registry.HBAStatistics;
import org.hbakit.controller.api.registry.TaskManagementFunction;
import org.hbakit.controller.api.registry.ViolationKind;
import org.hbakit.controller.api.scsi.SenseKey;

/**
 * {@code tm.lun-reset} and {@code tm.target-reset}: with {@value #HELD} commands held by the hardware (20 s
 * completion delay), LOGICAL UNIT RESET (or TARGET RESET) sent directly must be FUNCTION_COMPLETE, end every held
 * command within {@value #END_MS} ms (completed once, not GOOD), and leave the unit attention 06/29 (power on,
 * reset) for the next command.
 */
final class ResetCheck implements Check {
	static final int HELD = 4;
	static final long END_MS = 5_000;
	private final TaskManagementFunction function;
	private final RunHba.Unit unit;

	ResetCheck(TaskManagementFunction function, RunHba.Unit unit) {
		this.function = function;
		this.unit = unit;
	}

	@Override
	public String id() {
		return function == TaskManagementFunction.TARGET_RESET ? "tm.target-reset" : "tm.lun-reset";
	}

	@Override
	public String run(RunContext run) throws Exception {
		var u = run.unit(unit);
		Map<ViolationKind, Long> before = run.violations();
		List<CompletableFuture<SCSITaskResult>> held = new ArrayList<>();
		for (int i = 0; i < HELD; i++) {
			held.add(Io.submitRead(u, i, 1, 60_000));
		}
		require(Waits.until(() -> inFlight(run) >= HELD, END_MS), "the " + HELD + " commands never were in flight together");
		int response = run.registry.taskManagement(run.hba.location, function, unit.target, unit.lun);
		require(response == SCSIServiceResponse.FUNCTION_COMPLETE, function + " answered "
				+ SCSIServiceResponse.name(response));
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(END_MS);
		for (CompletableFuture<SCSITaskResult> f : held) {
			SCSITaskResult r;
			try {
				r = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			} catch (TimeoutException e) {
				// the held commands end with their delay: wait for them, so the next check starts on a quiet HBA
				CompletableFuture.allOf(held.toArray(CompletableFuture[]::new)).handle((x, t) -> null)
						.get(60_000, TimeUnit.MILLISECONDS);
				throw new CheckFailure(function + " returned but a command the hardware held did not end within "
						+ END_MS + " ms");
			}
			require(!r.isGood(), "a command held across " + function + " ended GOOD");
		}
		SCSITaskResult tur = Io.testUnitReady(u);
		require(Io.checkCondition(tur, SenseKey.UNIT_ATTENTION, 0x29), "after " + function
				+ " the next command did not report the unit attention 06/29: " + tur);
		run.requireNoRefusedCompletionsSince(before, "around " + function);
		return HELD + " held commands ended by " + function + ", unit attention 06/29 reported";
	}

	private static int inFlight(RunContext run) {
		return run.registry.statistics().stream().filter(s -> s.location().equals(run.hba.location))
				.mapToInt(HBAStatistics::inFlight).findFirst().orElse(0);
	}
}
