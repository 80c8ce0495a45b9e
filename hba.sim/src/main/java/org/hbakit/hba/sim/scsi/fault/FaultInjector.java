package org.hbakit.hba.sim.scsi.fault;

import org.hbakit.hba.sim.scsi.ScsiExchange;

/**
 * Combines the fault plans of a logical unit, its target and its HBA and decides, per command, which faults
 * fire: for each {@link FaultKind} the most specific level whose plan specifies that kind decides it (see
 * {@link FaultPlan}).
 * <p>
 * Created by {@code SimulatedTarget} for each logical unit it holds (and one with no logical unit level for
 * commands the target answers itself); called by the device threads for every command. Lock-free and
 * allocation-free: three volatile loads when no plan is installed, plus one atomic increment per level whose plan
 * counts commands. Random decisions are SplitMix64 values indexed by the level's command number and seeded by
 * the plan's seed and the level's salt, so they are reproducible and need no shared generator.
 */
public final class FaultInjector {
	/** Verdict bit: drop the command (never complete it). */
	public static final int DROP = FaultKind.DROP.bit();
	/** Verdict bit: fail delivery (SERVICE_DELIVERY_OR_TARGET_FAILURE, DELIVERY_FAILURE). */
	public static final int TRANSPORT_ERROR = FaultKind.TRANSPORT_ERROR.bit();
	/** Verdict bit: answer BUSY. */
	public static final int BUSY = FaultKind.BUSY.bit();
	/** Verdict bit: answer TASK SET FULL. */
	public static final int TASK_SET_FULL = FaultKind.TASK_SET_FULL.bit();
	/** Verdict bit: transfer half a READ's blocks. */
	public static final int SHORT_TRANSFER = FaultKind.SHORT_TRANSFER.bit();
	/** Verdict bit: report RECOVERED ERROR 01/5D/00 if the command succeeds. */
	public static final int RECOVERED_ERROR = FaultKind.RECOVERED_ERROR.bit();

	/** The every-Nth kinds, in the order their verdict bits are evaluated. */
	private static final FaultKind[] NTH_KINDS = { FaultKind.DROP, FaultKind.TRANSPORT_ERROR, FaultKind.BUSY,
			FaultKind.TASK_SET_FULL, FaultKind.SHORT_TRANSFER, FaultKind.RECOVERED_ERROR };
	/** A level that never gets a plan, standing in for an absent level. */
	private static final FaultLevel ABSENT = new FaultLevel("absent", 0);

	private final FaultLevel lu;
	private final FaultLevel target;
	private final FaultLevel hba;

	/** An injector over the three levels, most specific first; any may be null (no plan at that level). */
	public FaultInjector(FaultLevel lu, FaultLevel target, FaultLevel hba) {
		this.lu = lu == null ? ABSENT : lu;
		this.target = target == null ? ABSENT : target;
		this.hba = hba == null ? ABSENT : hba;
	}

	/**
	 * Decides the faults of one command: sets {@code x}'s completion delay and returns the verdict bits
	 * ({@link #DROP} … {@link #RECOVERED_ERROR}); 0 means run the command normally.
	 *
	 * @param mediaAccess whether the command accesses the medium (for plans with {@code media_only})
	 */
	public int decide(ScsiExchange x, boolean mediaAccess) {
		FaultPlan pl = lu.plan();
		FaultPlan pt = target.plan();
		FaultPlan ph = hba.plan();
		if ((pl.specifiedKinds() | pt.specifiedKinds() | ph.specifiedKinds()) == 0) {
			return 0;
		}
		long nl = number(lu, pl, mediaAccess);
		long nt = number(target, pt, mediaAccess);
		long nh = number(hba, ph, mediaAccess);
		int verdict = 0;
		for (FaultKind kind : NTH_KINDS) {
			if (pl.specifies(kind)) {
				verdict |= fires(pl, lu, nl, kind) ? kind.bit() : 0;
			} else if (pt.specifies(kind)) {
				verdict |= fires(pt, target, nt, kind) ? kind.bit() : 0;
			} else if (ph.specifies(kind)) {
				verdict |= fires(ph, hba, nh, kind) ? kind.bit() : 0;
			}
		}
		if ((verdict & DROP) == 0) {
			if (pl.specifies(FaultKind.DELAY)) {
				x.setCompletionDelayNanos(delay(pl, lu, nl, mediaAccess));
			} else if (pt.specifies(FaultKind.DELAY)) {
				x.setCompletionDelayNanos(delay(pt, target, nt, mediaAccess));
			} else if (ph.specifies(FaultKind.DELAY)) {
				x.setCompletionDelayNanos(delay(ph, hba, nh, mediaAccess));
			}
		}
		return verdict;
	}

