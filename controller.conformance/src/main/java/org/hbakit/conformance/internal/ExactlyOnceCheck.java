package org.hbakit.conformance.internal;

import static org.hbakit.conformance.internal.CheckFailure.require;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.registry.ViolationKind;

/**
 * {@code io.exactly-once}: under {@value #DEPTH} commands in flight on a RAM and a null unit at once, every task
 * completes exactly once, with response version 1 and its own task id: the framework refused no completion as
 * unknown, of another version, not in flight (a second one) or naming another task, and every command ended GOOD.
 */
final class ExactlyOnceCheck implements Check {
	static final int DEPTH = 32;

	@Override
	public String id() {
		return "io.exactly-once";
	}

	@Override
	public String run(RunContext run) throws Exception {
		Map<ViolationKind, Long> before = run.violations();
		SCSILogicalUnit ram = run.unit(RunHba.Unit.RAM), nul = run.unit(RunHba.Unit.NULL);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(run.options.seconds());
		long done = 0;
		while (System.nanoTime() - deadline < 0) {
			List<CompletableFuture<SCSITaskResult>> batch = new ArrayList<>();
			for (int i = 0; i < DEPTH; i++) {
				SCSILogicalUnit u = i % 2 == 0 ? ram : nul;
				batch.add(Io.submitRead(u, (i * 8L) % 1024, 8, Io.TIMEOUT_MS));
			}
			for (CompletableFuture<SCSITaskResult> f : batch) {
				SCSITaskResult r = f.get(Io.TIMEOUT_MS * 2, TimeUnit.MILLISECONDS);
				require(r.isGood(), "a READ(16) ended " + r);
				done++;
			}
		}
		run.requireNoRefusedCompletionsSince(before, "under load");
		return done + " commands completed once each, " + DEPTH + " in flight";
	}
}
