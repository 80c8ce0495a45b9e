package org.hbakit.hba.sim.machine;

import java.util.Map;

import org.hbakit.hba.sim.pci.PciIdentity;

/**
 * One HBA of the machine, as a {@code org.hbakit.hba.sim.hba} configuration (or the default machine) describes it.
 *
 * @param pid the configuration's PID ({@code "default"} for the default machine)
 * @param name short name, unique ({@code hba0})
 * @param location PCI location, unique ({@code pci0000:00:04.0})
 * @param identity config space ids
 * @param maxQueueEntries largest SQ/CQ
 * @param interruptVectors number of vectors
 * @param targets number of target ids
 * @param initiatorId the HBA's own id
 * @param faults fault injection for every target of the HBA (FaultPlan keys), possibly empty
 */
public record HbaSpec(String pid, String name, String location, PciIdentity identity, int maxQueueEntries,
		int interruptVectors, int targets, int initiatorId, Map<String, String> faults) {
	/** Whether a running HBA built from {@code this} must be replaced to become {@code other} (not just re-faulted). */
	public boolean hardwareDiffers(HbaSpec other) {
		return !name.equals(other.name) || !location.equals(other.location) || !identity.equals(other.identity)
				|| maxQueueEntries != other.maxQueueEntries || interruptVectors != other.interruptVectors
				|| targets != other.targets || initiatorId != other.initiatorId;
	}
}
