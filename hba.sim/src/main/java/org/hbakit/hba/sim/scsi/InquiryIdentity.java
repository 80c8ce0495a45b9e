package org.hbakit.hba.sim.scsi;

import java.util.Objects;

/**
 * The identification strings of a simulated logical unit, as standard INQUIRY (T10 VENDOR IDENTIFICATION,
 * PRODUCT IDENTIFICATION, PRODUCT REVISION LEVEL) and the unit serial number VPD page report them: printable ASCII,
 * at most 8, 16, 4 and 64 characters, padded with spaces on the wire.
 *
 * @param vendor the T10 vendor identification, 1..8 characters
 * @param product the product identification, 1..16 characters
 * @param revision the product revision level, 1..4 characters
 * @param serial the unit serial number, 1..64 characters
 */
public record InquiryIdentity(String vendor, String product, String revision, String serial) {
	/**
	 * Validates the strings.
	 *
	 * @throws IllegalArgumentException naming the field, if one is empty, too long or not printable ASCII
	 */
	public InquiryIdentity {
		check("vendor", vendor, 8);
		check("product", product, 16);
		check("revision", revision, 4);
		check("serial", serial, 64);
	}

	private static void check(String what, String value, int max) {
		Objects.requireNonNull(value, what);
		if (value.isEmpty() || value.length() > max) {
			throw new IllegalArgumentException(what + " '" + value + "' must have 1.." + max + " characters");
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7E) {
				throw new IllegalArgumentException(what + " '" + value + "' is not printable ASCII");
			}
		}
	}

	/** Writes {@code s} left-aligned and space-padded to {@code width} bytes at {@code dst[at]}. */
	static void putAscii(byte[] dst, int at, String s, int width) {
		for (int i = 0; i < width; i++) {
			dst[at + i] = (byte) (i < s.length() ? s.charAt(i) : ' ');
		}
	}
}
