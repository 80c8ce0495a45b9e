package org.hbakit.bridge.engine;

import org.hbakit.controller.api.scsi.LogicalUnitNumber;

/**
 * How the framework numbers and names the logical units REPORT LUNS lists (SAM-5 §4.7: an 8-byte LUN field of four
 * 2-byte levels, first level first).
 * <ul>
 * <li>A single-level LUN (levels 2–4 zero; peripheral, flat or well-known addressing) is its LUN number,
 * {@link LogicalUnitNumber#decode}: 0..16383, as before; named {@code <hba>:<target>:<number>}.</li>
 * <li>A hierarchical LUN (any of levels 2–4 non-zero), published only when the controller reports
 * {@code kIOHierarchicalLogicalUnitSupportKey} true, is numbered as Linux numbers LUNs
 * ({@code scsilun_to_int}): level 1 in bits 0–15, level 2 in bits 16–31, level 3 in 32–47, level 4 in 48–63, each
 * level's two bytes as they stand (address method included). That number is always 65536 or more, so it never
 * collides with a single-level one. It is named by its levels in hex, trailing zero levels left out:
 * {@code <hba>:<target>:0001-0002} for {@code 00 01 00 02 00 00 00 00}.</li>
 * </ul>
 */
public final class LunAddress {
	/** Single-level LUN numbers are below this; hierarchical ones at or above it. */
	public static final long FIRST_HIERARCHICAL = 1L << 16;

	private LunAddress() {
	}

	/** Whether the LUN field has more than one level (levels 2–4 not all zero). */
	public static boolean isHierarchical(long lunBytes) {
		return (lunBytes & 0x0000_FFFF_FFFF_FFFFL) != 0;
	}

	/** The number of a hierarchical LUN field (see the class description). */
	public static long hierarchicalNumber(long lunBytes) {
		long n = 0;
		for (int level = 0; level < 4; level++) {
			n |= level(lunBytes, level) << (16 * level);
		}
		return n;
	}

	/** The name part of a LUN: its number if single-level, its levels in hex otherwise. */
	public static String label(long number, long lunBytes) {
		if (!isHierarchical(lunBytes)) {
			return Long.toString(number);
		}
		int last = 3;
		while (level(lunBytes, last) == 0) {
			last--;
		}
		StringBuilder b = new StringBuilder();
		for (int level = 0; level <= last; level++) {
			b.append(level == 0 ? "" : "-").append(String.format("%04x", level(lunBytes, level)));
		}
		return b.toString();
	}

	/** Level {@code 0..3} of the field (byte 0 most significant). */
	private static long level(long lunBytes, int level) {
		return lunBytes >>> (48 - 16 * level) & 0xFFFF;
	}
}
