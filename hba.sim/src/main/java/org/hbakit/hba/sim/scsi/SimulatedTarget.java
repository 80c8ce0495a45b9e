package org.hbakit.hba.sim.scsi;

import static org.hbakit.controller.api.scsi.SCSIOperationCode.INQUIRY;
import static org.hbakit.controller.api.scsi.SCSIOperationCode.REPORT_LUNS;
import static org.hbakit.controller.api.scsi.SCSIOperationCode.REQUEST_SENSE;
import static org.hbakit.controller.api.scsi.SCSIOperationCode.TEST_UNIT_READY;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.LogicalUnitNumber;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.controller.api.scsi.SenseData;
import org.hbakit.hba.sim.scsi.fault.FaultInjector;
import org.hbakit.hba.sim.scsi.fault.FaultLevel;

/**
 * One simulated target id: a set of logical units by LUN, changeable at run time, plus the target-level behaviour
 * of SPC-4 and SAM-5.
 * <ul>
 * <li>REPORT LUNS, addressed to any LUN or to the REPORT LUNS well-known logical unit (W-LUN C101h): SELECT REPORT
 * 00h/01h/02h, 05/24/00 for other codes or an allocation length below 16.</li>
 * <li>Adding or removing a logical unit raises 06/3F/0E REPORTED LUNS DATA HAS CHANGED once per I_T nexus (one
 * initiator here): the next command to any logical unit other than INQUIRY, REPORT LUNS or REQUEST SENSE reports
 * it; REPORT LUNS clears it (SPC-4, as scsi_debug).</li>
 * <li>An absent LUN answers INQUIRY with peripheral qualifier 3, device type 1Fh (7Fh) and GOOD, REQUEST SENSE
 * with 05/25/00 parameter data and GOOD, and everything else with CHECK CONDITION 05/25/00 LOGICAL UNIT NOT
 * SUPPORTED, as Apple's emulator and QEMU do. The W-LUN answers INQUIRY (device type 1Eh), TEST UNIT READY,
 * REQUEST SENSE and REPORT LUNS, and 05/20/00 to anything else.</li>
 * <li>A removed target ({@link #setPresent(boolean) setPresent(false)}, or the {@code removed} fault on the target
 * or HBA level) fails every command with SERVICE_DELIVERY_OR_TARGET_FAILURE and DEVICE_NOT_PRESENT; on re-arrival
 * its units report 06/29/00.</li>
 * </ul>
 * Built with {@link #builder()} by the HBA, which calls {@link #execute} from its device threads. Thread-safe: the
 * inventory is an immutable snapshot behind a volatile field, so looking up a LUN costs one load and an array
 * index. The target listens to its own and the HBA's fault level for the {@code removed} fault; {@link #close()}
 * stops listening and closes the disks' stores.
 */
public final class SimulatedTarget implements ScsiTargetDevice, AutoCloseable {
	private static final int[] NO_LUNS = {};

	private final int targetId;
	private final FaultLevel faults;
	private final FaultLevel hbaFaults;
	private final FaultInjector ownFaults;
	private final InquiryIdentity identity;
	private final AtomicBoolean lunsChanged = new AtomicBoolean();
	private final Services services = new Services();
	private final Object inventoryLock = new Object();
	private volatile Inventory inventory = new Inventory(new SimulatedDisk[0], NO_LUNS);
	private final Runnable faultListener = this::faultsChanged;
	/** Set by {@link #setPresent}. */
	private boolean pluggedIn = true;
	/** Set by the {@code removed} fault. */
	private boolean faultRemoved;
	/** {@code pluggedIn && !faultRemoved}, read once per command. */
	private volatile boolean present = true;

	private SimulatedTarget(Builder b) {
		this.targetId = b.targetId;
		this.faults = b.faults != null ? b.faults : new FaultLevel(b.name(), b.targetId);
		this.hbaFaults = b.hbaFaults;
		this.ownFaults = new FaultInjector(null, faults, hbaFaults);
		this.identity = new InquiryIdentity(b.vendor, b.product, b.revision, "TARGET" + b.targetId);
		for (var e : b.units.entrySet()) {
			attach(e.getKey(), e.getValue());
		}
		faults.addListener(faultListener);
		if (hbaFaults != null) {
			hbaFaults.addListener(faultListener);
		}
		faultsChanged(); // a plan may already say the target is removed
	}

	/** A builder of a target with no logical units. */
	public static Builder builder() {
		return new Builder();
	}

	/** The target id, as the HBA addresses it. */
	public int targetId() {
		return targetId;
	}

	/** The target's fault level: plans installed here apply to all its logical units unless they override a kind. */
	public FaultLevel faults() {
		return faults;
	}

	// ---- ScsiTargetDevice ----

