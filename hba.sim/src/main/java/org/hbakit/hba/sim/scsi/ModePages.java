package org.hbakit.hba.sim.scsi;

/**
 * The mode pages of a simulated disk: read-write error recovery (01h, SBC-3 §6.4.9), caching (08h, SBC-3
 * §6.4.5, WCE) and control (0Ah, SPC-4 §7.5.7, D_SENSE). Immutable: MODE SELECT and management changes build a new
 * instance and publish it through a volatile field, so the I/O path reads the write-cache and sense-format
 * switches with one load. Saved values, where the device keeps them, live in {@link SavedModePages}.
 */
final class ModePages {
	static final int RW_ERROR_RECOVERY = 0x01;
	static final int CACHING = 0x08;
	static final int CONTROL = 0x0A;
	/** Supported page codes, ascending (the order of "all pages"). */
	static final int[] CODES = { RW_ERROR_RECOVERY, CACHING, CONTROL };

	private static final int WCE = 0x04;
	private static final int D_SENSE = 0x04;

	/** AWRE, ARRE; READ RETRY COUNT 11; RECOVERY TIME LIMIT FFFFh (scsi_debug's values). */
	private static final byte[] RW_DEFAULT = bytes(0x01, 0x0A, 0xC0, 0x0B, 0xF0, 0, 0, 0, 0x05, 0, 0xFF, 0xFF);
	/** AWRE/ARRE and the retry counts may change; they are recorded but steer nothing. */
	private static final byte[] RW_CHANGEABLE = bytes(0x01, 0x0A, 0xC0, 0xFF, 0, 0, 0, 0, 0xFF, 0, 0, 0);
	/** WCE per configuration; prefetch limits FFFFh; FSW; 20 cache segments. */
	private static final byte[] CACHING_DEFAULT = bytes(0x08, 0x12, 0x00, 0, 0xFF, 0xFF, 0, 0, 0xFF, 0xFF, 0xFF,
			0xFF, 0x80, 0x14, 0, 0, 0, 0, 0, 0);
	private static final byte[] CACHING_CHANGEABLE = bytes(0x08, 0x12, WCE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0, 0, 0, 0);
	/** GLTSD; QUEUE ALGORITHM MODIFIER 1 (unrestricted reordering); fixed-format sense. */
	private static final byte[] CONTROL_DEFAULT = bytes(0x0A, 0x0A, 0x02, 0x10, 0, 0, 0, 0, 0, 0, 0, 0);
	private static final byte[] CONTROL_CHANGEABLE = bytes(0x0A, 0x0A, D_SENSE, 0, 0, 0, 0, 0, 0, 0, 0, 0);

	private final byte[] rw;
	private final byte[] caching;
	private final byte[] control;
	/** Cached switches for the I/O path. */
	final boolean writeCacheEnabled;
	final boolean descriptorSense;

	private ModePages(byte[] rw, byte[] caching, byte[] control) {
		this.rw = rw;
		this.caching = caching;
		this.control = control;
		this.writeCacheEnabled = (caching[2] & WCE) != 0;
		this.descriptorSense = (control[2] & D_SENSE) != 0;
	}

	/** The power-on pages with the given write cache setting. */
	static ModePages defaults(boolean writeCacheEnabled) {
		byte[] c = CACHING_DEFAULT.clone();
		c[2] = (byte) (writeCacheEnabled ? WCE : 0);
		return new ModePages(RW_DEFAULT.clone(), c, CONTROL_DEFAULT.clone());
	}

	/** These pages with WCE set or cleared. */
	ModePages withWriteCache(boolean enabled) {
		byte[] c = caching.clone();
		c[2] = (byte) (enabled ? c[2] | WCE : c[2] & ~WCE);
		return new ModePages(rw, c, control);
	}

	/** These pages with page {@code code} replaced by {@code page} (full page, header included; copied). */
	ModePages with(int code, byte[] page, int offset) {
		byte[] p = new byte[length(code)];
		System.arraycopy(page, offset, p, 0, p.length);
		p[0] = (byte) code; // PS is not stored
		return switch (code) {
			case RW_ERROR_RECOVERY -> new ModePages(p, caching, control);
			case CACHING -> new ModePages(rw, p, control);
			default -> new ModePages(rw, caching, p);
		};
	}

	static boolean supported(int code) {
		return code == RW_ERROR_RECOVERY || code == CACHING || code == CONTROL;
	}

	/** The full length of page {@code code}, header included. */
	static int length(int code) {
		return code == CACHING ? CACHING_DEFAULT.length : RW_DEFAULT.length;
	}

	/** The changeable mask of page {@code code}; do not modify. */
	static byte[] changeable(int code) {
		return switch (code) {
			case RW_ERROR_RECOVERY -> RW_CHANGEABLE;
			case CACHING -> CACHING_CHANGEABLE;
			default -> CONTROL_CHANGEABLE;
		};
	}

	/** The current value of page {@code code}; do not modify. */
	byte[] page(int code) {
		return switch (code) {
			case RW_ERROR_RECOVERY -> rw;
			case CACHING -> caching;
			default -> control;
		};
	}

	/**
	 * Copies page {@code code} as page control {@code pc} asks (0 current, 1 changeable, 2 default from
	 * {@code defaults}, 3 saved from {@code saved}) to {@code dst[at]}, with PS set when the device saves pages;
	 * returns the new end.
	 */
	int copy(int code, int pc, ModePages defaults, ModePages saved, boolean saveable, byte[] dst, int at) {
		byte[] src = switch (pc) {
			case 1 -> changeable(code);
			case 2 -> defaults.page(code);
			case 3 -> saved.page(code);
			default -> page(code);
		};
		System.arraycopy(src, 0, dst, at, src.length);
		if (saveable) {
			dst[at] |= (byte) 0x80;
		}
		return at + src.length;
	}

	private static byte[] bytes(int... v) {
		byte[] b = new byte[v.length];
		for (int i = 0; i < v.length; i++) {
			b[i] = (byte) v[i];
		}
		return b;
	}
}
