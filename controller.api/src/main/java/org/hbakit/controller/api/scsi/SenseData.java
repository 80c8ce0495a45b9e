package org.hbakit.controller.api.scsi;

/**
 * Building and parsing of SCSI sense data (SPC-4 §4.5) in caller-supplied arrays.
 * <p>
 * Two formats exist. <b>Fixed format</b> (response code 70h current, 71h deferred) is 18 bytes here:
 * <pre>
 *  0  VALID(7) | RESPONSE CODE      7  ADDITIONAL SENSE LENGTH (10)   14  FRU
 *  1  obsolete                      8-11 COMMAND-SPECIFIC INFORMATION 15  SKSV(7) | SENSE KEY SPECIFIC
 *  2  FILEMARK|EOM|ILI | SENSE KEY  12 ASC                            16-17 SENSE KEY SPECIFIC
 *  3-6 INFORMATION                  13 ASCQ
 * </pre>
 * <b>Descriptor format</b> (72h current, 73h deferred) is an 8-byte header (response code, sense key, ASC,
 * ASCQ, ADDITIONAL SENSE LENGTH in byte 7) followed by descriptors; this class writes the information
 * descriptor (type 00h, 12 bytes, 64-bit INFORMATION) and the sense key specific descriptor (type 02h, 8 bytes).
 * <p>
 * For ILLEGAL REQUEST the sense key specific field can point at the offending field (SPC-4 §4.5.2.4.2):
 * SKSV=1, C/D=1 when the field is in the CDB and 0 when it is in the parameter list, BPV=1 with a BIT POINTER
 * (0-7, the most significant bit of a multi-bit field) when a bit is known, and a 16-bit FIELD POINTER to the
 * byte. This is what Linux scsi_debug's {@code mk_sense_invalid_fld} produces.
 * <p>
 * Targets call the builders with the sense buffer of the exchange they answer; initiators call the parsers on
 * the sense bytes they received. Builders write from offset 0, return the sense length and allocate nothing;
 * parsers read {@code s[0..len)} only and never throw for malformed data (they return -1 or false).
 */
public final class SenseData {
	/** Response code of fixed-format sense for a current error. */
	public static final int FIXED_CURRENT = 0x70;
	/** Response code of fixed-format sense for a deferred error. */
	public static final int FIXED_DEFERRED = 0x71;
	/** Response code of descriptor-format sense for a current error. */
	public static final int DESCRIPTOR_CURRENT = 0x72;
	/** Response code of descriptor-format sense for a deferred error. */
	public static final int DESCRIPTOR_DEFERRED = 0x73;
	/** Length of the fixed-format sense this class builds. */
	public static final int FIXED_LENGTH = 18;
	/** Length of the descriptor-format header. */
	public static final int DESCRIPTOR_HEADER_LENGTH = 8;
	/** Descriptor type of the information descriptor. */
	public static final int INFORMATION_DESCRIPTOR = 0x00;
	/** Descriptor type of the sense key specific descriptor. */
	public static final int SENSE_KEY_SPECIFIC_DESCRIPTOR = 0x02;
	/** Longest sense data this class builds (descriptor header, information and sense key specific). */
	public static final int MAX_BUILT_LENGTH = 28;

	private static final int INFORMATION_DESCRIPTOR_LENGTH = 12;
	private static final int SKS_DESCRIPTOR_LENGTH = 8;
	private static final int SKSV = 0x80;
	private static final int CD = 0x40;
	private static final int BPV = 0x08;

	private SenseData() {
	}

	// ---- fixed format ----

	/** Fixed-format sense for a current error; returns 18. */
	public static int fixed(byte[] dst, int key, int asc, int ascq) {
		require(dst, FIXED_LENGTH);
		for (int i = 0; i < FIXED_LENGTH; i++) {
			dst[i] = 0;
		}
		dst[0] = (byte) FIXED_CURRENT;
		dst[2] = (byte) (key & 0x0F);
		dst[7] = FIXED_LENGTH - 8;
		dst[12] = (byte) asc;
		dst[13] = (byte) ascq;
		return FIXED_LENGTH;
	}

	/** Fixed-format sense for {@code code}; returns 18. */
	public static int fixed(byte[] dst, SenseCode code) {
		return fixed(dst, code.key(), code.asc(), code.ascq());
	}