	@Override
	public void execute(ScsiExchange x) {
		x.reset();
		try {
			if (!present) {
				x.transportFailure(SCSITaskStatus.DEVICE_NOT_PRESENT);
				return;
			}
			int lun = x.lun();
			SimulatedDisk disk = inventory.get(lun);
			if (disk != null) {
				disk.execute(x);
			} else {
				answerWithoutUnit(x, lun);
			}
		} catch (RuntimeException e) {
			// a bug must not reach the HBA's device thread; the initiator sees a hardware error
			x.reset();
			Replies.check(x, false, SenseCode.INTERNAL_TARGET_FAILURE);
		}
	}

	/** Continues a suspended command on the disk that started it, if it is still this target's unit at that LUN. */
	@Override
	public void resume(ScsiExchange x) {
		try {
			Object owner = x.progress().owner;
			SimulatedDisk disk = inventory.get(x.lun());
			if (present && disk != null && disk == owner) {
				disk.resume(x);
				return;
			}
			abandon(x);
			x.reset();
			if (!present) {
				x.transportFailure(SCSITaskStatus.DEVICE_NOT_PRESENT);
			} else {
				answerWithoutUnit(x, x.lun()); // the unit went away between two steps
			}
		} catch (RuntimeException e) {
			x.reset();
			Replies.check(x, false, SenseCode.INTERNAL_TARGET_FAILURE);
		}
	}

	@Override
	public void abandon(ScsiExchange x) {
		if (x.progress().owner instanceof SimulatedDisk disk) {
			disk.abandon(x);
		}
	}

	@Override
	public void reset(ResetKind kind) {
		for (SimulatedDisk disk : inventory.byLun) {
			if (disk != null) {
				disk.reset(kind);
			}
		}
	}

	@Override
	public boolean resetLogicalUnit(int lun) {
		SimulatedDisk disk = inventory.get(lun);
		if (disk == null) {
			return false;
		}
		disk.reset(ResetKind.LOGICAL_UNIT_RESET);
		return true;
	}

	@Override
	public boolean hasLogicalUnit(int lun) {
		return inventory.get(lun) != null;
	}

	/** Always false: commands execute synchronously and nothing waits in the target (see the interface). */
	@Override
	public boolean abortTask(long taskTag) {
		return false;
	}

	@Override
	public boolean isPresent() {
		return present;
	}

	/**
	 * Removes the target from the bus ({@code false}) or brings it back ({@code true}); on re-arrival every logical
	 * unit reports 06/29/00, as after a power cycle. Data is kept. While the {@code removed} fault holds, the target
	 * stays away whatever this says.
	 */
	public void setPresent(boolean present) {
		boolean arriving;
		synchronized (inventoryLock) {
			pluggedIn = present;
			arriving = updatePresence();
		}
		if (arriving) {
			reset(ResetKind.POWER_ON_RESET);
		}
	}

	/** Follows the {@code removed} fault of the target and HBA levels; runs on the thread that changed a plan. */
	private void faultsChanged() {
		boolean arriving;
		synchronized (inventoryLock) {
			faultRemoved = ownFaults.targetRemoved();
			arriving = updatePresence();
		}
		if (arriving) {
			reset(ResetKind.POWER_ON_RESET);
		}
	}

	/** Recomputes {@link #present}; returns whether the target just came back. The caller holds the lock. */
	private boolean updatePresence() {
		boolean was = present;
		present = pluggedIn && !faultRemoved;
		return present && !was;
	}

	// ---- inventory ----

	/**
	 * Adds {@code disk} as {@code lun} at run time and raises 06/3F/0E on the target.
	 *
	 * @throws IllegalArgumentException if {@code lun} is outside 0..16383 or taken
	 * @throws IllegalStateException if the disk belongs to another target
	 */
	public void addLogicalUnit(int lun, SimulatedDisk disk) {
		attach(lun, disk);
		lunsChanged.set(true);
	}

	/**
	 * Removes logical unit {@code lun} at run time and raises 06/3F/0E on the target. The caller gets the disk back
	 * and owns it (and its store) again.
	 *
	 * @return the removed disk, or null if there was none
	 */
	public SimulatedDisk removeLogicalUnit(int lun) {
		SimulatedDisk removed;
		synchronized (inventoryLock) {
			Inventory inv = inventory;
			removed = inv.get(lun);
			if (removed == null) {
				return null;
			}
			SimulatedDisk[] byLun = inv.byLun.clone();
			byLun[lun] = null;
			inventory = Inventory.of(byLun);
		}
		removed.detach();
		lunsChanged.set(true);
		return removed;
	}

	/** The disk at {@code lun}, or null. */
	public SimulatedDisk logicalUnit(int lun) {
		return inventory.get(lun);
	}

	/** The LUNs present, ascending (a copy). */
	public int[] luns() {
		return inventory.luns.clone();
	}

