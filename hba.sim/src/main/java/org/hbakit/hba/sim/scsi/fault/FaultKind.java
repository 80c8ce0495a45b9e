package org.hbakit.hba.sim.scsi.fault;

/**
 * The kinds of fault a {@link FaultPlan} can inject. {@link FaultInjector} resolves each kind independently:
 * the most specific level (logical unit, then target, then HBA) whose plan specifies the kind decides it.
 */
public enum FaultKind {
	/** A completion delay (keys {@code delay_ns}, {@code random_delay}). */
	DELAY,
	/** Every Nth command gets no completion at all (key {@code drop}). */
	DROP,
	/** Every Nth command fails with SERVICE_DELIVERY_OR_TARGET_FAILURE / DELIVERY_FAILURE (key {@code transport_error}). */
	TRANSPORT_ERROR,
	/** Every Nth command gets BUSY status (key {@code busy}). */
	BUSY,
	/** Every Nth command gets TASK SET FULL status (key {@code task_set_full}). */
	TASK_SET_FULL,
	/** Every Nth READ transfers half its blocks with GOOD status and a residual (key {@code short_transfer}). */
	SHORT_TRANSFER,
	/** Every Nth command that succeeds reports RECOVERED ERROR 01/5D/00 with its data (key {@code recovered_error}). */
	RECOVERED_ERROR,
	/** Reads of an LBA range fail with MEDIUM ERROR 03/11/00 (keys {@code medium_error_start}, {@code medium_error_count}). */
	MEDIUM_ERROR,
	/** The target is off the bus: every command fails with DEVICE_NOT_PRESENT (key {@code removed}). */
	TARGET_REMOVED;

	/** This kind's bit in a kind mask. */
	int bit() {
		return 1 << ordinal();
	}
}
