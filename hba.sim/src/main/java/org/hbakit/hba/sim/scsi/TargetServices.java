package org.hbakit.hba.sim.scsi;

/**
 * What a target provides to the logical units it holds: the target-wide REPORT LUNS answer and the
 * "reported LUNs data has changed" unit attention, which is reported once per I_T nexus (one initiator here)
 * by whichever logical unit gets a command first (SPC-4, as scsi_debug does for SPC-4 and later).
 */
interface TargetServices {

	/** Answers REPORT LUNS (CDB already checked for reserved bits) and clears the pending 3F/0E unit attention. */
	void reportLuns(ScsiExchange x, boolean descriptorSense);

	/** Whether a 3F/0E unit attention is pending; one volatile read. */
	boolean reportedLunsChangedPending();

	/** Takes the pending 3F/0E unit attention: true for exactly one caller per inventory change. */
	boolean takeReportedLunsChanged();
}
