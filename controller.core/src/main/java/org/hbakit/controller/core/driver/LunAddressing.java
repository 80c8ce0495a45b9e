package org.hbakit.controller.core.driver;

/**
 * Converts between the 8 SAM LUN bytes a task carries and the LUN number the HBA's TMF register takes (24 bits).
 * DriverKit's task-management calls pass {@code theL} as a 64-bit value; the framework may pass either the LUN
 * number or the SAM bytes read as a big-endian number, so both are accepted: a value above 24 bits is decoded as
 * SAM bytes.
 */
final class LunAddressing {
	private LunAddressing() {
	}

	/**
	 * The LUN number of the first addressing level of SAM LUN bytes (byte 0 most significant): peripheral device
	 * addressing (method 00b) gives byte 1, flat space addressing (01b) gives the 14-bit number.
	 */
	static long numberOf(long samBytes) {
		int b0 = (int) (samBytes >>> 56) & 0xFF;
		int b1 = (int) (samBytes >>> 48) & 0xFF;
		return switch (b0 >>> 6) {
			case 0 -> b1 | ((long) (b0 & 0x3F) << 8); // peripheral: bus number in b0 bits 5:0 (0 for us)
			case 1 -> ((long) (b0 & 0x3F) << 8) | b1; // flat space
			default -> -1;
		};
	}

	/** {@code theL} as the 24-bit LUN number for the TMF register; -1 if it cannot be expressed. */
	static long tmfLun(long theL) {
		long n = theL > 0xFF_FFFFL || theL < 0 ? numberOf(theL) : theL;
		return n >= 0 && n <= 0xFF_FFFFL ? n : -1;
	}

	/** Whether a task's SAM LUN bytes address {@code theL} (a LUN number or SAM bytes). */
	static boolean matches(long samBytes, long theL) {
		return samBytes == theL || numberOf(samBytes) == tmfLun(theL);
	}
}
