package org.hbakit.hba.sim.machine;

import java.nio.file.Path;
import java.util.Map;

/**
 * One logical unit, as a {@code org.hbakit.hba.sim.lun} configuration (or the default machine) describes it.
 *
 * @param pid the configuration's PID
 * @param hba the name of its HBA
 * @param target target id
 * @param lun LUN number (single level, 0..16383)
 * @param sizeBytes capacity in bytes (a multiple of the block size)
 * @param blockSize logical block size in bytes
 * @param backing where the blocks live
 * @param file the backing file (absolute) for {@link Backing#FILE}, else null
 * @param vendor INQUIRY vendor (8 chars max)
 * @param product INQUIRY product (16 chars max)
 * @param serial unit serial number (VPD 80h)
 * @param faults fault injection (FaultPlan keys), possibly empty
 */
public record LunSpec(String pid, String hba, int target, int lun, long sizeBytes, int blockSize, Backing backing,
		Path file, String vendor, String product, String serial, Map<String, String> faults) {
	/** Where a LUN's blocks live. */
	public enum Backing {
		/** Sparse, in memory. */
		MEMORY,
		/** In a file; durable once SYNCHRONIZE CACHE is answered. */
		FILE,
		/** No data at all (reads return zeros, writes are discarded), for measuring dispatch alone. */
		NULL
	}

	/** The address of this LUN in the machine, {@code hba:target:lun}. */
	public String address() {
		return hba + ":" + target + ":" + lun;
	}
}
