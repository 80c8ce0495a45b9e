package org.hbakit.hba.sim.scsi;

import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;

/**
 * One target id behind a simulated HBA: what the HBA device hands each command to.
 * <p>
 * Called by the HBA's device threads, possibly several at once for different commands (also for the same
 * logical unit); implementations are thread-safe. {@link #execute} runs the command synchronously and returns
 * its complete answer in the exchange, or, for a long media command when the caller allows steps, its first bounded
 * step ({@link #resume} runs the next); the HBA then honours the injected completion delay or drop.
 */
public interface ScsiTargetDevice {

	/**
	 * Executes the command in {@code x} and fills its response. Never throws; always leaves one of: TASK_COMPLETE
	 * with GOOD, CHECK CONDITION with valid sense, BUSY or TASK SET FULL; SERVICE_DELIVERY_OR_TARGET_FAILURE with a
	 * protocol-layer status (e.g. {@link SCSITaskStatus#DELIVERY_FAILURE}, {@link SCSITaskStatus#DEVICE_NOT_PRESENT});
	 * or {@link ScsiExchange#dropped()}. The exchange is only borrowed for the call.
	 *
	 * @see SCSIServiceResponse
	 */
	void execute(ScsiExchange x);

	/**
	 * Continues a command that returned {@linkplain ScsiExchange#isSuspended() suspended}: executes its next bounded
	 * step, leaving it suspended again or finished with its response. Only a caller that
	 * {@linkplain ScsiExchange#setSteppable allowed steps} ever gets a suspended command; never throws. The default,
	 * for targets that never suspend, answers a delivery failure.
	 */
	default void resume(ScsiExchange x) {
		x.reset();
		x.transportFailure(SCSITaskStatus.DELIVERY_FAILURE);
	}

	/**
	 * Gives up a suspended command (the HBA aborted it, or was reset): the target releases what it holds for it
	 * (e.g. COMPARE AND WRITE's exclusion) and forgets it. Never throws.
	 */
	default void abandon(ScsiExchange x) {
	}

	/**
	 * Delivers a reset: every logical unit (for {@link ResetKind#LOGICAL_UNIT_RESET} too; use
	 * {@link #resetLogicalUnit(int)} for one) establishes the reset's unit attention and returns to its
	 * power-on mode parameters.
	 */
	void reset(ResetKind kind);

	/**
	 * Delivers LOGICAL UNIT RESET to one logical unit.
	 *
	 * @return false if the target has no such logical unit (the HBA may answer FUNCTION REJECTED)
	 */
	boolean resetLogicalUnit(int lun);

	/** Whether the target has logical unit {@code lun} (as {@link ScsiExchange#lun()} numbers it). */
	boolean hasLogicalUnit(int lun);

	/**
	 * Aborts a command still held by the target. Best effort: the simulated targets execute synchronously and
	 * hold nothing (delays are honoured by the HBA), so they return false and the HBA aborts its own copy.
	 *
	 * @return true if the target found and aborted the task
	 */
	boolean abortTask(long taskTag);

	/**
	 * Whether the target is present on the bus; when not, every command fails with
	 * SERVICE_DELIVERY_OR_TARGET_FAILURE and {@link SCSITaskStatus#DEVICE_NOT_PRESENT}.
	 */
	boolean isPresent();
}
