/**
 * Backing stores of simulated logical units: byte-addressed block storage with unmap, used by
 * {@code SimulatedDisk}. Sparse memory, file and null (data-discarding) implementations.
 */
package org.hbakit.hba.sim.scsi.store;
