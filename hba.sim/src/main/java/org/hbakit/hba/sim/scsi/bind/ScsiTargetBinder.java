package org.hbakit.hba.sim.scsi.bind;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.hbakit.hba.sim.machine.HbaSpec;
import org.hbakit.hba.sim.machine.LunSpec;
import org.hbakit.hba.sim.machine.TargetBinder;
import org.hbakit.hba.sim.pci.SimulatedPciHba;
import org.hbakit.hba.sim.scsi.InquiryIdentity;
import org.hbakit.hba.sim.scsi.SimulatedDisk;
import org.hbakit.hba.sim.scsi.SimulatedTarget;
import org.hbakit.hba.sim.scsi.fault.FaultLevel;
import org.hbakit.hba.sim.scsi.fault.FaultPlan;
import org.hbakit.hba.sim.scsi.store.BlockStore;
import org.hbakit.hba.sim.scsi.store.FileStore;
import org.hbakit.hba.sim.scsi.store.NullStore;
import org.hbakit.hba.sim.scsi.store.SparseMemoryStore;

/**
 * Builds and updates the SCSI targets behind each simulated HBA from the machine's LUN specifications: one
 * {@link SimulatedTarget} per target id that has LUNs, attached to the HBA through a {@link TargetPort}, one
 * {@link SimulatedDisk} per LUN (sparse memory, file or null store), the HBA's faults on an HBA-level
 * {@link FaultLevel} shared by its targets, and each LUN's faults on the disk's level.
 * <p>
 * {@link #bind} validates everything and builds the new disks before it changes anything, so a LUN that cannot be
 * built (bad faults, a backing file that does not open) leaves the HBA's targets as they were. A running LUN is
 * changed in place where a real device could be: a new size raises 06/2A/09, new INQUIRY strings 06/3F/03, new
 * faults apply at once; a new backing, file or block size replaces the disk (a LUN removal and addition: 06/3F/0E).
 * Faults changed at run time through {@link #setFaults} stay until the configuration's faults for that level change.
 * <p>
 * Called by the {@code SimulatedMachine} under its lock and by the shell; thread-safe (all methods synchronise on
 * the binder), never on an I/O path. The binder owns the targets, disks and stores it builds; {@link #unbind} closes
 * them.
 */
public final class ScsiTargetBinder implements TargetBinder {
	/** INQUIRY revision of the disks (a LUN specification has no revision). */
	public static final String REVISION = "1.0";

	private final Map<SimulatedPciHba, Bound> bound = new IdentityHashMap<>();

	/** What the binder built for one HBA. */
	private static final class Bound {
		final FaultLevel hbaFaults;
		final Map<Integer, SimulatedTarget> targets = new TreeMap<>();
		Map<String, String> hbaFaultSpec = Map.of();
		Map<Long, LunSpec> specs = new LinkedHashMap<>();

		Bound(FaultLevel hbaFaults) {
			this.hbaFaults = hbaFaults;
		}
	}

	/** A binder with no HBAs yet. */
	public ScsiTargetBinder() {
	}

	/**
	 * Checks fault settings against {@link FaultPlan}'s keys and values; usable as the machine configuration's fault
	 * validator ({@code MachineConfig.FaultValidator}).
	 *
	 * @throws IllegalArgumentException naming the key and the reason
	 */
	public static void validate(Map<String, String> faults) {
		FaultPlan.parse(faults);
	}

