package org.hbakit.iscsi.session;

/** Serial number arithmetic on 32-bit sequence numbers (RFC 1982), as CmdSN, StatSN and DataSN use it. */
public final class SerialNumbers {
	private SerialNumbers() {
	}

	/** Whether {@code a} precedes {@code b}. */
	public static boolean lessThan(int a, int b) {
		return a != b && (a - b) < 0;
	}

	/** Whether {@code a} lies in [{@code low}, {@code high}] (an empty window when high is low - 1). */
	public static boolean inWindow(int a, int low, int high) {
		return (a - low) >= 0 && (high - a) >= 0 && (high - low) >= -1;
	}
}
