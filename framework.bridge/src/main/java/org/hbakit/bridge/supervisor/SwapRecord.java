package org.hbakit.bridge.supervisor;

/**
 * One controller swap on one HBA, as logged and published.
 *
 * @param hba        the HBA's name
 * @param reason     why (bundle updated, operator request, controller service gone…)
 * @param from       the old binding
 * @param to         the new binding, or {@code -} if none could start
 * @param held       requests held when the gate closed
 * @param drained    tasks that completed normally during the drain
 * @param requeued   tasks taken back from the stopped controller and re-issued on the new one
 * @param pauseNanos time from the gate closing to it opening again (what clients saw as a pause)
 * @param drainNanos part of the pause spent draining in-flight tasks
 * @param stopNanos  part spent stopping the old controller
 * @param startNanos part spent in the new controller's start sequence
 * @param scanNanos  part spent scanning targets and logical units
 * @param endedAtMillis when the swap ended (wall clock, for timelines)
 */
public record SwapRecord(String hba, String reason, String from, String to, int held, long drained, long requeued,
		long pauseNanos, long drainNanos, long stopNanos, long startNanos, long scanNanos, long endedAtMillis) {
	@Override
	public String toString() {
		return hba + " " + from + " -> " + to + " (" + reason + "): held " + held + ", drained " + drained
				+ ", re-queued " + requeued + ", pause " + pauseNanos / 1000 + " us (drain " + drainNanos / 1000
				+ ", stop " + stopNanos / 1000 + ", start " + startNanos / 1000 + ", scan " + scanNanos / 1000 + ")";
	}

	/** Collects a swap's figures while it runs. */
	public static final class Builder {
		private final String hba;
		private final String reason;
		private String from = "-";
		private String to = "-";
		private int held;
		private long drained;
		private long requeued;
		private long heldSince;
		private long drainedAt;
		private long stoppedAt;
		private long startNanos;
		private long scanNanos;

		Builder(String hba, String reason) {
			this.hba = hba;
			this.reason = reason;
		}

		Builder from(String from) {
			this.from = from;
			return this;
		}

		Builder to(String to) {
			this.to = to;
			return this;
		}

		Builder heldAt(long sinceNanos, int held) {
			this.heldSince = sinceNanos;
			this.held = held;
			return this;
		}

		Builder drained(long drained, long requeued) {
			this.drained = drained;
			this.requeued = requeued;
			return this;
		}

		Builder phases(long drainedAt, long stoppedAt) {
			this.drainedAt = drainedAt;
			this.stoppedAt = stoppedAt;
			return this;
		}

		Builder started(long startNanos, long scanNanos) {
			this.startNanos = startNanos;
			this.scanNanos = scanNanos;
			return this;
		}

		SwapRecord finish(long now) {
			return new SwapRecord(hba, reason, from, to, held, drained, requeued, now - heldSince,
					drainedAt == 0 ? 0 : drainedAt - heldSince, stoppedAt - drainedAt, startNanos, scanNanos,
					System.currentTimeMillis());
		}
	}
}
