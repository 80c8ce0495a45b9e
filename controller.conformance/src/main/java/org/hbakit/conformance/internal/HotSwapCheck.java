package org.hbakit.conformance.internal;

import static org.hbakit.conformance.internal.CheckFailure.require;

import java.util.List;

import org.hbakit.controller.api.registry.SwapInfo;

/**
 * {@code swap.repeated}: the controller is stopped and started on the same device {@value #SWAPS} times (hot swaps
 * to itself: requests held, drained, released) while a verified workload runs; every command ends GOOD with the
 * data written, and every swap ended with the controller started again (none failed and was retried).
 */
final class HotSwapCheck implements Check {
	static final int SWAPS = 5;

	private static List<SwapInfo> swaps(RunContext run) {
		return run.registry.swaps().stream().filter(s -> s.location().equals(run.hba.location)).toList();
	}

	@Override
	public String id() {
		return "swap.repeated";
	}

	@Override
	public String run(RunContext run) throws Exception {
		int swapsBefore = swaps(run).size();
		try (Workload w = new Workload(run.unit(RunHba.Unit.RAM), 2, 8 * 512)) {
			for (int i = 0; i < SWAPS; i++) {
				String what;
				try {
					what = run.restart();
				} catch (IllegalStateException | IllegalArgumentException e) {
					throw new CheckFailure("swap " + (i + 1) + " of " + SWAPS + " failed: " + e.getMessage());
				}
				require(what != null, "swap " + (i + 1) + " did nothing");
			}
			String problem = w.runFor(run.options.seconds() * 250L);
			require(problem == null, "under " + SWAPS + " swaps: " + problem);
			// the framework retries a start that failed: the swap records say whether one did
			List<SwapInfo> mine = swaps(run);
			for (SwapInfo s : mine.subList(Math.min(swapsBefore, mine.size()), mine.size())) {
				require(s.succeeded() && s.to().startsWith(run.subject.symbolicName() + "/"), "a swap ("
						+ s.reason() + ") ended with " + s.to() + ": the controller did not start again");
			}
			return SWAPS + " stop/start cycles under a verified load, " + w.commands() + " commands, no error";
		}
	}
}