	/**
	 * The first unreadable LBA in {@code [lba, lba + blocks)} under the deciding plan's medium error range, or -1
	 * if the range reads fine.
	 */
	public long firstMediumError(long lba, long blocks) {
		FaultPlan p = lu.plan();
		if (!p.specifies(FaultKind.MEDIUM_ERROR)) {
			p = target.plan();
			if (!p.specifies(FaultKind.MEDIUM_ERROR)) {
				p = hba.plan();
			}
		}
		if (!p.enables(FaultKind.MEDIUM_ERROR) || blocks <= 0) {
			return -1;
		}
		long start = p.mediumErrorStart();
		long end = start + p.mediumErrorCount();
		// unsigned comparisons: a 64-bit LBA may exceed Long.MAX_VALUE
		long first = Long.compareUnsigned(lba, start) >= 0 ? lba : start;
		return Long.compareUnsigned(first, end) < 0 && Long.compareUnsigned(first - lba, blocks) < 0 ? first : -1;
	}

	/**
	 * Whether the plan deciding {@link FaultKind#TARGET_REMOVED} says the target is removed; only the target and
	 * HBA levels are asked (a logical unit cannot remove its target).
	 */
	public boolean targetRemoved() {
		FaultPlan p = target.plan();
		if (!p.specifies(FaultKind.TARGET_REMOVED)) {
			p = hba.plan();
		}
		return p.enables(FaultKind.TARGET_REMOVED);
	}

	/** The plan deciding {@code kind} for this injector now, or {@link FaultPlan#NONE}; for diagnostics. */
	public FaultPlan decidingPlan(FaultKind kind) {
		for (FaultLevel level : new FaultLevel[] { lu, target, hba }) {
			if (level.plan().specifies(kind)) {
				return level.plan();
			}
		}
		return FaultPlan.NONE;
	}

	private static long number(FaultLevel level, FaultPlan plan, boolean mediaAccess) {
		return plan.counts() && (mediaAccess || !plan.mediaOnly()) ? level.next() : 0;
	}

	private static boolean fires(FaultPlan p, FaultLevel level, long n, FaultKind kind) {
		if (n == 0 || !p.enables(kind)) {
			return false;
		}
		if (!p.randomNth()) {
			return n % p.everyNth() == 0;
		}
		return Long.remainderUnsigned(SplitMix.value(streamSeed(p, level, kind), n), p.everyNth()) == 0;
	}

	private static long delay(FaultPlan p, FaultLevel level, long n, boolean mediaAccess) {
		if (!p.enables(FaultKind.DELAY) || (p.mediaOnly() && !mediaAccess)) {
			return 0;
		}
		if (!p.randomDelay()) {
			return p.delayNanos();
		}
		return Long.remainderUnsigned(SplitMix.value(streamSeed(p, level, FaultKind.DELAY), n), p.delayNanos() + 1);
	}

	/** The seed of one kind's random stream on one level: independent streams per kind and per level. */
	static long streamSeed(FaultPlan p, FaultLevel level, FaultKind kind) {
		return p.seed() ^ SplitMix.mix64(level.salt() * SplitMix.GOLDEN_GAMMA + kind.ordinal() + 1);
	}
}
