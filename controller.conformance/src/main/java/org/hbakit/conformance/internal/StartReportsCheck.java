package org.hbakit.conformance.internal;

import static org.hbakit.conformance.internal.CheckFailure.require;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.hbakit.controller.api.HBAConstraints;
import org.hbakit.controller.api.registry.StartReportInfo;

/**
 * {@code start.reports}: the start sequence's reports are complete and consistent — every required HBA constraint
 * reported and positive, alignments powers of two, the HBA data alignment mask matching the segment alignment,
 * addressable bits 32..64 in the constraints and the DMA specification alike, a DMA transfer of at least one 512-byte
 * block, and unique non-zero task ids (no more than the reported maximum task count).
 */
final class StartReportsCheck implements Check {
	@Override
	public String id() {
		return "start.reports";
	}

	@Override
	public String run(RunContext run) throws CheckFailure {
		StartReportInfo r = run.registry.startReports().stream().filter(s -> s.location().equals(run.hba.location))
				.findFirst().orElseThrow(() -> new CheckFailure("no start report: the controller is not bound"));
		Map<String, Object> c = r.constraints();
		for (String key : HBAConstraints.REQUIRED_KEYS) {
			require(c.get(key) instanceof Number, "constraint '" + key + "' not reported");
		}
		for (String key : new String[] { HBAConstraints.kIOMaximumSegmentCountReadKey,
				HBAConstraints.kIOMaximumSegmentCountWriteKey, HBAConstraints.kIOMaximumSegmentByteCountReadKey,
				HBAConstraints.kIOMaximumSegmentByteCountWriteKey, HBAConstraints.kIOMinimumSegmentAlignmentByteCountKey }) {
			require(number(c, key) > 0, "constraint '" + key + "' is " + number(c, key) + ", not positive");
		}
		long alignment = number(c, HBAConstraints.kIOMinimumSegmentAlignmentByteCountKey);
		require(Long.bitCount(alignment) == 1, "segment alignment " + alignment + " is not a power of two");
		long mask = number(c, HBAConstraints.kIOMinimumHBADataAlignmentMaskKey);
		require(mask == -alignment || mask == alignment - 1, "HBA data alignment mask 0x" + Long.toHexString(mask)
				+ " does not match the segment alignment " + alignment);
		long bits = number(c, HBAConstraints.kIOMaximumSegmentAddressableBitCountKey);
		require(bits >= 32 && bits <= 64, "constraint addressable bits " + bits + " not 32..64");
		require(r.dmaAddressBits() >= 32 && r.dmaAddressBits() <= 64, "DMA specification address bits "
				+ r.dmaAddressBits() + " not 32..64");
		require(r.dmaMaxTransferSize() >= 512, "DMA maximum transfer " + r.dmaMaxTransferSize() + " below one block");
		require(Integer.bitCount(r.dmaAlignment()) == 1, "DMA alignment " + r.dmaAlignment() + " not a power of two");
		require(!r.taskIds().isEmpty() && r.taskIds().size() <= r.maxTaskCount(), r.taskIds().size()
				+ " task ids for a maximum task count of " + r.maxTaskCount());
		Set<Long> seen = new HashSet<>();
		for (long id : r.taskIds()) {
			require(id != 0, "task id 0 returned by UserMapHBAData");
			require(seen.add(id), "task id " + id + " returned twice by UserMapHBAData");
		}
		return "constraints complete, " + r.taskIds().size() + " unique task ids, DMA max " + r.dmaMaxTransferSize()
				+ " bytes, " + r.dmaAddressBits() + " address bits, autosense " + r.autoSense();
	}

	private static long number(Map<String, Object> c, String key) {
		return c.get(key) instanceof Number n ? n.longValue() : 0;
	}
}
