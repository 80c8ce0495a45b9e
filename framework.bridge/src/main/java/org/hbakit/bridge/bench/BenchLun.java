package org.hbakit.bridge.bench;

import java.util.Comparator;

import org.hbakit.controller.api.client.SCSILogicalUnit;

/**
 * One logical unit offered to the runner, with the identity it was published under.
 *
 * @param unit        the logical unit service
 * @param name        its unit name ({@code hba0:0:1})
 * @param hbaLocation the PCI location of its HBA (what {@link Swapper} and {@link PathSwitcher} take)
 * @param hbaName     its HBA's short name
 * @param nullUnit    whether it is published with {@code scsi.null=true} (moves no data)
 */
public record BenchLun(SCSILogicalUnit unit, String name, String hbaLocation, String hbaName, boolean nullUnit) {
	/** Unit names in natural order: digit runs compare as numbers, so {@code hba2} sorts before {@code hba10}. */
	public static final Comparator<String> NAME_ORDER = BenchLun::compareNatural;

	/** Logical block length. */
	public int blockSize() {
		return unit.blockSize();
	}

	/** Number of logical blocks. */
	public long blockCount() {
		return unit.blockCount();
	}

	static int compareNatural(String a, String b) {
		int i = 0;
		int j = 0;
		while (i < a.length() && j < b.length()) {
			char ca = a.charAt(i);
			char cb = b.charAt(j);
			if (Character.isDigit(ca) && Character.isDigit(cb)) {
				int si = i;
				int sj = j;
				while (i < a.length() && Character.isDigit(a.charAt(i))) {
					i++;
				}
				while (j < b.length() && Character.isDigit(b.charAt(j))) {
					j++;
				}
				String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
				String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
				int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
				if (c != 0) {
					return c;
				}
			} else {
				if (ca != cb) {
					return Character.compare(ca, cb);
				}
				i++;
				j++;
			}
		}
		return Integer.compare(a.length() - i, b.length() - j);
	}
}
