package org.hbakit.bridge.engine;

import java.util.Map;

import org.hbakit.controller.api.DMASpecification;
import org.hbakit.controller.api.HBAConstraints;

/**
 * What a controller reported during its start sequence, fixed for the binding's life.
 *
 * @param initiatorId      {@code UserReportInitiatorIdentifier}
 * @param highestTargetId  {@code UserReportHighestSupportedDeviceID}
 * @param maxTaskCount     {@code UserReportMaximumTaskCount}
 * @param highestLun       {@code UserReportHBAHighestLogicalUnitNumber}
 * @param autoSense        {@code UserDoesHBAPerformAutoSense}
 * @param deviceManagement {@code UserDoesHBAPerformDeviceManagement}
 * @param multiPathing     {@code UserDoesHBASupportMultiPathing}
 * @param dma              {@code UserGetDMASpecification}
 * @param constraints      {@code UserReportHBAConstraints}
 */
public record ControllerReports(long initiatorId, long highestTargetId, int maxTaskCount, long highestLun,
		boolean autoSense, boolean deviceManagement, boolean multiPathing, DMASpecification dma,
		Map<String, Object> constraints) {
	/** Copies the constraints. */
	public ControllerReports {
		constraints = Map.copyOf(constraints);
	}

	/**
	 * The largest read (data in) of one task: the DMA specification's maximum transfer size and the reported
	 * {@code IOMaximumSegmentCountRead} × {@code IOMaximumSegmentByteCountRead}, whichever is smaller.
	 */
	public long maxReadBytes() {
		return Math.min(dma.maxTransferSize(), segments(HBAConstraints.kIOMaximumSegmentCountReadKey,
				HBAConstraints.kIOMaximumSegmentByteCountReadKey));
	}

	/** As {@link #maxReadBytes()} for writes (data out), from the write segment constraints. */
	public long maxWriteBytes() {
		return Math.min(dma.maxTransferSize(), segments(HBAConstraints.kIOMaximumSegmentCountWriteKey,
				HBAConstraints.kIOMaximumSegmentByteCountWriteKey));
	}

	/** Whether the controller reported {@code kIOHierarchicalLogicalUnitSupportKey} true (a Boolean, or a non-zero number). */
	public boolean hierarchicalLogicalUnits() {
		Object v = constraints.get(HBAConstraints.kIOHierarchicalLogicalUnitSupportKey);
		return v instanceof Boolean b ? b : v instanceof Number n && n.longValue() != 0;
	}

	/** count × bytes of two reported constraints, saturating at Long.MAX_VALUE. */
	private long segments(String countKey, String bytesKey) {
		long count = ((Number) constraints.get(countKey)).longValue();
		long bytes = ((Number) constraints.get(bytesKey)).longValue();
		return Math.multiplyHigh(count, bytes) != 0 || count * bytes < 0 ? Long.MAX_VALUE : count * bytes;
	}
}
