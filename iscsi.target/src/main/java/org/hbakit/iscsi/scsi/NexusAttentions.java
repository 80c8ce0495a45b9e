package org.hbakit.iscsi.scsi;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Unit attention conditions the front door itself establishes for one I_T nexus (SAM-5 §5.14), per LUN: the resets
 * it performs on behalf of task management (29/03 BUS DEVICE RESET FUNCTION OCCURRED, 29/01 POWER ON OCCURRED) and
 * reservation changes (2A/03-05). The logical unit's own unit attentions come from the unit itself. The next command
 * to the LUN other than INQUIRY, REPORT LUNS and REQUEST SENSE reports the oldest one and clears it.
 * <p>
 * Raised from any session's event loop (a reset spans sessions), taken on the nexus's own: methods are synchronized,
 * and {@link #isEmpty()} is a volatile read so the command path pays nothing while none is pending.
 */
public final class NexusAttentions {
	private static final int MAX_PER_LUN = 8;
	private final Map<Integer, ArrayDeque<Integer>> byLun = new HashMap<>();
	private volatile boolean any;

	/** Establishes {@code asc}/{@code ascq} (sense key UNIT ATTENTION) for {@code lun}; duplicates fold. */
	public synchronized void raise(int lun, int asc, int ascq) {
		ArrayDeque<Integer> q = byLun.computeIfAbsent(lun, l -> new ArrayDeque<>());
		int code = asc << 8 | ascq;
		if (!q.contains(code) && q.size() < MAX_PER_LUN) {
			q.add(code);
		}
		any = true;
	}

	/** Whether no unit attention is pending on any LUN. */
	public boolean isEmpty() {
		return !any;
	}

	/** Takes the oldest unit attention of {@code lun} as {@code asc << 8 | ascq}, or -1 when none is pending. */
	public synchronized int take(int lun) {
		ArrayDeque<Integer> q = byLun.get(lun);
		if (q == null || q.isEmpty()) {
			return -1;
		}
		int code = q.poll();
		if (q.isEmpty()) {
			byLun.remove(lun);
			any = !byLun.isEmpty();
		}
		return code;
	}

	/** Whether {@code opcode} neither reports nor clears a unit attention (SPC-4 §5.14: INQUIRY, REPORT LUNS, REQUEST SENSE). */
	public static boolean passes(int opcode) {
		return opcode == 0x12 || opcode == 0xA0 || opcode == 0x03;
	}
}
