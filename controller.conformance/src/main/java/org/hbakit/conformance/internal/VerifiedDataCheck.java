package org.hbakit.conformance.internal;

import static org.hbakit.conformance.internal.CheckFailure.require;

import org.hbakit.controller.api.registry.BindingInfo;
import org.hbakit.controller.api.registry.StartReportInfo;

/**
 * {@code io.verified-data}: on every path the controller supports (bundled when it takes the bundled buffers, then
 * parallel with the buffers withheld — a framework without bundled I/O), {@value #SUBMITTERS} concurrent
 * submitters write and read back a pattern on a 512-byte and a 4096-byte unit, at every transfer size from one
 * block to the controller's reported maximum (DMA specification, capped at {@value #MAX_BYTES} bytes) in powers of
 * two. Every command must end GOOD with its full length and the data read must be the data written.
 */
final class VerifiedDataCheck implements Check {
	static final int SUBMITTERS = 4, MAX_BYTES = 1 << 20;

	@Override
	public String id() {
		return "io.verified-data";
	}

	@Override
	public String run(RunContext run) throws Exception {
		BindingInfo b = run.binding();
		require(b != null, "the controller is not bound");
		int max = maxBytes(run);
		StringBuilder detail = new StringBuilder();
		verify(run, b.path(), max, detail);
		if (b.path().equals("bundled")) {
			run.registry.offerBundledBuffers(run.hba.location, false);
			try {
				run.restart();
				BindingInfo p = run.binding();
				require(p.path().equals("parallel"), "with the bundled buffers withheld the path is " + p.path());
				verify(run, "parallel", max, detail);
			} finally {
				run.registry.offerBundledBuffers(run.hba.location, true);
				run.restart();
			}
		} else {
			detail.append("; bundled buffers declined");
		}
		return detail.toString();
	}

	private static void verify(RunContext run, String path, int max, StringBuilder detail) throws Exception {
		long commands = 0;
		for (RunHba.Unit u : new RunHba.Unit[] { RunHba.Unit.RAM, RunHba.Unit.RAM_4K }) {
			try (Workload w = new Workload(run.unit(u), SUBMITTERS, max)) {
				String problem = w.runFor(run.options.seconds() * 500L);
				require(problem == null, path + " path: " + problem);
				commands += w.commands();
			}
		}
		detail.append(detail.length() == 0 ? "" : "; ").append(path).append(" path: ").append(commands)
				.append(" verified commands, ").append(SUBMITTERS).append(" submitters, up to ").append(max).append(" bytes");
	}

	static int maxBytes(RunContext run) {
		long dma = run.registry.startReports().stream().filter(s -> s.location().equals(run.hba.location))
				.mapToLong(StartReportInfo::dmaMaxTransferSize).findFirst().orElse(MAX_BYTES);
		return (int) Math.min(dma, MAX_BYTES);
	}
}
