package org.hbakit.bridge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The options of one {@code hba:bench} run, parsed from the command line by {@link #parse(String...)}.
 * Immutable. Checks that need the logical units (block size, range, queue limits) are made by
 * {@link #checkAgainst(BenchLun)} once the units are chosen.
 *
 * @param rw            {@code --rw}
 * @param rwmix         {@code --rwmix}: percentage of reads in {@link RwMode#RANDRW} (0..100, default 50)
 * @param bs            {@code --bs} in bytes (a multiple of 512; of the LUN block size, checked later)
 * @param qd            {@code --qd}: requests in flight per logical unit
 * @param luns          {@code --luns}
 * @param seconds       {@code --seconds}: measured duration (default 10)
 * @param path          {@code --path}: {@code bundled}, {@code parallel}, or null to leave the controllers as they are
 * @param verify        {@code --verify}: check every read against the last acknowledged write
 * @param nullLuns      {@code --null}: use the logical units published with {@code scsi.null=true}
 * @param swapEveryMs   {@code --swap-every}: milliseconds between controller swaps, 0 for none
 * @param json          {@code --json}: print the report as one JSON object on one line, no progress
 * @param warmupSeconds {@code --warmup}: seconds run before measuring (default 1)
 * @param size          {@code --size}: bytes of each logical unit to use from LBA 0, 0 for the whole unit
 * @param seed          {@code --seed}: seed of the address and read/write choices (default 1)
 * @param deployEveryMs {@code --deploy-every}: milliseconds between deployments through the deploy folder, 0 for none
 * @param deployJars    {@code --deploy-every}'s one or two controller jars (paths), alternated; empty for none
 * @param jobs          {@code --jobs}: client jobs (fio's numjobs), each driving every selected unit at {@code qd}
 *                      (default 1); with {@code --verify} each job works on its own slice of each unit's range
 */
public record BenchOptions(RwMode rw, int rwmix, int bs, int qd, LunSelection luns, double seconds, String path,
		boolean verify, boolean nullLuns, long swapEveryMs, boolean json, double warmupSeconds, long size, long seed,
		long deployEveryMs, List<String> deployJars, int jobs) {

	/** Service property of a {@code SCSILogicalUnit} that moves no data; selected by {@code --null}. */
	public static final String NULL_PROPERTY = "scsi.null";

	/** The usage text. */
	public static final String USAGE = """
			hba:bench [options]
			  --rw randread|randwrite|randrw|read|write   access pattern (default randread)
			  --rwmix <pct>        reads in percent for randrw (default 50)
			  --bs <size>          block size per I/O, e.g. 512, 4k, 64k, 1m (default 4k)
			  --qd <n>             requests in flight per logical unit (default 32)
			  --luns <n|names>     first n units in name order, or hba0:0:1,hba1:1:0 (default all)
			  --seconds <s>        measured duration, fractional allowed (default 10)
			  --warmup <s>         unmeasured run before it, swaps and deployments included (default 1)
			  --path bundled|parallel   ask the controllers to use that I/O path
			  --verify             check every read against the last acknowledged write
			  --null               use logical units published with scsi.null=true (no data moved)
			  --swap-every <ms>    rematch the controller of each HBA under load every interval
			  --deploy-every <ms> <jar> [<jar2>]
			                       copy the controller jar(s), alternately, into the deploy folder every interval
			  --jobs <n>           client jobs, each driving every selected unit at --qd (fio's numjobs; default 1)
			  --size <size>        limit the LBA range of each unit, e.g. 256m (default whole unit; 256m with --verify)
			  --seed <n>           seed of the random choices (default 1)
			  --json               print the report as one JSON object on one line
			""";

	/** Validates the ranges every option allows on its own. */
	public BenchOptions {
		if (rwmix < 0 || rwmix > 100) {
			throw new IllegalArgumentException("--rwmix " + rwmix + ": expected a percentage 0..100");
		}
		if (bs <= 0 || bs % 512 != 0) {
			throw new IllegalArgumentException("--bs " + bs + ": expected a positive multiple of 512 bytes");
		}
		if (qd < 1 || qd > 65536) {
			throw new IllegalArgumentException("--qd " + qd + ": expected 1..65536");
		}
		if (!(seconds > 0) || seconds > 1e7) {
			throw new IllegalArgumentException("--seconds " + seconds + ": expected a positive duration");
		}
		if (!(warmupSeconds >= 0) || warmupSeconds > 1e7) {
			throw new IllegalArgumentException("--warmup " + warmupSeconds + ": expected 0 or more seconds");
		}
		if (path != null && !path.equals("bundled") && !path.equals("parallel")) {
			throw new IllegalArgumentException("--path " + path + ": expected bundled or parallel");
		}
		if (swapEveryMs < 0) {
			throw new IllegalArgumentException("--swap-every " + swapEveryMs + ": expected a positive interval");
		}
		if (size < 0 || size > 0 && size < bs) {
			throw new IllegalArgumentException("--size " + size + ": expected at least one block of --bs " + bs);
		}
		if (verify && nullLuns) {
			throw new IllegalArgumentException("--verify cannot check null logical units: they move no data");
		}
		deployJars = List.copyOf(deployJars);
		if (deployEveryMs < 0 || deployEveryMs > 0 && (deployJars.isEmpty() || deployJars.size() > 2)) {
			throw new IllegalArgumentException("--deploy-every " + deployEveryMs + ": expected an interval and one or two jars");
		}
		if (jobs < 1 || jobs > 256) {
			throw new IllegalArgumentException("--jobs " + jobs + ": expected 1..256");
		}
		if (deployEveryMs > 0 && swapEveryMs > 0) {
			throw new IllegalArgumentException("--swap-every and --deploy-every cannot be combined: both move the HBAs");
		}
	}

	/** The defaults: {@code --rw randread --bs 4k --qd 32 --seconds 10 --warmup 1}, all units. */
	public static BenchOptions defaults() {
		return new BenchOptions(RwMode.RANDREAD, 50, 4096, 32, LunSelection.ALL, 10, null, false, false, 0, false, 1,
				0, 1, 0, List.of(), 1);
	}

	/**
	 * Parses {@code hba:bench} arguments: {@code --name value} or {@code --name=value}; flags take no value.
	 *
	 * @throws IllegalArgumentException naming the option for an unknown option, a missing or bad value
	 */
	public static BenchOptions parse(String... args) {
		RwMode rw = RwMode.RANDREAD;
		int rwmix = 50;
		int bs = 4096;
		int qd = 32;
		LunSelection luns = LunSelection.ALL;
		double seconds = 10;
		String path = null;
		boolean verify = false;
		boolean nullLuns = false;
		long swapEvery = 0;
		boolean json = false;
		double warmup = 1;
		long size = 0;
		long seed = 1;
		int jobs = 1;
		long deployEvery = 0;
		List<String> deployJars = new ArrayList<>();
		boolean rwmixGiven = false;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			String name = arg;
			String inline = null;
			int eq = arg.indexOf('=');
			if (arg.startsWith("--") && eq > 0) {
				name = arg.substring(0, eq);
				inline = arg.substring(eq + 1);
			}
			switch (name) {
				case "--verify", "--null", "--json" -> {
					if (inline != null) {
						throw new IllegalArgumentException(name + " takes no value");
					}
					switch (name) {
						case "--verify" -> verify = true;
						case "--null" -> nullLuns = true;
						default -> json = true;
					}
					continue;
				}
				case "--rw", "--rwmix", "--bs", "--qd", "--luns", "--seconds", "--path", "--swap-every", "--warmup",
						"--size", "--seed", "--deploy-every", "--jobs" -> {
					// handled below
				}
				default -> throw new IllegalArgumentException("unknown option '" + arg + "'\n" + USAGE);
			}
			String value = inline;
			if (value == null) {
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException(name + " needs a value");
				}
				value = args[++i];
			}
			switch (name) {
				case "--rw" -> rw = RwMode.parse(value);
				case "--rwmix" -> {
					rwmix = (int) parseLong(name, value, 0, 100);
					rwmixGiven = true;
				}
				case "--bs" -> bs = (int) checkRange(name, value, parseSize(name, value), 512, Integer.MAX_VALUE);
				case "--qd" -> qd = (int) parseLong(name, value, 1, 65536);
				case "--luns" -> luns = LunSelection.parse(value);
				case "--seconds" -> seconds = parseSeconds(name, value, false);
				case "--path" -> path = value;
				case "--swap-every" -> swapEvery = parseLong(name, value, 1, Long.MAX_VALUE / 1_000_000);
				case "--warmup" -> warmup = parseSeconds(name, value, true);
				case "--size" -> size = checkRange(name, value, parseSize(name, value), 1, Long.MAX_VALUE);
				case "--seed" -> seed = parseLong(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
				case "--jobs" -> jobs = (int) parseLong(name, value, 1, 256);
				case "--deploy-every" -> {
					deployEvery = parseLong(name, value, 1, Long.MAX_VALUE / 1_000_000);
					deployJars.clear();
					// one jar, then a second one unless the next argument is an option
					while (deployJars.size() < 2 && i + 1 < args.length && !args[i + 1].startsWith("--")) {
						deployJars.add(args[++i]);
					}
					if (deployJars.isEmpty()) {
						throw new IllegalArgumentException("--deploy-every " + value + " needs a controller jar");
					}
				}
				default -> throw new AssertionError(name);
			}
		}
		if (rwmixGiven && rw != RwMode.RANDRW) {
			throw new IllegalArgumentException("--rwmix applies to --rw randrw only");
		}
		return new BenchOptions(rw, rwmix, bs, qd, luns, seconds, path, verify, nullLuns, swapEvery, json, warmup,
				size, seed, deployEvery, deployJars, jobs);
	}

	/**
	 * Checks the options against one chosen logical unit.
	 *
	 * @throws IllegalArgumentException if {@code --bs} is not a multiple of its block size, {@code --size} is not,
	 *                                  or its range holds fewer {@code --bs} blocks than the run needs
	 */
	public void checkAgainst(BenchLun lun) {
		int blockSize = lun.blockSize();
		if (blockSize <= 0) {
			throw new IllegalArgumentException(lun.name() + " reports block size " + blockSize);
		}
		if (bs % blockSize != 0) {
			throw new IllegalArgumentException("--bs " + formatSize(bs) + " is not a multiple of the block size "
					+ blockSize + " of " + lun.name());
		}
		long capacity = lun.blockCount() * blockSize;
		if (size > 0 && size % blockSize != 0) {
			throw new IllegalArgumentException(
					"--size " + size + " is not a multiple of the block size " + blockSize + " of " + lun.name());
		}
		long range = rangeBytes(lun);
		if (range < bs) {
			throw new IllegalArgumentException(lun.name() + " holds " + capacity + " bytes, less than --bs " + bs);
		}
		if (verify && range / bs < 2L * qd) {
			throw new IllegalArgumentException("--verify keeps one request per block in flight: " + lun.name()
					+ " has " + range / bs + " blocks of --bs in range, fewer than 2 x --qd " + qd
					+ " (raise --size or lower --qd)");
		}
	}

	/**
	 * With {@code --verify} and no {@code --size}: the range verified per unit. Verification writes its whole range
	 * first, and the simulated RAM disks keep in memory what is written, so the default stays well inside a default
	 * JVM heap even over every unit of the default machine.
	 */
	public static final long DEFAULT_VERIFY_RANGE = 256L << 20;

	/**
	 * Bytes of {@code lun} the run uses from LBA 0: {@code --size}, else the whole unit ({@link #DEFAULT_VERIFY_RANGE}
	 * with {@code --verify}), never more than the unit.
	 */
	public long rangeBytes(BenchLun lun) {
		long capacity = lun.blockCount() * (long) lun.blockSize();
		long wanted = size > 0 ? size : verify ? DEFAULT_VERIFY_RANGE : capacity;
		return Math.min(wanted, capacity);
	}

	/**
	 * Parses a byte size: digits with an optional binary suffix {@code k}, {@code m}, {@code g}, {@code t}
	 * (case-insensitive, optionally followed by {@code b} or {@code ib}).
	 */
	static long parseSize(String option, String value) {
		String v = value.trim().toLowerCase(Locale.ROOT);
		if (v.endsWith("ib")) {
			v = v.substring(0, v.length() - 2);
		} else if (v.endsWith("b") && v.length() > 1 && !Character.isDigit(v.charAt(v.length() - 2))) {
			v = v.substring(0, v.length() - 1);
		}
		long unit = 1;
		if (!v.isEmpty()) {
			switch (v.charAt(v.length() - 1)) {
				case 'k' -> unit = 1L << 10;
				case 'm' -> unit = 1L << 20;
				case 'g' -> unit = 1L << 30;
				case 't' -> unit = 1L << 40;
				default -> unit = 1;
			}
			if (unit != 1) {
				v = v.substring(0, v.length() - 1);
			}
		}
		if (v.isEmpty() || !v.chars().allMatch(Character::isDigit)) {
			throw new IllegalArgumentException(option + " " + value + ": expected a size like 512, 4k, 64k, 1m");
		}
		try {
			return Math.multiplyExact(Long.parseLong(v), unit);
		} catch (ArithmeticException | NumberFormatException e) {
			throw new IllegalArgumentException(option + " " + value + ": too large");
		}
	}

	private static long checkRange(String option, String text, long value, long min, long max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(option + " " + text + ": out of range " + min + ".." + max);
		}
		return value;
	}

	private static long parseLong(String option, String value, long min, long max) {
		long v;
		try {
			v = Long.parseLong(value.trim());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException(option + " " + value + ": expected an integer");
		}
		return checkRange(option, value, v, min, max);
	}

	private static double parseSeconds(String option, String value, boolean zeroAllowed) {
		double v;
		try {
			v = Double.parseDouble(value.trim());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException(option + " " + value + ": expected seconds, e.g. 10 or 0.5");
		}
		if (Double.isNaN(v) || Double.isInfinite(v) || v < 0 || v == 0 && !zeroAllowed) {
			throw new IllegalArgumentException(
					option + " " + value + ": expected " + (zeroAllowed ? "0 or more" : "a positive number of") + " seconds");
		}
		return v;
	}

	/** {@code 4096} as {@code 4k}, {@code 1048576} as {@code 1m}; other values in bytes. */
	public static String formatSize(long bytes) {
		if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
			return (bytes >> 30) + "g";
		}
		if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
			return (bytes >> 20) + "m";
		}
		if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
			return (bytes >> 10) + "k";
		}
		return Long.toString(bytes);
	}
}
