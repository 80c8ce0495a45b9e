package org.hbakit.controller.api;

/**
 * The out parameters of {@code UserGetDMASpecification}: the framework passes an instance to
 * {@link IOUserSCSIParallelInterfaceController#userGetDMASpecification(DMASpecification)} and the controller
 * sets its fields. Defaults are the kext's ({@code InitializeDMASpecification}): 1 MiB transfers, 4-byte
 * alignment, 32 address bits, {@link DMAOutputSegmentType#HOST_32}.
 */
public final class DMASpecification {
	private long maxTransferSize = 1L << 20;
	private int alignment = 4;
	private int numAddressBits = 32;
	private int segmentType = DMAOutputSegmentType.HOST_32;

	/** The largest transfer in bytes one task may request. */
	public long maxTransferSize() {
		return maxTransferSize;
	}

	/** Sets the largest transfer in bytes; must be positive. */
	public DMASpecification setMaxTransferSize(long maxTransferSize) {
		this.maxTransferSize = maxTransferSize;
		return this;
	}

	/** The required alignment of DMA addresses in bytes (a power of two). */
	public int alignment() {
		return alignment;
	}

	/** Sets the required alignment in bytes. */
	public DMASpecification setAlignment(int alignment) {
		this.alignment = alignment;
		return this;
	}

	/** The number of address bits the hardware uses on its internal bus (uint8). */
	public int numAddressBits() {
		return numAddressBits;
	}

	/** Sets the number of address bits (1..64). */
	public DMASpecification setNumAddressBits(int numAddressBits) {
		this.numAddressBits = numAddressBits;
		return this;
	}

	/** The {@link DMAOutputSegmentType} value. */
	public int segmentType() {
		return segmentType;
	}

	/** Sets the {@link DMAOutputSegmentType} value. */
	public DMASpecification setSegmentType(int segmentType) {
		this.segmentType = segmentType;
		return this;
	}

	/** Whether the values are usable: positive size, power-of-two alignment, 1..64 bits, a known segment type. */
	public boolean isValid() {
		return maxTransferSize > 0 && alignment > 0 && Integer.bitCount(alignment) == 1 && numAddressBits >= 1
				&& numAddressBits <= 64 && segmentType >= DMAOutputSegmentType.HOST_32
				&& segmentType <= DMAOutputSegmentType.LITTLE_64;
	}

	@Override
	public String toString() {
		return "DMASpecification[maxTransferSize=" + maxTransferSize + ", alignment=" + alignment + ", numAddressBits="
				+ numAddressBits + ", segmentType=" + segmentType + "]";
	}
}
