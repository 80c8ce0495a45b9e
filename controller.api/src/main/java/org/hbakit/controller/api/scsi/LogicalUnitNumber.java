package org.hbakit.controller.api.scsi;

/**
 * Encoding of logical unit numbers in the 8-byte LUN field (SAM-5 §4.7), as DriverKit's
 * {@code SCSILogicalUnitBytes} and REPORT LUNS carry them.
 * <p>
 * Single-level LUNs use the first two bytes; the other six are zero. Byte 0 bits 7-6 are the ADDRESS METHOD:
 * <ul>
 * <li>00b peripheral device addressing: byte 0 bits 5-0 are the BUS IDENTIFIER (0 for a logical unit of this
 * target), byte 1 the LUN, 0..255;</li>
 * <li>01b flat space addressing: byte 0 bits 5-0 and byte 1 form a 14-bit LUN, 0..16383;</li>
 * <li>11b extended addressing; {@code C1 nn} is the well-known logical unit {@code nn}, e.g.
 * {@code C1 01} the REPORT LUNS well-known logical unit (W-LUN).</li>
 * </ul>
 * {@link #encode} picks peripheral addressing below 256 and flat addressing above, as QEMU and Linux do.
 * {@link #decode} gives an {@code int}: 0..16383 for a single-level peripheral or flat LUN,
 * {@code 0xC100 | nn} for a well-known logical unit (never colliding with ordinary LUNs), and -1 for anything else
 * (another address method, a non-zero bus identifier, or non-zero second to fourth levels).
 * <p>
 * Used by HBAs to decode the LUN of a request and by targets to encode REPORT LUNS lists. The caller owns the
 * arrays; nothing allocates.
 */
public final class LogicalUnitNumber {
	/** Largest LUN with peripheral device addressing. */
	public static final int MAX_PERIPHERAL = 0xFF;
	/** Largest LUN with flat space addressing. */
	public static final int MAX_FLAT = 0x3FFF;
	/** The REPORT LUNS well-known logical unit, as {@link #decode} returns it (bytes {@code C1 01}). */
	public static final int REPORT_LUNS_WELL_KNOWN_LUN = 0xC101;
	/** Byte 0 of a well-known logical unit: extended addressing, length 00b, extended address method 1h. */
	public static final int WELL_KNOWN_PREFIX = 0xC1;
	/** Number of bytes of a LUN field. */
	public static final int LENGTH = 8;

	private LogicalUnitNumber() {
	}

	/**
	 * Writes the 8-byte form of {@code lun} at {@code dst[off]}: peripheral addressing for 0..255, flat addressing
	 * for 256..16383, and the well-known form for {@code 0xC1nn}.
	 *
	 * @throws IllegalArgumentException for any other value
	 */
	public static void encode(int lun, byte[] dst, int off) {
		if (lun >= 0 && lun <= MAX_PERIPHERAL) {
			encodePeripheral(lun, dst, off);
		} else if (lun > MAX_PERIPHERAL && lun <= MAX_FLAT) {
			encodeFlat(lun, dst, off);
		} else if (isWellKnown(lun)) {
			write(dst, off, WELL_KNOWN_PREFIX, lun & 0xFF);
		} else {
			throw new IllegalArgumentException("LUN " + lun + " cannot be encoded");
		}
	}

	/** Writes {@code lun} (0..255) with peripheral device addressing, bus identifier 0. */
	public static void encodePeripheral(int lun, byte[] dst, int off) {
		if (lun < 0 || lun > MAX_PERIPHERAL) {
			throw new IllegalArgumentException("LUN " + lun + " outside 0..255 for peripheral addressing");
		}
		write(dst, off, 0x00, lun);
	}

	/** Writes {@code lun} (0..16383) with flat space addressing. */
	public static void encodeFlat(int lun, byte[] dst, int off) {
		if (lun < 0 || lun > MAX_FLAT) {
			throw new IllegalArgumentException("LUN " + lun + " outside 0..16383 for flat addressing");
		}
		write(dst, off, 0x40 | lun >> 8, lun & 0xFF);
	}

	/** The 8-byte form of {@code lun} (as {@link #encode}) as a big-endian long (byte 0 most significant). */
	public static long encode(int lun) {
		if (lun >= 0 && lun <= MAX_PERIPHERAL) {
			return (long) lun << 48;
		}
		if (lun > MAX_PERIPHERAL && lun <= MAX_FLAT) {
			return (long) (0x40 | lun >> 8) << 56 | (long) (lun & 0xFF) << 48;
		}
		if (isWellKnown(lun)) {
			return (long) WELL_KNOWN_PREFIX << 56 | (long) (lun & 0xFF) << 48;
		}
		throw new IllegalArgumentException("LUN " + lun + " cannot be encoded");
	}

	/** The 8 bytes at {@code b[off]} as a big-endian long, byte 0 most significant. */
	public static long toLong(byte[] b, int off) {
		return Cdb.u64(b, off);
	}

	/** Writes the big-endian long {@code lunBytes} as 8 bytes at {@code dst[off]}. */
	public static void fromLong(long lunBytes, byte[] dst, int off) {
		Cdb.put64(dst, off, lunBytes);
	}

	/** Decodes the 8 bytes at {@code b[off]}; see the class description for the result. */
	public static int decode(byte[] b, int off) {
		return decode(toLong(b, off));
	}

	/** Decodes the big-endian long form of a LUN field; see the class description for the result. */
	public static int decode(long lunBytes) {
		if ((lunBytes & 0x0000_FFFF_FFFF_FFFFL) != 0) {
			return -1; // a second, third or fourth level
		}
		int b0 = (int) (lunBytes >>> 56) & 0xFF;
		int b1 = (int) (lunBytes >>> 48) & 0xFF;
		switch (b0 >> 6) {
			case 0:
				return (b0 & 0x3F) == 0 ? b1 : -1; // a non-zero bus identifier addresses another bus
			case 1:
				return (b0 & 0x3F) << 8 | b1;
			default:
				return b0 == WELL_KNOWN_PREFIX ? 0xC100 | b1 : -1;
		}
	}

	/** Whether {@code lun}, as {@link #decode} returns it, is a well-known logical unit ({@code 0xC1nn}). */
	public static boolean isWellKnown(int lun) {
		return (lun & ~0xFF) == 0xC100;
	}

	private static void write(byte[] dst, int off, int b0, int b1) {
		if (off < 0 || off > dst.length - LENGTH) {
			throw new IllegalArgumentException("8 LUN bytes do not fit at " + off + " of " + dst.length);
		}
		dst[off] = (byte) b0;
		dst[off + 1] = (byte) b1;
		for (int i = 2; i < LENGTH; i++) {
			dst[off + i] = 0;
		}
	}
}
