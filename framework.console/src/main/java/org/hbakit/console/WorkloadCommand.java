package org.hbakit.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A read workload as the workload action takes it, turned into the platform's {@code hba:bench} command (options
 * in docs/benchmarks.md), so an operator can watch the live view move without a shell. Reads only: the console
 * never writes to a disk.
 *
 * @param rw        {@code randread} or {@code read}
 * @param bs        block size, one of {@link #BLOCK_SIZES}
 * @param qd        requests in flight, 1..256
 * @param seconds   duration, 1..600
 * @param luns      {@code hba:bench --luns} selection, or null for every unit with data
 * @param nullUnits whether to run on the null units instead ({@code --null})
 */
record WorkloadCommand(String rw, String bs, int qd, int seconds, String luns, boolean nullUnits) {
	/** The block sizes offered. */
	static final Set<String> BLOCK_SIZES = Set.of("512", "4k", "8k", "16k", "64k", "128k");
	private static final Set<String> MODES = Set.of("randread", "read");
	private static final Pattern LUNS = Pattern.compile("[A-Za-z0-9_:,-]{1,200}");

	/**
	 * Parses the action's parameters; null or empty ones take the defaults ({@code randread}, {@code 4k}, 16, 30 s).
	 *
	 * @throws IllegalArgumentException naming the parameter that is out of range
	 */
	static WorkloadCommand parse(String rw, String bs, String qd, String seconds, String luns, String nullUnits) {
		String mode = blank(rw) ? "randread" : rw.trim();
		if (!MODES.contains(mode)) {
			throw new IllegalArgumentException("rw '" + rw + "': the console runs randread or read workloads");
		}
		String size = blank(bs) ? "4k" : bs.trim();
		if (!BLOCK_SIZES.contains(size)) {
			throw new IllegalArgumentException("bs '" + bs + "': expected one of 512, 4k, 8k, 16k, 64k, 128k");
		}
		String selection = blank(luns) ? null : luns.trim();
		if (selection != null && !LUNS.matcher(selection).matches()) {
			throw new IllegalArgumentException("luns '" + luns + "' is not a list of hba[:target[:lun]]");
		}
		return new WorkloadCommand(mode, size, number("qd", qd, 16, 1, 256), number("seconds", seconds, 30, 1, 600),
				selection, "true".equalsIgnoreCase(nullUnits == null ? "" : nullUnits.trim()));
	}

	/** The command's words. */
	List<String> words() {
		List<String> w = new ArrayList<>(List.of("hba:bench", "--rw", rw, "--bs", bs, "--qd", String.valueOf(qd),
				"--seconds", String.valueOf(seconds)));
		if (luns != null) {
			w.add("--luns");
			w.add(luns);
		}
		if (nullUnits) {
			w.add("--null");
		}
		return w;
	}

	private static int number(String name, String value, int dflt, int min, int max) {
		if (blank(value)) {
			return dflt;
		}
		try {
			int n = Integer.parseInt(value.trim());
			if (n >= min && n <= max) {
				return n;
			}
		} catch (NumberFormatException e) {
			// reported below
		}
		throw new IllegalArgumentException(name + " '" + value + "': expected " + min + ".." + max);
	}

	private static boolean blank(String s) {
		return s == null || s.isBlank();
	}
}
