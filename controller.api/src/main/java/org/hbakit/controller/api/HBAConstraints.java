package org.hbakit.controller.api;

import java.util.List;

/**
 * The keys of the dictionary a controller passes to {@link IOSCSIParallelFamily#userReportHBAConstraints}
 * ({@code UserReportHBAConstraints}), with their real IOKit string values. Values are {@link Number}s
 * ({@link Boolean} for {@link #kIOHierarchicalLogicalUnitSupportKey}).
 * <p>
 * A controller must report every {@linkplain #REQUIRED_KEYS required key} before
 * {@code UserInitializeController} returns. Where DriverKit panics on a missing key, this framework fails the
 * controller's start with an error naming the key.
 */
public final class HBAConstraints {
	/** Maximum number of segments in a read. */
	public static final String kIOMaximumSegmentCountReadKey = "IOMaximumSegmentCountRead";
	/** Maximum number of segments in a write. */
	public static final String kIOMaximumSegmentCountWriteKey = "IOMaximumSegmentCountWrite";
	/** Maximum byte count of one segment in a read. */
	public static final String kIOMaximumSegmentByteCountReadKey = "IOMaximumSegmentByteCountRead";
	/** Maximum byte count of one segment in a write. */
	public static final String kIOMaximumSegmentByteCountWriteKey = "IOMaximumSegmentByteCountWrite";
	/** Minimum alignment of a segment in bytes. */
	public static final String kIOMinimumSegmentAlignmentByteCountKey = "IOMinimumSegmentAlignmentByteCount";
	/** Number of address bits the HBA can address. */
	public static final String kIOMaximumSegmentAddressableBitCountKey = "IOMaximumSegmentAddressableBitCount";
	/** Alignment mask of the HBA's per-task data, e.g. {@code 0x0000FFFFFFFFFFFE} for 48 bits, 2-byte aligned. */
	public static final String kIOMinimumHBADataAlignmentMaskKey = "HBA Data Alignment";
	/** Optional: true when the HBA supports full 8-byte (hierarchical) LUN addressing. */
	public static final String kIOHierarchicalLogicalUnitSupportKey = "SCSI Hierarchical Logical Unit Support";

	/** The seven keys a controller must report. */
	public static final List<String> REQUIRED_KEYS = List.of(kIOMaximumSegmentCountReadKey,
			kIOMaximumSegmentCountWriteKey, kIOMaximumSegmentByteCountReadKey, kIOMaximumSegmentByteCountWriteKey,
			kIOMinimumSegmentAlignmentByteCountKey, kIOMaximumSegmentAddressableBitCountKey,
			kIOMinimumHBADataAlignmentMaskKey);

	private HBAConstraints() {
	}
}