	/**
	 * Fixed-format sense with an INFORMATION field (e.g. the failing LBA of a medium error, the offset of a
	 * miscompare). The VALID bit is set only when {@code information} fits the 32-bit field (0..2^32-1); a larger
	 * value leaves VALID clear and the field zero, as SPC-4 requires — use descriptor format for such values.
	 * Returns 18.
	 */
	public static int fixedWithInformation(byte[] dst, int key, int asc, int ascq, long information) {
		int n = fixed(dst, key, asc, ascq);
		if (information >= 0 && information <= 0xFFFF_FFFFL) {
			dst[0] = (byte) (0x80 | FIXED_CURRENT);
			Cdb.put32(dst, 3, information);
		}
		return n;
	}

	/**
	 * Fixed-format sense with a sense key specific field pointer. {@code inCdb} sets C/D (the field is in the
	 * CDB rather than the parameter list); {@code fieldPointer} is the byte (0..65535); {@code bitPointer} is
	 * the bit (0..7), or -1 when no bit is pointed at (BPV clear). Returns 18.
	 */
	public static int fixedWithFieldPointer(byte[] dst, int key, int asc, int ascq, boolean inCdb,
			int fieldPointer, int bitPointer) {
		int n = fixed(dst, key, asc, ascq);
		writeFieldPointer(dst, 15, inCdb, fieldPointer, bitPointer);
		return n;
	}

	// ---- descriptor format ----

	/** Descriptor-format sense for a current error, header only; returns 8. */
	public static int descriptor(byte[] dst, int key, int asc, int ascq) {
		require(dst, DESCRIPTOR_HEADER_LENGTH);
		for (int i = 0; i < DESCRIPTOR_HEADER_LENGTH; i++) {
			dst[i] = 0;
		}
		dst[0] = (byte) DESCRIPTOR_CURRENT;
		dst[1] = (byte) (key & 0x0F);
		dst[2] = (byte) asc;
		dst[3] = (byte) ascq;
		return DESCRIPTOR_HEADER_LENGTH;
	}

	/** Descriptor-format sense for {@code code}; returns 8. */
	public static int descriptor(byte[] dst, SenseCode code) {
		return descriptor(dst, code.key(), code.asc(), code.ascq());
	}

	/** Descriptor-format sense with an information descriptor holding the 64-bit {@code information}; returns 20. */
	public static int descriptorWithInformation(byte[] dst, int key, int asc, int ascq, long information) {
		require(dst, DESCRIPTOR_HEADER_LENGTH + INFORMATION_DESCRIPTOR_LENGTH);
		int d = descriptor(dst, key, asc, ascq);
		dst[d] = INFORMATION_DESCRIPTOR;
		dst[d + 1] = INFORMATION_DESCRIPTOR_LENGTH - 2;
		dst[d + 2] = (byte) 0x80; // VALID
		dst[d + 3] = 0;
		Cdb.put64(dst, d + 4, information);
		dst[7] = INFORMATION_DESCRIPTOR_LENGTH;
		return d + INFORMATION_DESCRIPTOR_LENGTH;
	}

	/**
	 * Descriptor-format sense with a sense key specific descriptor holding a field pointer (see
	 * {@link #fixedWithFieldPointer}); returns 16.
	 */
	public static int descriptorWithFieldPointer(byte[] dst, int key, int asc, int ascq, boolean inCdb,
			int fieldPointer, int bitPointer) {
		require(dst, DESCRIPTOR_HEADER_LENGTH + SKS_DESCRIPTOR_LENGTH);
		int d = descriptor(dst, key, asc, ascq);
		dst[d] = SENSE_KEY_SPECIFIC_DESCRIPTOR;
		dst[d + 1] = SKS_DESCRIPTOR_LENGTH - 2;
		dst[d + 2] = 0;
		dst[d + 3] = 0;
		writeFieldPointer(dst, d + 4, inCdb, fieldPointer, bitPointer);
		dst[d + 7] = 0;
		dst[7] = SKS_DESCRIPTOR_LENGTH;
		return d + SKS_DESCRIPTOR_LENGTH;
	}

	// ---- either format ----

