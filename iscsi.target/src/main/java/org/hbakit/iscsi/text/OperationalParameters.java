package org.hbakit.iscsi.text;

/**
 * The operational parameters of one session and its connection (RFC 7143 §13), starting at the RFC's defaults and
 * changed by {@link KeyNegotiator} during login. After login the connection reads them on its event loop only.
 */
public final class OperationalParameters {
	/** RFC default and the value during login of MaxRecvDataSegmentLength. */
	public static final int DEFAULT_MAX_RECV_DATA_SEGMENT_LENGTH = 8192;
	/** Largest MaxRecvDataSegmentLength, MaxBurstLength and FirstBurstLength (2^24 - 1). */
	public static final int MAX_LENGTH = 0xFF_FFFF;

	public boolean headerDigest;
	public boolean dataDigest;
	/** What the initiator declared it receives: the most data we may put in one PDU. */
	public int initiatorMaxRecvDataSegmentLength = DEFAULT_MAX_RECV_DATA_SEGMENT_LENGTH;
	/** What we declared we receive. */
	public int targetMaxRecvDataSegmentLength = DEFAULT_MAX_RECV_DATA_SEGMENT_LENGTH;
	public int maxConnections = 1;
	public boolean initialR2T = true;
	public boolean immediateData = true;
	public int maxBurstLength = 262_144;
	public int firstBurstLength = 65_536;
	public int defaultTime2Wait = 2;
	public int defaultTime2Retain = 20;
	public int maxOutstandingR2T = 1;
	public boolean dataPDUInOrder = true;
	public boolean dataSequenceInOrder = true;
	public int errorRecoveryLevel;

	@Override
	public String toString() {
		return "HeaderDigest=" + (headerDigest ? "CRC32C" : "None") + " DataDigest=" + (dataDigest ? "CRC32C" : "None")
				+ " MaxRecvDataSegmentLength=" + initiatorMaxRecvDataSegmentLength + "/" + targetMaxRecvDataSegmentLength
				+ " InitialR2T=" + yesNo(initialR2T) + " ImmediateData=" + yesNo(immediateData) + " MaxBurstLength="
				+ maxBurstLength + " FirstBurstLength=" + firstBurstLength + " MaxOutstandingR2T=" + maxOutstandingR2T
				+ " ErrorRecoveryLevel=" + errorRecoveryLevel;
	}

	static String yesNo(boolean b) {
		return b ? "Yes" : "No";
	}
}
