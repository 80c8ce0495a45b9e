package org.hbakit.bridge.engine;

import java.util.Map;

import org.hbakit.controller.api.DMASpecification;

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
}
