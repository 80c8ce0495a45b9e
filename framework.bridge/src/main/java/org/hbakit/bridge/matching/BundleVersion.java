package org.hbakit.bridge.matching;

import java.util.Comparator;

/**
 * OSGi bundle versions compared as the framework compares them ({@code major.minor.micro.qualifier}: the numbers
 * numerically, the qualifier as text; missing parts are 0 and the empty qualifier), without an OSGi type. Text that
 * is not a version sorts below every version, then by itself, so a bad header never wins over a good one.
 */
public final class BundleVersion {
	/** Lower versions first. */
	public static final Comparator<String> ORDER = BundleVersion::compare;

	private BundleVersion() {
	}

	/** Negative, zero or positive as {@code a} is lower than, equal to or higher than {@code b}. */
	public static int compare(String a, String b) {
		Object[] x = parse(a);
		Object[] y = parse(b);
		if (x == null || y == null) {
			return x == null && y == null ? a.compareTo(b) : x == null ? -1 : 1;
		}
		for (int i = 0; i < 3; i++) {
			int c = Integer.compare((Integer) x[i], (Integer) y[i]);
			if (c != 0) {
				return c;
			}
		}
		return ((String) x[3]).compareTo((String) y[3]);
	}

	/** Whether {@code a} and {@code b} name the same version ({@code 1.0} and {@code 1.0.0} do). */
	public static boolean same(String a, String b) {
		return compare(a, b) == 0;
	}

	private static Object[] parse(String text) {
		String[] parts = text.strip().split("\\.", 4);
		Object[] out = { 0, 0, 0, "" };
		try {
			for (int i = 0; i < parts.length; i++) {
				if (i == 3) {
					out[3] = parts[3];
				} else {
					int n = Integer.parseInt(parts[i]);
					if (n < 0) {
						return null;
					}
					out[i] = n;
				}
			}
		} catch (NumberFormatException e) {
			return null;
		}
		return out;
	}
}