	@Override
	public synchronized void bind(SimulatedPciHba hba, HbaSpec spec, List<LunSpec> luns) {
		Bound b = bound.get(hba);
		if (b == null) {
			b = new Bound(new FaultLevel(hba.hbaName()));
		}
		// 1. check and build without touching what runs
		FaultPlan hbaPlan = plan("HBA " + spec.name(), spec.faults());
		Map<Long, LunSpec> wanted = new LinkedHashMap<>();
		Map<Long, FaultPlan> plans = new HashMap<>();
		Map<Long, SimulatedDisk> built = new HashMap<>();
		try {
			for (LunSpec l : luns) {
				if (l.target() < 0 || l.target() >= hba.targetCount() || l.target() == hba.initiatorId()) {
					throw new IllegalArgumentException("LUN " + l.address() + ": target id " + l.target()
							+ " is not available on " + hba.hbaName());
				}
				long key = key(l.target(), l.lun());
				if (wanted.put(key, l) != null) {
					throw new IllegalArgumentException("LUN " + l.address() + " is given twice");
				}
				plans.put(key, plan("LUN " + l.address(), l.faults()));
				LunSpec old = b.specs.get(key);
				if (old == null || needsNewDisk(old, l)) {
					built.put(key, build(hba, l));
				}
			}
		} catch (RuntimeException e) {
			built.values().forEach(ScsiTargetBinder::closeQuietly);
			throw e instanceof IllegalArgumentException iae ? iae : new IllegalArgumentException(e.getMessage(), e);
		}
		// 2. apply
		if (!b.hbaFaultSpec.equals(spec.faults())) {
			b.hbaFaults.set(hbaPlan);
			b.hbaFaultSpec = spec.faults();
		}
		for (Map.Entry<Long, LunSpec> e : b.specs.entrySet()) {
			long key = e.getKey();
			if (!wanted.containsKey(key) || built.containsKey(key)) {
				SimulatedTarget t = b.targets.get(e.getValue().target());
				closeQuietly(t.removeLogicalUnit(e.getValue().lun()));
			}
		}
		Map<Integer, Map<Integer, SimulatedDisk>> newTargets = new TreeMap<>();
		for (Map.Entry<Long, SimulatedDisk> e : built.entrySet()) {
			LunSpec l = wanted.get(e.getKey());
			e.getValue().faults().set(plans.get(e.getKey()));
			SimulatedTarget t = b.targets.get(l.target());
			if (t != null) {
				t.addLogicalUnit(l.lun(), e.getValue());
			} else {
				newTargets.computeIfAbsent(l.target(), k -> new TreeMap<>()).put(l.lun(), e.getValue());
			}
		}
		for (Map.Entry<Integer, Map<Integer, SimulatedDisk>> e : newTargets.entrySet()) {
			SimulatedTarget.Builder tb = SimulatedTarget.builder().targetId(e.getKey()).hbaFaults(b.hbaFaults)
					.faults(new FaultLevel(hba.hbaName() + ":" + e.getKey()));
			e.getValue().forEach(tb::logicalUnit); // the initial inventory: no 3F/0E
			SimulatedTarget t = tb.build();
			b.targets.put(e.getKey(), t);
			hba.attach(e.getKey(), new TargetPort(t));
		}
		for (Map.Entry<Long, LunSpec> e : wanted.entrySet()) {
			LunSpec old = b.specs.get(e.getKey());
			if (old != null && !built.containsKey(e.getKey())) {
				update(b.targets.get(old.target()).logicalUnit(old.lun()), old, e.getValue(), plans.get(e.getKey()));
			}
		}
		for (var it = b.targets.entrySet().iterator(); it.hasNext();) {
			var e = it.next();
			if (e.getValue().luns().length == 0) {
				hba.detach(e.getKey());
				closeQuietly(e.getValue());
				it.remove();
			}
		}
		b.specs = wanted;
		bound.put(hba, b);
	}

	@Override
	public synchronized void unbind(SimulatedPciHba hba) {
		Bound b = bound.remove(hba);
		if (b == null) {
			return;
		}
		for (Map.Entry<Integer, SimulatedTarget> e : b.targets.entrySet()) {
			hba.detach(e.getKey());
			closeQuietly(e.getValue());
		}
	}

	// ---- run time access, for the shell ----

	/** The target at {@code target} behind {@code hba}, or null. */
	public synchronized SimulatedTarget target(SimulatedPciHba hba, int target) {
		Bound b = bound.get(hba);
		return b == null ? null : b.targets.get(target);
	}

	/**
	 * The fault level of {@code hba} ({@code target} -1), of one of its targets ({@code lun} -1) or of one LUN.
	 *
	 * @throws IllegalArgumentException if the HBA is not bound or has no such target or LUN
	 */
	public synchronized FaultLevel faultLevel(SimulatedPciHba hba, int target, int lun) {
		Bound b = bound.get(hba);
		if (b == null) {
			throw new IllegalArgumentException("HBA " + hba.hbaName() + " has no SCSI targets");
		}
		if (target < 0) {
			return b.hbaFaults;
		}
		SimulatedTarget t = b.targets.get(target);
		if (t == null) {
			throw new IllegalArgumentException("HBA " + hba.hbaName() + " has no target " + target);
		}
		if (lun < 0) {
			return t.faults();
		}
		SimulatedDisk d = t.logicalUnit(lun);
		if (d == null) {
			throw new IllegalArgumentException("target " + hba.hbaName() + ":" + target + " has no LUN " + lun);
		}
		return d.faults();
	}

