package org.hbakit.hba.sim.pci;


/**
 * What a simulated HBA sees at one target id: the SCSI target behind it. The machine plugs ports into an HBA
 * with {@link SimulatedPciHba#attach}; all methods are called on the HBA's device thread.
 */
public interface ScsiPort {
	/**
	 * Executes one request. The port reads the request fields of {@code exchange}, moves data through
	 * {@link HbaExchange#data()}, and sets the response fields before it returns (status, transferred bytes, sense,
	 * and, from fault injection, a completion delay or a drop). Must not block and should not allocate.
	 */
	void execute(HbaExchange exchange);

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
