package org.hbakit.hba.sim.scsi;

/**
 * The fixed geometry and limits of a {@link SimulatedDisk}, validated by its builder. Immutable; read by the command
 * handlers and by {@link DiskInquiry} to encode READ CAPACITY and the block limits and provisioning VPD pages.
 */
final class DiskConfig {
	final int blockSize;
	final int blockShift;
	final long wwn;
	final boolean removable;
	/** UNMAP supported (LBPU). */
	final boolean lbpu;
	/** WRITE SAME(16) with UNMAP supported (LBPWS). */
	final boolean lbpws;
	/** WRITE SAME(10) with UNMAP supported (LBPWS10). */
	final boolean lbpws10;
	/** Logical block provisioning management enabled (LBPME): the store releases unmapped blocks. */
	final boolean lbpme;
	/** Unmapped blocks read as zeros (LBPRZ). */
	final boolean lbprz;
	final int physicalBlockExponent;
	final long maxTransferBlocks;
	final long optimalTransferBlocks;
	final long maxUnmapBlocks;
	final long maxUnmapDescriptors;
	final long maxWriteSameBlocks;
	final int maxCompareAndWriteBlocks;
	final long unmapGranularityBlocks;

	DiskConfig(int blockSize, long wwn, boolean removable, boolean thin, boolean lbpu, boolean lbpws,
			boolean lbpws10, boolean storeUnmaps, boolean storeReadsZero, int storeGranularity,
			int physicalBlockExponent, long maxTransferBlocks, long optimalTransferBlocks, long maxUnmapBlocks,
			long maxUnmapDescriptors, long maxWriteSameBlocks, int maxCompareAndWriteBlocks) {
		this.blockSize = blockSize;
		this.blockShift = Integer.numberOfTrailingZeros(blockSize);
		this.wwn = wwn;
		this.removable = removable;
		this.lbpme = thin && storeUnmaps;
		this.lbpu = lbpme && lbpu;
		this.lbpws = lbpme && lbpws;
		this.lbpws10 = lbpme && lbpws10;
		this.lbprz = lbpme && storeReadsZero;
		this.physicalBlockExponent = physicalBlockExponent;
		this.maxTransferBlocks = maxTransferBlocks;
		this.optimalTransferBlocks = optimalTransferBlocks;
		this.maxUnmapBlocks = this.lbpu ? maxUnmapBlocks : 0;
		this.maxUnmapDescriptors = this.lbpu ? maxUnmapDescriptors : 0;
		this.maxWriteSameBlocks = maxWriteSameBlocks;
		this.maxCompareAndWriteBlocks = maxCompareAndWriteBlocks;
		this.unmapGranularityBlocks = lbpme ? Math.max(1, storeGranularity >> blockShift) : 0;
	}
}
