package org.hbakit.bridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.hbakit.controller.api.DMASpecification;
import org.hbakit.controller.api.HBAConstraints;
import org.junit.jupiter.api.Test;

/**
 * The transfer limits a binding applies come from what the controller reported: per direction, the smaller of the
 * DMA specification's maximum transfer and segment count × segment byte count.
 */
class ControllerReportsTest {
	private static ControllerReports reports(long dmaMax, long readCount, long readBytes, long writeCount,
			long writeBytes) {
		Map<String, Object> constraints = Map.of(HBAConstraints.kIOMaximumSegmentCountReadKey, readCount,
				HBAConstraints.kIOMaximumSegmentByteCountReadKey, readBytes,
				HBAConstraints.kIOMaximumSegmentCountWriteKey, writeCount,
				HBAConstraints.kIOMaximumSegmentByteCountWriteKey, writeBytes);
		return new ControllerReports(7, 15, 16, 0, true, false, false,
				new DMASpecification().setNumAddressBits(64).setMaxTransferSize(dmaMax), constraints);
	}

	@Test
	void theSegmentConstraintsBoundEachDirectionBelowTheDmaMaximum() {
		ControllerReports r = reports(4L << 20, 4, 64 << 10, 8, 128 << 10);
		assertThat(r.maxReadBytes()).isEqualTo(256L << 10);
		assertThat(r.maxWriteBytes()).isEqualTo(1L << 20);
	}

	@Test
	void theDmaMaximumBoundsSegmentsThatWouldAllowMore() {
		ControllerReports r = reports(1L << 20, 256, 1L << 20, 1, 4L << 20);
		assertThat(r.maxReadBytes()).isEqualTo(1L << 20);
		assertThat(r.maxWriteBytes()).isEqualTo(1L << 20);
	}

	@Test
	void aSegmentProductBeyondALongSaturatesInsteadOfWrappingToASmallLimit() {
		ControllerReports r = reports(Long.MAX_VALUE, 1L << 40, 1L << 40, Long.MAX_VALUE, 3);
		assertThat(r.maxReadBytes()).isEqualTo(Long.MAX_VALUE);
		assertThat(r.maxWriteBytes()).isEqualTo(Long.MAX_VALUE);
	}
}
