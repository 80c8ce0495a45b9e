package org.hbakit.controller.api.registry;

import java.util.List;
import java.util.Map;

/**
 * What the controller of one running binding reported in its start sequence, as the framework took it.
 *
 * @param location                the device
 * @param hbaName                 the HBA's short name
 * @param bundleSymbolicName      the controller bundle
 * @param initiatorId             {@code UserReportInitiatorIdentifier}
 * @param highestTargetId         {@code UserReportHighestSupportedDeviceID}
 * @param maxTaskCount            {@code UserReportMaximumTaskCount}
 * @param highestLogicalUnit      {@code UserReportHBAHighestLogicalUnitNumber}
 * @param autoSense               {@code UserDoesHBAPerformAutoSense}
 * @param deviceManagement        {@code UserDoesHBAPerformDeviceManagement}
 * @param multiPathing            {@code UserDoesHBASupportMultiPathing}
 * @param constraints             what {@code UserReportHBAConstraints} was given
 * @param dmaMaxTransferSize      {@code UserGetDMASpecification}: largest transfer in bytes
 * @param dmaAlignment            its alignment in bytes
 * @param dmaAddressBits          its number of address bits
 * @param dmaSegmentType          its {@code DMAOutputSegmentType} value
 * @param taskIds                 every id {@code UserMapHBAData} returned, in the order returned (uint32)
 * @param bundledBuffersOffered   whether the framework offered the bundled buffers
 *                                ({@code UserMapBundledParallelTaskCommandAndResponseBuffers})
 */
public record StartReportInfo(String location, String hbaName, String bundleSymbolicName, long initiatorId,
		long highestTargetId, int maxTaskCount, long highestLogicalUnit, boolean autoSense, boolean deviceManagement,
		boolean multiPathing, Map<String, Object> constraints, long dmaMaxTransferSize, int dmaAlignment,
		int dmaAddressBits, int dmaSegmentType, List<Long> taskIds, boolean bundledBuffersOffered) {
	/** Copies the collections. */
	public StartReportInfo {
		constraints = Map.copyOf(constraints);
		taskIds = List.copyOf(taskIds);
	}
}