	/** Stops following the fault levels and closes every disk's store; for the HBA's shutdown. */
	@Override
	public void close() throws IOException {
		faults.removeListener(faultListener);
		if (hbaFaults != null) {
			hbaFaults.removeListener(faultListener);
		}
		IOException first = null;
		for (SimulatedDisk disk : inventory.byLun) {
			if (disk != null) {
				try {
					disk.close();
				} catch (IOException e) {
					if (first == null) {
						first = e;
					} else {
						first.addSuppressed(e);
					}
				}
			}
		}
		if (first != null) {
			throw first;
		}
	}

	@Override
	public String toString() {
		return "SimulatedTarget[" + targetId + ", luns " + Arrays.toString(inventory.luns)
				+ (present ? "" : ", removed") + "]";
	}

	private void attach(int lun, SimulatedDisk disk) {
		Objects.requireNonNull(disk, "disk");
		if (lun < 0 || lun > LogicalUnitNumber.MAX_FLAT) {
			throw new IllegalArgumentException("LUN " + lun + " outside 0..16383");
		}
		synchronized (inventoryLock) {
			Inventory inv = inventory;
			if (inv.get(lun) != null) {
				throw new IllegalArgumentException("LUN " + lun + " of target " + targetId + " is taken");
			}
			disk.attach(new LogicalUnitContext(lun, new FaultInjector(disk.faults(), faults, hbaFaults), services));
			SimulatedDisk[] byLun = Arrays.copyOf(inv.byLun, Math.max(inv.byLun.length, lun + 1));
			byLun[lun] = disk;
			inventory = Inventory.of(byLun);
		}
	}

	// ---- commands without a logical unit ----

	/** Absent LUNs (and undecodable LUN fields) and the REPORT LUNS well-known logical unit. */
	private void answerWithoutUnit(ScsiExchange x, int lun) {
		byte[] cdb = x.cdb();
		int opcode = x.cdbLength() > 0 ? cdb[0] & 0xFF : -1;
		int verdict = ownFaults.decide(x, CommandSet.isMediaAccess(opcode));
		if (verdict != 0 && Replies.injectedFault(x, verdict)) {
			return;
		}
		boolean wellKnown = lun == LogicalUnitNumber.REPORT_LUNS_WELL_KNOWN_LUN;
		CommandDescriptor cmd = switch (opcode) {
			case INQUIRY -> CommandSet.INQUIRY_CMD;
			case REQUEST_SENSE -> CommandSet.REQUEST_SENSE_CMD;
			case REPORT_LUNS -> CommandSet.REPORT_LUNS_CMD;
			case TEST_UNIT_READY -> wellKnown ? CommandSet.TUR : null;
			default -> null;
		};
		if (cmd == null) {
			Replies.check(x, false, wellKnown ? SenseCode.INVALID_COMMAND_OPERATION_CODE
					: SenseCode.LOGICAL_UNIT_NOT_SUPPORTED);
			return;
		}
		if (x.cdbLength() < cmd.cdbLength) {
			Replies.check(x, false, SenseCode.INVALID_FIELD_IN_CDB);
			return;
		}
		if (Replies.rejectReservedBits(x, false, cdb, cmd.usage)) {
			return;
		}
		switch (opcode) {
			case INQUIRY -> inquiryWithoutUnit(x, wellKnown);
			case REQUEST_SENSE -> {
				int n = SenseData.build(x.sense(), (cdb[1] & 0x01) != 0,
						wellKnown ? SenseCode.NO_SENSE : SenseCode.LOGICAL_UNIT_NOT_SUPPORTED);
				Replies.dataIn(x, x.sense(), n, cdb[4] & 0xFF);
			}
			case REPORT_LUNS -> services.reportLuns(x, false);
			default -> x.complete(SCSITaskStatus.GOOD); // TEST UNIT READY to the W-LUN
		}
	}

	/** Standard INQUIRY data or VPD page 00h with PQ 3/PDT 1Fh (no unit) or PQ 0/PDT 1Eh (well-known unit). */
	private void inquiryWithoutUnit(ScsiExchange x, boolean wellKnown) {
		byte[] cdb = x.cdb();
		byte[] out = Scratch.get().array();
		int peripheral = wellKnown ? 0x1E : 0x7F;
		int allocation = Cdb.u16(cdb, 3);
		if ((cdb[1] & 0x01) != 0) {
			if ((cdb[2] & 0xFF) != 0x00) {
				Replies.invalidCdb(x, false, 2, -1);
				return;
			}
			out[0] = (byte) peripheral;
			out[1] = 0x00;
			Cdb.put16(out, 2, 1);
			out[4] = 0x00; // only the supported pages page
			Replies.dataIn(x, out, 5, allocation);
			return;
		}
		if (cdb[2] != 0) {
			Replies.invalidCdb(x, false, 2, -1);
			return;
		}
		Arrays.fill(out, 0, 36, (byte) 0);
		out[0] = (byte) peripheral;
		out[2] = 0x06; // SPC-4
		out[3] = 0x12; // HISUP, response data format 2
		out[4] = 31;
		InquiryIdentity.putAscii(out, 8, identity.vendor(), 8);
		InquiryIdentity.putAscii(out, 16, identity.product(), 16);
		InquiryIdentity.putAscii(out, 32, identity.revision(), 4);
		Replies.dataIn(x, out, 36, allocation);
	}

