package org.hbakit.hba.sim.scsi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.hbakit.controller.api.scsi.SenseCode;

/**
 * The unit attention conditions pending on one logical unit for its (single) initiator, as a bit set updated
 * lock-free. They are reported one per command, highest priority first, and cleared when reported (SPC-4 §5.14,
 * UA_INTLCK_CTRL 00b): resets (29/00-29/04), then mode parameters changed (2A/01), capacity data changed (2A/09),
 * the target's reported LUNs data changed (3F/0E), and inquiry data changed (3F/03) — scsi_debug's order.
 * <p>
 * A logical unit keeps at most one reset condition: a second, different reset before the first was reported
 * collapses both into the generic 29/00 POWER ON, RESET, OR BUS DEVICE RESET OCCURRED.
 */
final class UnitAttentions {
	/** Codes by bit; bits 0-6 outrank the target's 3F/0E, bit 7 ranks below it. */
	private static final SenseCode[] CODES = { SenseCode.POWER_ON_RESET, SenseCode.POWER_ON_OCCURRED,
			SenseCode.SCSI_BUS_RESET, SenseCode.BUS_DEVICE_RESET_FUNCTION_OCCURRED, SenseCode.DEVICE_INTERNAL_RESET,
			SenseCode.MODE_PARAMETERS_CHANGED, SenseCode.CAPACITY_DATA_CHANGED, SenseCode.INQUIRY_DATA_CHANGED };
	private static final int RESET_BITS = 0x1F;
	private static final int ABOVE_INVENTORY = 0x7F;
	private static final int INQUIRY_CHANGED_BIT = 0x80;

	private final AtomicInteger pending = new AtomicInteger();

	/** Raises {@code code}, one of the codes this class tracks (resets, 2A/01, 2A/09, 3F/03). */
	void raise(SenseCode code) {
		int bit = bitOf(code);
		if ((bit & RESET_BITS) != 0) {
			pending.getAndUpdate(p -> {
				int resets = p & RESET_BITS;
				int merged = resets == 0 || resets == bit ? bit : 1; // bit 0 is 29/00
				return p & ~RESET_BITS | merged;
			});
		} else {
			pending.getAndUpdate(p -> p | bit);
		}
	}

	/** Forgets every pending condition (e.g. a logical unit being discarded). */
	void clear() {
		pending.set(0);
	}

	/**
	 * Takes the highest-priority pending condition, including the target's 3F/0E, clearing it; null if none.
	 * One volatile read of each when nothing is pending.
	 */
	SenseCode take(TargetServices target) {
		for (;;) {
			int p = pending.get();
			int high = p & ABOVE_INVENTORY;
			if (high != 0) {
				int bit = Integer.lowestOneBit(high);
				if (pending.compareAndSet(p, p & ~bit)) {
					return CODES[Integer.numberOfTrailingZeros(bit)];
				}
				continue;
			}
			if (target.reportedLunsChangedPending() && target.takeReportedLunsChanged()) {
				return SenseCode.REPORTED_LUNS_DATA_CHANGED;
			}
			if ((p & INQUIRY_CHANGED_BIT) == 0) {
				return null;
			}
			if (pending.compareAndSet(p, p & ~INQUIRY_CHANGED_BIT)) {
				return SenseCode.INQUIRY_DATA_CHANGED;
			}
		}
	}

	/** The pending conditions of this logical unit (not the target's), highest priority first; for management. */
	List<SenseCode> pending() {
		List<SenseCode> list = new ArrayList<>();
		int p = pending.get();
		for (int i = 0; i < CODES.length; i++) {
			if ((p & 1 << i) != 0) {
				list.add(CODES[i]);
			}
		}
		return list;
	}

	private static int bitOf(SenseCode code) {
		for (int i = 0; i < CODES.length; i++) {
			if (CODES[i].equals(code)) {
				return 1 << i;
			}
		}
		throw new IllegalArgumentException("not a tracked unit attention: " + code);
	}
}