	/** Sense for {@code code} in descriptor format if {@code descriptorFormat}, else fixed; returns the length. */
	public static int build(byte[] dst, boolean descriptorFormat, SenseCode code) {
		return descriptorFormat ? descriptor(dst, code) : fixed(dst, code);
	}

	/** Sense for {@code code} with INFORMATION, in the chosen format; returns the length. */
	public static int withInformation(byte[] dst, boolean descriptorFormat, SenseCode code, long information) {
		return descriptorFormat
				? descriptorWithInformation(dst, code.key(), code.asc(), code.ascq(), information)
				: fixedWithInformation(dst, code.key(), code.asc(), code.ascq(), information);
	}

	/** Sense for {@code code} with a field pointer, in the chosen format; returns the length. */
	public static int withFieldPointer(byte[] dst, boolean descriptorFormat, SenseCode code, boolean inCdb,
			int fieldPointer, int bitPointer) {
		return descriptorFormat
				? descriptorWithFieldPointer(dst, code.key(), code.asc(), code.ascq(), inCdb, fieldPointer,
						bitPointer)
				: fixedWithFieldPointer(dst, code.key(), code.asc(), code.ascq(), inCdb, fieldPointer, bitPointer);
	}

	// ---- parsing ----

	/** The response code (70h-73h for sense this class understands) or -1 if {@code len} is 0. */
	public static int responseCode(byte[] s, int len) {
		return len < 1 ? -1 : s[0] & 0x7F;
	}

	/** Whether {@code s} holds descriptor-format sense (response code 72h or 73h). */
	public static boolean isDescriptorFormat(byte[] s, int len) {
		int rc = responseCode(s, len);
		return rc == DESCRIPTOR_CURRENT || rc == DESCRIPTOR_DEFERRED;
	}

	/** Whether {@code s} holds fixed-format sense (response code 70h or 71h). */
	public static boolean isFixedFormat(byte[] s, int len) {
		int rc = responseCode(s, len);
		return rc == FIXED_CURRENT || rc == FIXED_DEFERRED;
	}

	/** The sense key, or -1 if the data is too short or not sense data. */
	public static int senseKey(byte[] s, int len) {
		if (isFixedFormat(s, len)) {
			return len > 2 ? s[2] & 0x0F : -1;
		}
		if (isDescriptorFormat(s, len)) {
			return len > 1 ? s[1] & 0x0F : -1;
		}
		return -1;
	}

	/** The additional sense code, or -1 if the data is too short or not sense data. */
	public static int asc(byte[] s, int len) {
		return byteAt(s, len, 12, 2);
	}

	/** The additional sense code qualifier, or -1 if the data is too short or not sense data. */
	public static int ascq(byte[] s, int len) {
		return byteAt(s, len, 13, 3);
	}

	/**
	 * Whether the sense carries a valid INFORMATION field: the VALID bit in fixed format, a valid information
	 * descriptor in descriptor format.
	 */
	public static boolean hasInformation(byte[] s, int len) {
		if (isFixedFormat(s, len)) {
			return len >= 7 && (s[0] & 0x80) != 0;
		}
		int d = findDescriptor(s, len, INFORMATION_DESCRIPTOR);
		return d >= 0 && d + INFORMATION_DESCRIPTOR_LENGTH <= len && (s[d + 2] & 0x80) != 0;
	}

	/**
	 * The INFORMATION field (32 bits in fixed format, 64 in descriptor format), or -1 if there is none (see
	 * {@link #hasInformation}; a 64-bit value of all ones is indistinguishable, so check that first if it matters).
	 */
	public static long information(byte[] s, int len) {
		if (!hasInformation(s, len)) {
			return -1;
		}
		if (isFixedFormat(s, len)) {
			return Cdb.u32(s, 3);
		}
		return Cdb.u64(s, findDescriptor(s, len, INFORMATION_DESCRIPTOR) + 4);
	}

	/**
	 * The three sense key specific bytes as one 24-bit value (SKSV in bit 23), or -1 if absent or SKSV is clear.
	 */
	public static int senseKeySpecific(byte[] s, int len) {
		int at;
		if (isFixedFormat(s, len)) {
			at = len >= FIXED_LENGTH ? 15 : -1;
		} else {
			int d = findDescriptor(s, len, SENSE_KEY_SPECIFIC_DESCRIPTOR);
			at = d >= 0 && d + 7 <= len ? d + 4 : -1;
		}
		if (at < 0 || (s[at] & SKSV) == 0) {
			return -1;
		}
		return Cdb.u24(s, at);
	}

