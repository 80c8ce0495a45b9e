package org.hbakit.controller.api;

/** DriverKit's {@code DMAOutputSegmentType}: the size and endianness of the hardware's DMA segments. */
public final class DMAOutputSegmentType {
	/** 32-bit segments in host byte order. */
	public static final int HOST_32 = 0;
	/** 32-bit big-endian segments. */
	public static final int BIG_32 = 1;
	/** 32-bit little-endian segments. */
	public static final int LITTLE_32 = 2;
	/** 64-bit segments in host byte order. */
	public static final int HOST_64 = 3;
	/** 64-bit big-endian segments. */
	public static final int BIG_64 = 4;
	/** 64-bit little-endian segments. */
	public static final int LITTLE_64 = 5;

	private DMAOutputSegmentType() {
	}
}
