package org.hbakit.hba.sim.scsi.fault;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What faults and latency to inject at one level (HBA, target or logical unit), after Linux scsi_debug's
 * {@code delay}/{@code ndelay}, {@code every_nth}, {@code opts} and {@code medium_error_*} parameters. Immutable;
 * built with {@link #builder()} or {@link #parse(Map)} and installed with {@link FaultLevel#set(FaultPlan)}.
 * <p>
 * A plan only <i>specifies</i> the keys it sets. {@link FaultInjector} resolves each {@link FaultKind} on its own:
 * the most specific level whose plan specifies the kind decides it, so a logical unit can switch off
 * ({@code drop=false}) a fault its HBA injects, or inject its own. Every-Nth faults use the period
 * ({@code every_nth}), randomness ({@code random_nth}), {@code media_only} and {@code seed} of the plan that decides
 * them, and count commands on that plan's level (a HBA-level plan counts all commands of the HBA).
 * <p>
 * <b>Keys</b> (of {@link #parse(Map)} and {@link #toMap()}; numbers may be given as {@link Number}s or decimal or
 * {@code 0x} hexadecimal strings, booleans as {@link Boolean}s, {@code "true"}/{@code "false"} or 0/1):
 * <table border="1">
 * <caption>Fault plan keys</caption>
 * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code delay_ns}</td><td>long &ge; 0</td><td>0</td><td>completion delay in nanoseconds for every command
 * (the HBA posts the completion no earlier); like scsi_debug {@code ndelay}</td></tr>
 * <tr><td>{@code random_delay}</td><td>boolean</td><td>false</td><td>draw each delay uniformly from
 * 0..{@code delay_ns} instead (requires {@code delay_ns} &gt; 0); like scsi_debug {@code random}</td></tr>
 * <tr><td>{@code every_nth}</td><td>long &ge; 1</td><td>unset</td><td>period N of this plan's every-Nth faults
 * (required when one of them is true)</td></tr>
 * <tr><td>{@code random_nth}</td><td>boolean</td><td>false</td><td>fire each every-Nth fault with probability 1/N
 * per command (seeded) instead of on exactly every Nth command</td></tr>
 * <tr><td>{@code media_only}</td><td>boolean</td><td>false</td><td>count commands and apply this plan's delay and
 * every-Nth faults only to media-access commands (READ, WRITE, VERIFY, WRITE SAME, UNMAP, SYNCHRONIZE CACHE,
 * COMPARE AND WRITE, …); like scsi_debug's {@code MAC_TIMEOUT}</td></tr>
 * <tr><td>{@code drop}</td><td>boolean</td><td>unset</td><td>every Nth command is never completed (the driver's
 * timeout fires); scsi_debug {@code TIMEOUT}</td></tr>
 * <tr><td>{@code transport_error}</td><td>boolean</td><td>unset</td><td>every Nth command completes with
 * SERVICE_DELIVERY_OR_TARGET_FAILURE and DELIVERY_FAILURE; scsi_debug {@code TRANSPORT_ERR}</td></tr>
 * <tr><td>{@code busy}</td><td>boolean</td><td>unset</td><td>every Nth command gets BUSY status</td></tr>
 * <tr><td>{@code task_set_full}</td><td>boolean</td><td>unset</td><td>every Nth command gets TASK SET FULL status;
 * scsi_debug {@code ALL_TSF}</td></tr>
 * <tr><td>{@code short_transfer}</td><td>boolean</td><td>unset</td><td>every Nth READ transfers only half its
 * blocks, with GOOD status and the residual in bytes transferred; scsi_debug {@code SHORT_TRANSFER}</td></tr>
 * <tr><td>{@code recovered_error}</td><td>boolean</td><td>unset</td><td>every Nth command that would succeed
 * completes with CHECK CONDITION RECOVERED ERROR 01/5D/00, its data fully transferred; scsi_debug
 * {@code RECOVERED_ERR}</td></tr>
 * <tr><td>{@code medium_error_start}</td><td>long &ge; 0</td><td>0</td><td>first LBA of the unreadable range</td></tr>
 * <tr><td>{@code medium_error_count}</td><td>long &ge; 0</td><td>0 (off)</td><td>blocks in the unreadable range:
 * READ, VERIFY and COMPARE AND WRITE touching it transfer up to the first bad block and fail with MEDIUM ERROR
 * 03/11/00, VALID and INFORMATION = that LBA; scsi_debug {@code MEDIUM_ERR}</td></tr>
 * <tr><td>{@code removed}</td><td>boolean</td><td>unset</td><td>the target is removed from the bus: every command
 * to it completes with SERVICE_DELIVERY_OR_TARGET_FAILURE and DEVICE_NOT_PRESENT; when the plan that decides it
 * stops saying so, the target re-arrives and its logical units report 06/29/00. Decided by target and HBA plans
 * (a logical unit's plan cannot remove its target)</td></tr>
 * <tr><td>{@code seed}</td><td>long</td><td>0</td><td>seed of the random delay and random every-Nth decisions
 * (mixed with the level's salt); the same seed, level and command sequence give the same faults</td></tr>
 * </table>
 * Faults are checked in this order, and the first that fires decides: target removed, drop, transport error, busy,
 * task set full;
 * then the command runs, with medium error, short transfer and recovered error applied to its result. The delay
 * applies to every outcome except a drop.
 * <p>
 * Why one class of this size: the key table above is a quarter of it; the rest is, per key, its field, its builder
 * method, its parsing and its printing, kept in one place so the four stay in step.
 */
public final class FaultPlan {
	/** The kinds decided on every Nth command (declared before {@link #NONE}, whose construction reads it). */
	static final int EVERY_NTH_KINDS = FaultKind.DROP.bit() | FaultKind.TRANSPORT_ERROR.bit() | FaultKind.BUSY.bit()
			| FaultKind.TASK_SET_FULL.bit() | FaultKind.SHORT_TRANSFER.bit() | FaultKind.RECOVERED_ERROR.bit();

	/** The plan that specifies nothing: no faults, no delay. */
	public static final FaultPlan NONE = new Builder().build();

	/** The keys, in their canonical order. */
	private enum Key {
		DELAY_NS, RANDOM_DELAY, EVERY_NTH, RANDOM_NTH, MEDIA_ONLY, DROP, TRANSPORT_ERROR, BUSY, TASK_SET_FULL,
		SHORT_TRANSFER, RECOVERED_ERROR, MEDIUM_ERROR_START, MEDIUM_ERROR_COUNT, REMOVED, SEED;

		final String key = name().toLowerCase(Locale.ROOT);

		int bit() {
			return 1 << ordinal();
		}

		boolean isBoolean() {
			return switch (this) {
				case RANDOM_DELAY, RANDOM_NTH, MEDIA_ONLY, DROP, TRANSPORT_ERROR, BUSY, TASK_SET_FULL, SHORT_TRANSFER,
						RECOVERED_ERROR, REMOVED -> true;
				default -> false;
			};
		}

		static Key of(String key) {
			for (Key k : values()) {
				if (k.key.equals(key)) {
					return k;
				}
			}
			return null;
		}
	}

	private final int keys;
	private final long delayNanos;
	private final boolean randomDelay;
	private final long everyNth;
	private final boolean randomNth;
	private final boolean mediaOnly;
	private final int switches;
	private final long mediumErrorStart;
	private final long mediumErrorCount;
	private final long seed;
	private final int specifiedKinds;
	private final int enabledKinds;
	private final boolean counts;

	private FaultPlan(Builder b) {
		this.keys = b.keys;
		this.delayNanos = b.delayNanos;
		this.randomDelay = b.randomDelay;
		this.everyNth = b.everyNth;
		this.randomNth = b.randomNth;
		this.mediaOnly = b.mediaOnly;
		this.switches = b.switches;
		this.mediumErrorStart = b.mediumErrorStart;
		this.mediumErrorCount = b.mediumErrorCount;
		this.seed = b.seed;
		int specified = 0;
		int enabled = 0;
		if (has(Key.DELAY_NS) || has(Key.RANDOM_DELAY)) {
			specified |= FaultKind.DELAY.bit();
			if (delayNanos > 0) {
				enabled |= FaultKind.DELAY.bit();
			}
		}
		for (FaultKind kind : FaultKind.values()) {
			Key key = switchKey(kind);
			if (key != null && has(key)) {
				specified |= kind.bit();
				enabled |= switches & kind.bit();
			}
		}
		if (has(Key.MEDIUM_ERROR_START) || has(Key.MEDIUM_ERROR_COUNT)) {
			specified |= FaultKind.MEDIUM_ERROR.bit();
			if (mediumErrorCount > 0) {
				enabled |= FaultKind.MEDIUM_ERROR.bit();
			}
		}
		this.specifiedKinds = specified;
		this.enabledKinds = enabled;
		this.counts = (enabled & EVERY_NTH_KINDS) != 0 || randomDelay && delayNanos > 0;
	}

	private static Key switchKey(FaultKind kind) {
		return switch (kind) {
			case DROP -> Key.DROP;
			case TRANSPORT_ERROR -> Key.TRANSPORT_ERROR;
			case BUSY -> Key.BUSY;
			case TASK_SET_FULL -> Key.TASK_SET_FULL;
			case SHORT_TRANSFER -> Key.SHORT_TRANSFER;
			case RECOVERED_ERROR -> Key.RECOVERED_ERROR;
			case TARGET_REMOVED -> Key.REMOVED;
			default -> null;
		};
	}

	/** A builder of an empty plan. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder starting from this plan's keys. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/**
	 * Parses a plan from string keys (see the class description), e.g. a configuration dictionary or shell
	 * arguments. Null values leave their key unset.
	 *
	 * @throws IllegalArgumentException naming the key and the reason, for an unknown key, a value of the wrong
	 *             type or out of range, or an inconsistent combination
	 */
	public static FaultPlan parse(Map<String, ?> map) {
		Builder b = new Builder();
		for (Map.Entry<String, ?> e : map.entrySet()) {
			Key key = Key.of(e.getKey());
			if (key == null) {
				throw new IllegalArgumentException("unknown fault plan key '" + e.getKey() + "'; known keys: "
						+ knownKeys());
			}
			Object v = e.getValue();
			if (v == null) {
				continue;
			}
			if (key.isBoolean()) {
				b.set(key, toBoolean(key, v));
			} else {
				b.set(key, toLong(key, v));
			}
		}
		return b.build();
	}

	/** The keys this plan sets, in canonical order, with {@link Long} and {@link Boolean} values; unmodifiable. */
	public Map<String, Object> toMap() {
		Map<String, Object> m = new LinkedHashMap<>();
		for (Key k : Key.values()) {
			if (has(k)) {
				m.put(k.key, value(k));
			}
		}
		return Collections.unmodifiableMap(m);
	}

	private Object value(Key k) {
		return switch (k) {
			case DELAY_NS -> delayNanos;
			case RANDOM_DELAY -> randomDelay;
			case EVERY_NTH -> everyNth;
			case RANDOM_NTH -> randomNth;
			case MEDIA_ONLY -> mediaOnly;
			case DROP -> (switches & FaultKind.DROP.bit()) != 0;
			case TRANSPORT_ERROR -> (switches & FaultKind.TRANSPORT_ERROR.bit()) != 0;
			case BUSY -> (switches & FaultKind.BUSY.bit()) != 0;
			case TASK_SET_FULL -> (switches & FaultKind.TASK_SET_FULL.bit()) != 0;
			case SHORT_TRANSFER -> (switches & FaultKind.SHORT_TRANSFER.bit()) != 0;
			case RECOVERED_ERROR -> (switches & FaultKind.RECOVERED_ERROR.bit()) != 0;
			case MEDIUM_ERROR_START -> mediumErrorStart;
			case MEDIUM_ERROR_COUNT -> mediumErrorCount;
			case REMOVED -> (switches & FaultKind.TARGET_REMOVED.bit()) != 0;
			case SEED -> seed;
		};
	}

	/** The names of every key, comma separated, for messages and help texts. */
	public static String knownKeys() {
		StringBuilder sb = new StringBuilder();
		for (Key k : Key.values()) {
			if (sb.length() > 0) {
				sb.append(", ");
			}
			sb.append(k.key);
		}
		return sb.toString();
	}

	/** Whether the plan sets the given key (e.g. {@code "drop"}); false for unknown keys. */
	public boolean isSet(String key) {
		Key k = Key.of(key);
		return k != null && has(k);
	}

	/** Whether the plan sets no key at all. */
	public boolean isEmpty() {
		return keys == 0;
	}

	/** Whether the plan specifies (sets a key of) {@code kind}, so it decides that kind at its level. */
	public boolean specifies(FaultKind kind) {
		return (specifiedKinds & kind.bit()) != 0;
	}

	/** Whether the plan turns {@code kind} on. */
	public boolean enables(FaultKind kind) {
		return (enabledKinds & kind.bit()) != 0;
	}

	/** {@code delay_ns}. */
	public long delayNanos() {
		return delayNanos;
	}

	/** {@code random_delay}. */
	public boolean randomDelay() {
		return randomDelay;
	}

	/** {@code every_nth}, 0 when unset. */
	public long everyNth() {
		return everyNth;
	}

	/** {@code random_nth}. */
	public boolean randomNth() {
		return randomNth;
	}

	/** {@code media_only}. */
	public boolean mediaOnly() {
		return mediaOnly;
	}

	/** {@code medium_error_start}. */
	public long mediumErrorStart() {
		return mediumErrorStart;
	}

	/** {@code medium_error_count}. */
	public long mediumErrorCount() {
		return mediumErrorCount;
	}

	/** {@code seed}. */
	public long seed() {
		return seed;
	}

	int specifiedKinds() {
		return specifiedKinds;
	}

	int enabledKinds() {
		return enabledKinds;
	}

	/** Whether this plan needs its level to count commands (every-Nth faults or a random delay are on). */
	boolean counts() {
		return counts;
	}

	private boolean has(Key k) {
		return (keys & k.bit()) != 0;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof FaultPlan p && p.toMap().equals(toMap());
	}

	@Override
	public int hashCode() {
		return toMap().hashCode();
	}

	/** {@code FaultPlan{every_nth=10, drop=true}}. */
	@Override
	public String toString() {
		return "FaultPlan" + toMap().toString();
	}

	private static boolean toBoolean(Key key, Object v) {
		if (v instanceof Boolean b) {
			return b;
		}
		if (v instanceof Number n && (n.longValue() == 0 || n.longValue() == 1) && n.doubleValue() == n.longValue()) {
			return n.longValue() == 1;
		}
		if (v instanceof String s) {
			switch (s.trim().toLowerCase(Locale.ROOT)) {
				case "true", "1":
					return true;
				case "false", "0":
					return false;
				default:
					break;
			}
		}
		throw new IllegalArgumentException(key.key + ": expected a boolean, got '" + v + "'");
	}

	private static long toLong(Key key, Object v) {
		if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
			return ((Number) v).longValue();
		}
		if (v instanceof Number n) {
			double d = n.doubleValue();
			if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
				return (long) d;
			}
			throw new IllegalArgumentException(key.key + ": expected an integer, got '" + v + "'");
		}
		if (v instanceof String s) {
			try {
				return Long.decode(s.trim());
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException(key.key + ": expected an integer, got '" + v + "'", e);
			}
		}
		throw new IllegalArgumentException(key.key + ": expected an integer, got " + v.getClass().getSimpleName()
				+ " '" + v + "'");
	}

	/**
	 * Builds a {@link FaultPlan}; every setter marks its key as set. Not thread-safe; {@link #build()} validates and
	 * returns an immutable plan, and the builder can be reused.
	 */
	public static final class Builder {
		private int keys;
		private long delayNanos;
		private boolean randomDelay;
		private long everyNth;
		private boolean randomNth;
		private boolean mediaOnly;
		private int switches;
		private long mediumErrorStart;
		private long mediumErrorCount;
		private long seed;

		private Builder() {
		}

		private Builder(FaultPlan p) {
			keys = p.keys;
			delayNanos = p.delayNanos;
			randomDelay = p.randomDelay;
			everyNth = p.everyNth;
			randomNth = p.randomNth;
			mediaOnly = p.mediaOnly;
			switches = p.switches;
			mediumErrorStart = p.mediumErrorStart;
			mediumErrorCount = p.mediumErrorCount;
			seed = p.seed;
		}

		/** {@code delay_ns}: completion delay in ns, &ge; 0. */
		public Builder delayNanos(long nanos) {
			return set(Key.DELAY_NS, nanos);
		}

		/** {@code random_delay}: uniformly random delay in 0..{@code delay_ns}. */
		public Builder randomDelay(boolean random) {
			return set(Key.RANDOM_DELAY, random);
		}

		/** {@code every_nth}: the period of this plan's every-Nth faults, &ge; 1. */
		public Builder everyNth(long n) {
			return set(Key.EVERY_NTH, n);
		}

		/** {@code random_nth}: fire with probability 1/N instead of on every Nth command. */
		public Builder randomNth(boolean random) {
			return set(Key.RANDOM_NTH, random);
		}

		/** {@code media_only}: only media-access commands count and get this plan's delay and every-Nth faults. */
		public Builder mediaOnly(boolean mediaOnly) {
			return set(Key.MEDIA_ONLY, mediaOnly);
		}

		/** {@code drop}. */
		public Builder drop(boolean on) {
			return set(Key.DROP, on);
		}

		/** {@code transport_error}. */
		public Builder transportError(boolean on) {
			return set(Key.TRANSPORT_ERROR, on);
		}

		/** {@code busy}. */
		public Builder busy(boolean on) {
			return set(Key.BUSY, on);
		}

		/** {@code task_set_full}. */
		public Builder taskSetFull(boolean on) {
			return set(Key.TASK_SET_FULL, on);
		}

		/** {@code short_transfer}. */
		public Builder shortTransfer(boolean on) {
			return set(Key.SHORT_TRANSFER, on);
		}

		/** {@code recovered_error}. */
		public Builder recoveredError(boolean on) {
			return set(Key.RECOVERED_ERROR, on);
		}

		/** {@code medium_error_start} and {@code medium_error_count}: {@code count} unreadable blocks from {@code startLba}. */
		public Builder mediumError(long startLba, long count) {
			set(Key.MEDIUM_ERROR_START, startLba);
			return set(Key.MEDIUM_ERROR_COUNT, count);
		}

		/** {@code removed}: the target is off the bus (see the class description). */
		public Builder removed(boolean removed) {
			return set(Key.REMOVED, removed);
		}

		/** {@code seed}. */
		public Builder seed(long seed) {
			return set(Key.SEED, seed);
		}

		/**
		 * Validates and builds the plan.
		 *
		 * @throws IllegalArgumentException naming the key and the reason
		 */
		public FaultPlan build() {
			if (has(Key.DELAY_NS) && delayNanos < 0) {
				throw new IllegalArgumentException("delay_ns: must be >= 0, got " + delayNanos);
			}
			if (randomDelay && delayNanos <= 0) {
				throw new IllegalArgumentException("random_delay: requires delay_ns > 0");
			}
			if (has(Key.EVERY_NTH) && everyNth < 1) {
				throw new IllegalArgumentException("every_nth: must be >= 1, got " + everyNth);
			}
			if (!has(Key.EVERY_NTH)) {
				for (Key k : new Key[] { Key.DROP, Key.TRANSPORT_ERROR, Key.BUSY, Key.TASK_SET_FULL,
						Key.SHORT_TRANSFER, Key.RECOVERED_ERROR }) {
					if (has(k) && Boolean.TRUE.equals(valueOf(k))) {
						throw new IllegalArgumentException(k.key + ": requires every_nth");
					}
				}
				if (randomNth) {
					throw new IllegalArgumentException("random_nth: requires every_nth");
				}
			}
			if (mediumErrorStart < 0) {
				throw new IllegalArgumentException("medium_error_start: must be >= 0, got " + mediumErrorStart);
			}
			if (mediumErrorCount < 0) {
				throw new IllegalArgumentException("medium_error_count: must be >= 0, got " + mediumErrorCount);
			}
			if (mediumErrorStart > Long.MAX_VALUE - mediumErrorCount) {
				throw new IllegalArgumentException("medium_error_count: range from medium_error_start overflows");
			}
			return new FaultPlan(this);
		}

		private Object valueOf(Key k) {
			return (switches & kindOf(k).bit()) != 0;
		}

		private boolean has(Key k) {
			return (keys & k.bit()) != 0;
		}

		private Builder set(Key k, long v) {
			switch (k) {
				case DELAY_NS -> delayNanos = v;
				case EVERY_NTH -> everyNth = v;
				case MEDIUM_ERROR_START -> mediumErrorStart = v;
				case MEDIUM_ERROR_COUNT -> mediumErrorCount = v;
				case SEED -> seed = v;
				default -> throw new IllegalArgumentException(k.key + ": expected a boolean");
			}
			keys |= k.bit();
			return this;
		}

		private Builder set(Key k, boolean v) {
			switch (k) {
				case RANDOM_DELAY -> randomDelay = v;
				case RANDOM_NTH -> randomNth = v;
				case MEDIA_ONLY -> mediaOnly = v;
				case DROP, TRANSPORT_ERROR, BUSY, TASK_SET_FULL, SHORT_TRANSFER, RECOVERED_ERROR, REMOVED -> {
					int bit = kindOf(k).bit();
					switches = v ? switches | bit : switches & ~bit;
				}
				default -> throw new IllegalArgumentException(k.key + ": expected an integer");
			}
			keys |= k.bit();
			return this;
		}

		private static FaultKind kindOf(Key k) {
			return switch (k) {
				case DROP -> FaultKind.DROP;
				case TRANSPORT_ERROR -> FaultKind.TRANSPORT_ERROR;
				case BUSY -> FaultKind.BUSY;
				case TASK_SET_FULL -> FaultKind.TASK_SET_FULL;
				case SHORT_TRANSFER -> FaultKind.SHORT_TRANSFER;
				case RECOVERED_ERROR -> FaultKind.RECOVERED_ERROR;
				case REMOVED -> FaultKind.TARGET_REMOVED;
				default -> throw new IllegalArgumentException(k.key + " is not a fault switch");
			};
		}
	}
}
