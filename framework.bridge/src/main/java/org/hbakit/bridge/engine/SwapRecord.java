package org.hbakit.bridge.engine;

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
 */
public record SwapRecord(String hba, String reason, String from, String to, int held, long drained, long requeued,
		long pauseNanos) {
	@Override
	public String toString() {
		return hba + " " + from + " -> " + to + " (" + reason + "): held " + held + ", drained " + drained
				+ ", re-queued " + requeued + ", pause " + pauseNanos / 1000 + " us";
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

		SwapRecord finish(long now) {
			return new SwapRecord(hba, reason, from, to, held, drained, requeued, now - heldSince);
		}
	}
}
