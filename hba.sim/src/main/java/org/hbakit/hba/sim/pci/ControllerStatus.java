package org.hbakit.hba.sim.pci;

import org.hbakit.controller.api.simhba.HBARegisters;

/**
 * The {@code CSTS} register: ready and controller fatal status. Written by the device thread (and by the thread
 * that runs a control operation while the device thread does not run); read by register reads on any thread.
 */
final class ControllerStatus {
	private volatile int csts;

	int read() {
		return csts;
	}

	/** Enabled and processing: {@code RDY}=1, {@code CFS}=0. */
	void ready() {
		csts = HBARegisters.CSTS_RDY;
	}

	/** Reset: both bits clear. */
	void clear() {
		csts = 0;
	}

	/** A fatal error (bad DMA address or queue configuration): {@code CFS}=1, kept until reset. */
	void fatal() {
		csts |= HBARegisters.CSTS_CFS;
	}

	/** A fatal error that also stops the device: {@code CFS}=1, {@code RDY}=0. */
	void fatalStop() {
		csts = (csts | HBARegisters.CSTS_CFS) & ~HBARegisters.CSTS_RDY;
	}

	/** The configuration was refused at enable: {@code CFS}=1 only. */
	void refused() {
		csts = HBARegisters.CSTS_CFS;
	}
}