	/** The FIELD POINTER of a field-pointer sense key specific value, or -1 if there is none. */
	public static int fieldPointer(byte[] s, int len) {
		int sks = senseKeySpecific(s, len);
		return sks < 0 ? -1 : sks & 0xFFFF;
	}

	/** The BIT POINTER of a field-pointer sense key specific value, or -1 if there is none or BPV is clear. */
	public static int bitPointer(byte[] s, int len) {
		int sks = senseKeySpecific(s, len);
		return sks < 0 || (sks & BPV << 16) == 0 ? -1 : sks >> 16 & 0x7;
	}

	/** Whether a field pointer points into the CDB (C/D set) rather than the parameter list. */
	public static boolean fieldPointerInCdb(byte[] s, int len) {
		int sks = senseKeySpecific(s, len);
		return sks >= 0 && (sks & CD << 16) != 0;
	}

	/**
	 * Whether {@code s[0..len)} is complete, well-formed sense data: response code 70h-73h, exactly
	 * 8 + ADDITIONAL SENSE LENGTH bytes, within the array; fixed format long enough to hold ASC and ASCQ;
	 * descriptor format whose descriptors tile the additional bytes exactly. Truncated sense (e.g. cut by a small
	 * allocation length) is reported invalid; the field parsers still work on it.
	 */
	public static boolean isValid(byte[] s, int len) {
		if (s == null || len < DESCRIPTOR_HEADER_LENGTH || len > s.length) {
			return false;
		}
		int rc = s[0] & 0x7F;
		if (rc < FIXED_CURRENT || rc > DESCRIPTOR_DEFERRED) {
			return false;
		}
		int additional = s[7] & 0xFF;
		if (len != DESCRIPTOR_HEADER_LENGTH + additional) {
			return false;
		}
		if (rc <= FIXED_DEFERRED) {
			return len >= 14;
		}
		int d = DESCRIPTOR_HEADER_LENGTH;
		while (d < len) {
			if (d + 2 > len) {
				return false;
			}
			d += 2 + (s[d + 1] & 0xFF);
		}
		return d == len;
	}

	/** Offset of the first descriptor of {@code type} in descriptor-format sense, or -1. */
	public static int findDescriptor(byte[] s, int len, int type) {
		if (!isDescriptorFormat(s, len) || len < DESCRIPTOR_HEADER_LENGTH) {
			return -1;
		}
		int end = Math.min(len, DESCRIPTOR_HEADER_LENGTH + (s[7] & 0xFF));
		int d = DESCRIPTOR_HEADER_LENGTH;
		while (d + 2 <= end) {
			if ((s[d] & 0xFF) == type) {
				return d;
			}
			d += 2 + (s[d + 1] & 0xFF);
		}
		return -1;
	}

	private static int byteAt(byte[] s, int len, int fixedOffset, int descriptorOffset) {
		if (isFixedFormat(s, len)) {
			return len > fixedOffset ? s[fixedOffset] & 0xFF : -1;
		}
		if (isDescriptorFormat(s, len)) {
			return len > descriptorOffset ? s[descriptorOffset] & 0xFF : -1;
		}
		return -1;
	}

	private static void writeFieldPointer(byte[] dst, int at, boolean inCdb, int fieldPointer, int bitPointer) {
		if (fieldPointer < 0 || fieldPointer > 0xFFFF) {
			throw new IllegalArgumentException("field pointer " + fieldPointer + " outside 0..65535");
		}
		if (bitPointer < -1 || bitPointer > 7) {
			throw new IllegalArgumentException("bit pointer " + bitPointer + " outside -1..7");
		}
		int b = SKSV | (inCdb ? CD : 0);
		if (bitPointer >= 0) {
			b |= BPV | bitPointer;
		}
		dst[at] = (byte) b;
		Cdb.put16(dst, at + 1, fieldPointer);
	}

	private static void require(byte[] dst, int n) {
		if (dst.length < n) {
			throw new IllegalArgumentException("sense array of " + dst.length + " bytes is shorter than " + n);
		}
	}
}
