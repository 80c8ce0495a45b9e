package org.hbakit.bridge.bench;

import java.util.Locale;

/** The {@code --rw} access pattern, named as in fio. */
public enum RwMode {
	/** Random reads. */
	RANDREAD(true, false, true),
	/** Random writes. */
	RANDWRITE(false, true, true),
	/** Random reads and writes, {@code --rwmix} percent reads. */
	RANDRW(true, true, true),
	/** Sequential reads (wrapping at the end of the range). */
	READ(true, false, false),
	/** Sequential writes (wrapping at the end of the range). */
	WRITE(false, true, false);

	private final boolean reads;
	private final boolean writes;
	private final boolean random;

	RwMode(boolean reads, boolean writes, boolean random) {
		this.reads = reads;
		this.writes = writes;
		this.random = random;
	}

	/** Whether the mode issues reads. */
	public boolean reads() {
		return reads;
	}

	/** Whether the mode issues writes. */
	public boolean writes() {
		return writes;
	}

	/** Whether block addresses are random (otherwise sequential). */
	public boolean random() {
		return random;
	}

	/** The option value, e.g. {@code randread}. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The mode named {@code value}.
	 *
	 * @throws IllegalArgumentException for any other value
	 */
	public static RwMode parse(String value) {
		for (RwMode m : values()) {
			if (m.label().equals(value)) {
				return m;
			}
		}
		throw new IllegalArgumentException(
				"--rw " + value + ": expected one of randread, randwrite, randrw, read, write");
	}
}