	/**
	 * Replaces the fault plan of an HBA, target or LUN (see {@link #faultLevel}) at run time; an empty map clears it.
	 *
	 * @throws IllegalArgumentException for an unknown HBA, target or LUN, or faults {@link FaultPlan#parse} refuses
	 */
	public synchronized void setFaults(SimulatedPciHba hba, int target, int lun, Map<String, ?> faults) {
		FaultLevel level = faultLevel(hba, target, lun);
		level.set(FaultPlan.parse(faults));
	}

	// ---- building ----

	private static long key(int target, int lun) {
		return (long) target << 16 | lun;
	}

	private static FaultPlan plan(String where, Map<String, String> faults) {
		try {
			return FaultPlan.parse(faults);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(where + " faults: " + e.getMessage(), e);
		}
	}

	/** Whether a running disk cannot become {@code next} in place. */
	private static boolean needsNewDisk(LunSpec old, LunSpec next) {
		return old.backing() != next.backing() || !Objects.equals(old.file(), next.file())
				|| old.blockSize() != next.blockSize();
	}

	private static SimulatedDisk build(SimulatedPciHba hba, LunSpec l) {
		BlockStore store = switch (l.backing()) {
			case MEMORY -> new SparseMemoryStore();
			case NULL -> NullStore.INSTANCE;
			case FILE -> {
				try {
					yield FileStore.open(l.file());
				} catch (IOException e) {
					throw new IllegalArgumentException("LUN " + l.address() + ": cannot open " + l.file() + ": " + e,
							e);
				}
			}
		};
		try {
			SimulatedDisk.Builder b = SimulatedDisk.builder().store(store).blockSize(l.blockSize())
					.capacityBlocks(l.sizeBytes() / l.blockSize())
					.wwn(SimulatedDisk.wwnFor(hbaIndex(hba.hbaName()), l.target(), l.lun()))
					.identity(l.vendor(), l.product(), REVISION).serial(l.serial())
					.faults(new FaultLevel(l.address()));
			if (l.backing() == LunSpec.Backing.FILE) {
				// a persistent medium keeps its saved mode pages beside it
				b.savedModePages(savedModePagesFile(l.file()));
			}
			return b.build();
		} catch (RuntimeException e) {
			closeQuietly(store);
			throw new IllegalArgumentException("LUN " + l.address() + ": " + e.getMessage(), e);
		}
	}

	/** Where a file-backed LUN keeps its saved mode pages: {@code <backing file>.modepages}. */
	public static java.nio.file.Path savedModePagesFile(java.nio.file.Path backingFile) {
		return backingFile.resolveSibling(backingFile.getFileName() + ".modepages");
	}

	/** Changes a running disk into {@code next} where a real device could change. */
	private static void update(SimulatedDisk disk, LunSpec old, LunSpec next, FaultPlan plan) {
		long blocks = next.sizeBytes() / next.blockSize();
		if (blocks != disk.capacityBlocks()) {
			disk.setCapacityBlocks(blocks);
		}
		if (!old.vendor().equals(next.vendor()) || !old.product().equals(next.product())
				|| !old.serial().equals(next.serial())) {
			disk.setIdentity(new InquiryIdentity(next.vendor(), next.product(), REVISION, next.serial()));
		}
		if (!old.faults().equals(next.faults())) {
			disk.faults().set(plan);
		}
	}

	/** A small number for the WWN: the digits an HBA name ends with ({@code hba12} → 12), else a hash. */
	static int hbaIndex(String name) {
		int i = name.length();
		while (i > 0 && Character.isDigit(name.charAt(i - 1))) {
			i--;
		}
		if (i < name.length() && name.length() - i <= 3) {
			return Integer.parseInt(name.substring(i)) & 0xFF;
		}
		return name.hashCode() & 0xFF;
	}

	private static void closeQuietly(AutoCloseable c) {
		if (c == null || c == NullStore.INSTANCE) {
			return;
		}
		try {
			c.close();
		} catch (Exception e) {
			// a store that fails to close has nothing more to lose; the machine goes on
		}
	}

	@Override
	public synchronized String toString() {
		List<String> hbas = new ArrayList<>();
		bound.forEach((h, b) -> hbas.add(h.hbaName() + b.targets.keySet()));
		return "ScsiTargetBinder" + hbas;
	}
}
