package org.hbakit.iscsi.text;

/**
 * What the target offers in operational negotiation: the values it would choose on its own side of each
 * negotiated key. The defaults favour throughput (unsolicited and immediate data, large bursts) within a bounded
 * memory per connection (MaxRecvDataSegmentLength bounds one PDU).
 *
 * @param maxRecvDataSegmentLength the most data we accept in one PDU (declared)
 * @param maxBurstLength           our MaxBurstLength
 * @param firstBurstLength         our FirstBurstLength
 * @param initialR2T               our InitialR2T (No lets the initiator send unsolicited Data-Out)
 * @param immediateData            our ImmediateData
 * @param maxOutstandingR2T        our MaxOutstandingR2T
 * @param maxConnections           our MaxConnections
 */
public record TargetLimits(int maxRecvDataSegmentLength, int maxBurstLength, int firstBurstLength,
		boolean initialR2T, boolean immediateData, int maxOutstandingR2T, int maxConnections) {
	/** The front door's values. */
	public static final TargetLimits DEFAULT = new TargetLimits(262_144, 1 << 20, 262_144, false, true, 4, 1);
}