	/** The target's side of {@link TargetServices} for its logical units. */
	private final class Services implements TargetServices {
		@Override
		public void reportLuns(ScsiExchange x, boolean descriptorSense) {
			lunsChanged.set(false); // SPC-4: REPORT LUNS clears REPORTED LUNS DATA HAS CHANGED
			ReportLuns.answer(x, descriptorSense, inventory.luns);
		}

		@Override
		public boolean reportedLunsChangedPending() {
			return lunsChanged.get();
		}

		@Override
		public boolean takeReportedLunsChanged() {
			return lunsChanged.compareAndSet(true, false);
		}
	}

	/** An immutable snapshot of the logical units: indexed by LUN, and the LUNs in ascending order. */
	private static final class Inventory {
		final SimulatedDisk[] byLun;
		final int[] luns;

		Inventory(SimulatedDisk[] byLun, int[] luns) {
			this.byLun = byLun;
			this.luns = luns;
		}

		static Inventory of(SimulatedDisk[] byLun) {
			int last = byLun.length;
			while (last > 0 && byLun[last - 1] == null) {
				last--; // keep the table no longer than the highest LUN
			}
			SimulatedDisk[] trimmed = Arrays.copyOf(byLun, last);
			return new Inventory(trimmed, IntStream.range(0, last).filter(i -> trimmed[i] != null)
					.toArray());
		}

		SimulatedDisk get(int lun) {
			return lun >= 0 && lun < byLun.length ? byLun[lun] : null;
		}
	}

	/** Builds a {@link SimulatedTarget}. Not thread-safe. */
	public static final class Builder {
		private int targetId;
		private FaultLevel faults;
		private FaultLevel hbaFaults;
		private boolean noLun0;
		private String vendor = "HBAKIT";
		private String product = "SIM TARGET";
		private String revision = "1.0";
		private final TreeMap<Integer, SimulatedDisk> units = new TreeMap<>();

		private Builder() {
		}

		/** The target id (default 0). */
		public Builder targetId(int id) {
			if (id < 0) {
				throw new IllegalArgumentException("negative target id " + id);
			}
			this.targetId = id;
			return this;
		}

		/** The HBA's fault level, the least specific level of every unit's fault injector (default none). */
		public Builder hbaFaults(FaultLevel level) {
			this.hbaFaults = level;
			return this;
		}

		/** The target's fault level (default: a new level named {@code target<id>}). */
		public Builder faults(FaultLevel level) {
			this.faults = level;
			return this;
		}

		/** The identification an absent LUN's INQUIRY reports (defaults "HBAKIT", "SIM TARGET", "1.0"). */
		public Builder identity(String vendor, String product, String revision) {
			this.vendor = vendor;
			this.product = product;
			this.revision = revision;
			return this;
		}

		/** Whether {@link #disks} leaves LUN 0 empty and numbers the disks from 1 (scsi_debug's {@code no_lun_0}). */
		public Builder noLun0(boolean noLun0) {
			this.noLun0 = noLun0;
			return this;
		}

		/** Adds {@code disk} as {@code lun} to the initial inventory (no unit attention for it). */
		public Builder logicalUnit(int lun, SimulatedDisk disk) {
			if (units.putIfAbsent(lun, Objects.requireNonNull(disk, "disk")) != null) {
				throw new IllegalArgumentException("LUN " + lun + " given twice");
			}
			return this;
		}

		/**
		 * Adds {@code count} disks made by {@code factory} (called with each LUN) as LUNs 0..count-1, or 1..count
		 * with {@link #noLun0(boolean) noLun0}.
		 */
		public Builder disks(int count, IntFunction<SimulatedDisk> factory) {
			int first = noLun0 ? 1 : 0;
			for (int i = 0; i < count; i++) {
				logicalUnit(first + i, factory.apply(first + i));
			}
			return this;
		}

		private String name() {
			return "target" + targetId;
		}

		/**
		 * Builds the target and attaches its disks.
		 *
		 * @throws IllegalArgumentException for an invalid identity or LUN
		 * @throws IllegalStateException if a disk already belongs to another target
		 */
		public SimulatedTarget build() {
			return new SimulatedTarget(this);
		}
	}
}
