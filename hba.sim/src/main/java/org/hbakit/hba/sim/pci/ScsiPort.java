package org.hbakit.hba.sim.pci;


/**
 * What a simulated HBA sees at one target id: the SCSI target behind it. The machine plugs ports into an HBA
 * with {@link SimulatedPciHba#attach}; all methods are called on the HBA's device thread.
 */
public interface ScsiPort {
	/**
	 * Executes one request. The port reads the request fields of {@code exchange}, moves data through
	 * {@link HbaExchange#data()}, and sets the response fields before it returns (status, transferred bytes, sense,
	 * and, from fault injection, a completion delay or a drop). Must not block and should not allocate. A command
	 * that would hold the device thread long (a long media operation) executes one bounded step and calls
	 * {@link HbaExchange#continueLater()}; the HBA then {@linkplain #resume resumes} it.
	 */
	void execute(HbaExchange exchange);

	/**
	 * Continues a command that {@linkplain HbaExchange#continueLater() continues later}: executes its next bounded
	 * step and, unless it calls {@code continueLater()} again, finishes it with its response fields set. Called by the
	 * HBA after it served other requests, posted {@code ABORT}/{@code TMF} writes and completions. A port that never
	 * continues a command is never resumed.
	 */
	default void resume(HbaExchange exchange) {
		throw new IllegalStateException(this + " never continues a command");
	}

	/**
	 * The HBA gave up a command that continues later (ABORT, task management, controller reset): the port drops its
	 * state of it and releases what it holds for it; the HBA completes the request (or drops it, on reset) itself.
	 */
	default void abandon(HbaExchange exchange) {
	}

	/** The HBA was reset ({@code CC.EN}=0): the target reports power-on/reset (06/29/00) from now. */
	void busReset();

	/**
	 * Performs the target side of a task management function (after the HBA completed the affected requests it
	 * holds): e.g. a LOGICAL UNIT RESET leaves a unit attention.
	 *
	 * @param function one of {@code HBARegisters.TMF_*}
	 * @param lun the 8 SAM LUN bytes, byte 0 most significant
	 * @return true if the function completed, false if rejected (e.g. no such LUN)
	 */
	boolean taskManagement(int function, long lun);
}
