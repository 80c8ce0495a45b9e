package org.hbakit.controller.api;

/**
 * DriverKit's {@code SCSIParallelFeature}, {@code SCSIParallelFeatureRequest} and
 * {@code SCSIParallelFeatureResult} values. A task carries one request per feature
 * ({@link SCSIUserParallelTask#featureRequest(int)}) and the response one result per feature.
 */
public final class SCSIParallelFeature {
	/** Wide (16-bit) data transfers; Wide32 is obsolete since SPI-3. */
	public static final int WIDE_DATA_TRANSFER = 0;
	/** Synchronous data transfers. */
	public static final int SYNCHRONOUS_DATA_TRANSFER = 1;
	/** Quick arbitration and selection. */
	public static final int QUICK_ARBITRATION_AND_SELECTION = 2;
	/** Double transition data transfers. */
	public static final int DOUBLE_TRANSITION_DATA_TRANSFERS = 3;
	/** Information unit transfers. */
	public static final int INFORMATION_UNIT_TRANSFERS = 4;
	/** Number of features: the length of the request and result arrays. */
	public static final int TOTAL_FEATURE_COUNT = 5;

	/** Request: do not negotiate the feature. */
	public static final int REQUEST_NO_NEGOTIATION = 0;
	/** Request: attempt to negotiate the feature. */
	public static final int REQUEST_ATTEMPT_NEGOTIATION = 1;
	/** Request: clear a negotiated feature. */
	public static final int REQUEST_CLEAR_NEGOTIATION = 2;

	/** Result: negotiation unchanged (DriverKit spells it {@code NegotitiationUnchanged}). */
	public static final int RESULT_NEGOTIATION_UNCHANGED = 0;
	/** Result: negotiation cleared. */
	public static final int RESULT_NEGOTIATION_CLEARED = 1;
	/** Result: negotiation succeeded. */
	public static final int RESULT_NEGOTIATION_SUCCESS = 2;

	private SCSIParallelFeature() {
	}
}
