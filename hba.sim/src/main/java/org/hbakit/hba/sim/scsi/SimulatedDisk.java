package org.hbakit.hba.sim.scsi;

import static org.hbakit.controller.api.scsi.SCSIOperationCode.INQUIRY;
import static org.hbakit.controller.api.scsi.SCSIOperationCode.REPORT_LUNS;
import static org.hbakit.controller.api.scsi.SCSIOperationCode.REQUEST_SENSE;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.SCSIOperationCode;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.hba.sim.scsi.fault.FaultInjector;
import org.hbakit.hba.sim.scsi.fault.FaultLevel;
import org.hbakit.hba.sim.scsi.store.BlockStore;
import org.hbakit.hba.sim.scsi.store.SparseMemoryStore;

/**
 * A simulated direct-access block device (peripheral device type 0): one logical unit answering the SBC-3/SPC-4
 * command set with the sense data, unit attentions and limits of a real disk, modelled on Linux scsi_debug and
 * QEMU scsi-disk.
 * <p>
 * Commands: TEST UNIT READY, REQUEST SENSE, FORMAT UNIT, INQUIRY (standard; VPD 00h, 80h, 83h, B0h, B1h, B2h),
 * MODE SENSE/SELECT (6/10; pages 01h, 08h, 0Ah), START STOP UNIT, SEND DIAGNOSTIC, PREVENT ALLOW MEDIUM REMOVAL,
 * READ CAPACITY (10/16), READ and WRITE (6/10/12/16), VERIFY (10/12/16), SYNCHRONIZE CACHE (10/16), WRITE SAME
 * (10/16), UNMAP, COMPARE AND WRITE, GET LBA STATUS, WRITE AND VERIFY (10/12/16), ORWRITE (16), WRITE ATOMIC (16),
 * PRE-FETCH (10/16), READ DEFECT DATA (10/12), REPORT LUNS (answered by its target) and REPORT SUPPORTED
 * OPERATION CODES. Every command is checked, in this order: injected transport faults; a pending unit attention
 * (except INQUIRY, REPORT LUNS and REQUEST SENSE, which neither report nor clear them); operation code (05/20/00);
 * CDB length; service action and reserved or unsupported CDB bits (05/24/00 with the field pointer); readiness
 * (02/04/02 when stopped); then the command's own checks. Sense is fixed format unless the control mode page's
 * D_SENSE bit is set.
 * <p>
 * Built with {@link #builder()} and added to a {@link SimulatedTarget}, which calls {@link #execute} from the HBA's
 * device threads, possibly concurrently. Thread-safe; READ and WRITE take no lock and allocate nothing. The
 * management methods (capacity, write cache, identity, write protection, start/stop) may be called from any thread
 * and raise the unit attentions a real device would. The disk owns its {@link BlockStore}; {@link #close()} closes
 * it.
 * <p>
 * Why one class of this size: a third of it is the nested {@link Builder} (every identity and limit option of a
 * real disk); the rest is the order of checks every command goes through and the disk's state, while the command
 * bodies live in their own classes ({@code MediaCommands}, {@code WriteVariantCommands}, {@code DiskInquiry}, …).
 */
public final class SimulatedDisk implements AutoCloseable {
	/** Peripheral device type of a direct-access block device. */
	public static final int PERIPHERAL_DEVICE_TYPE = 0x00;

	private static final AtomicLong DEFAULT_WWN_SEQUENCE = new AtomicLong();
	/** Services of a disk that belongs to no target: it is LUN 0 of its own and the inventory never changes. */
	private static final TargetServices STANDALONE = new TargetServices() {
		private final int[] luns = { 0 };

		@Override
		public void reportLuns(ScsiExchange x, boolean descriptorSense) {
			ReportLuns.answer(x, descriptorSense, luns);
		}

		@Override
		public boolean reportedLunsChangedPending() {
			return false;
		}

		@Override
		public boolean takeReportedLunsChanged() {
			return false;
		}
	};

	private final DiskConfig config;
	private final BlockStore store;
	private final CommandSet commands;
	private final FaultLevel faults;
	private final UnitAttentions attentions = new UnitAttentions();
	private final MediaCommands media;
	private final ModeCommands modes;
	private final DeviceCommands device;
	private final WriteVariantCommands variants;
	private final LogicalUnitContext standalone;
	/** Guards MODE SELECT and the management setters that build new mode pages. */
	final Object modeLock = new Object();
	/** Serialises COMPARE AND WRITE: the exchange of the one in progress (it may be suspended between steps). */
	final AtomicReference<ScsiExchange> compareAndWriteOwner = new AtomicReference<>();

	private volatile LogicalUnitContext context;
	private volatile long capacityBlocks;
	private volatile ModePages mode;
	private volatile ModePages defaultMode;
	/** Where saved pages live, or null when the unit does not save pages. */
	private final SavedModePages saving;
	/** The saved pages, or null while none were saved (then the defaults are the saved values). */
	private volatile ModePages savedMode;
	private volatile DiskInquiry inquiry;
	private volatile boolean started;
	private volatile boolean removalPrevented;
	private volatile boolean writeProtected;

	private SimulatedDisk(Builder b, DiskConfig config, BlockStore store) {
		this.config = config;
		this.store = store;
		this.commands = CommandSet.forDisk(config.lbpu, config.lbpws, config.lbpws10);
		this.faults = b.faults != null ? b.faults : new FaultLevel("disk-" + Long.toHexString(config.wwn));
		this.media = new MediaCommands(this, config, store);
		this.modes = new ModeCommands(this, config);
		this.device = new DeviceCommands(this, config, commands);
		this.variants = new WriteVariantCommands(this, config, store, media);
		this.capacityBlocks = b.capacityBlocks;
		this.defaultMode = ModePages.defaults(b.writeCacheEnabled);
		this.saving = b.saving;
		this.savedMode = b.loadedMode;
		this.mode = savedMode();
		this.inquiry = new DiskInquiry(config, b.identity(config.wwn));
		this.started = b.started;
		this.writeProtected = b.writeProtected;
		this.standalone = new LogicalUnitContext(0, new FaultInjector(faults, null, null), STANDALONE);
		this.context = standalone;
		attentions.raise(SenseCode.POWER_ON_RESET); // a new unit reports power on first, like scsi_debug's POR
	}

	/** A builder with the defaults: 1 GiB of 512-byte blocks on a sparse memory store, thin provisioned. */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A locally administered (NAA 3) WWN that is unique per HBA index, target id and LUN and stable across restarts:
	 * {@code 3} | {@code "HBK"} | hba (8 bits) | target (12 bits) | LUN (16 bits).
	 */
	public static long wwnFor(int hba, int target, int lun) {
		return 0x3L << 60 | 0x48424BL << 36 | (long) (hba & 0xFF) << 28 | (long) (target & 0xFFF) << 16 | lun & 0xFFFF;
	}

	// ---- the device server ----

	/**
	 * Executes one command addressed to this logical unit and fills the exchange's response; never throws (an
	 * internal error becomes 04/44/00 INTERNAL TARGET FAILURE). Called by the target on the HBA's device threads.
	 */
	public void execute(ScsiExchange x) {
		x.reset();
		try {
			dispatch(x);
		} catch (RuntimeException e) {
			internalFailure(x);
		}
	}

	/**
	 * Runs the next step of a command that returned {@linkplain ScsiExchange#isSuspended() suspended} (a long media
	 * command, when the caller allows steps); never throws. Called by the target on the HBA's device thread.
	 */
	public void resume(ScsiExchange x) {
		try {
			media.resume(x);
			if (!x.isSuspended()) {
				recovered(x, x.progress().verdict, x.progress().descriptorSense);
			}
		} catch (RuntimeException e) {
			internalFailure(x);
		}
	}

	/** Gives up a suspended command: releases what it holds (COMPARE AND WRITE's exclusion); never throws. */
	public void abandon(ScsiExchange x) {
		media.abandon(x);
	}

	/** A bug must not reach the HBA's device thread: the initiator sees a hardware error, and nothing stays held. */
	private void internalFailure(ScsiExchange x) {
		media.abandon(x);
		x.reset();
		Replies.check(x, mode.descriptorSense, SenseCode.INTERNAL_TARGET_FAILURE);
	}

	private void dispatch(ScsiExchange x) {
		LogicalUnitContext ctx = context;
		byte[] cdb = x.cdb();
		int length = x.cdbLength();
		int opcode = length > 0 ? cdb[0] & 0xFF : -1;
		int verdict = ctx.faults.decide(x, CommandSet.isMediaAccess(opcode));
		if (verdict != 0 && Replies.injectedFault(x, verdict)) {
			return;
		}
		ModePages m = mode;
		boolean d = m.descriptorSense;
		if (opcode < 0) {
			Replies.check(x, d, SenseCode.INVALID_COMMAND_OPERATION_CODE);
			return;
		}
		if (opcode != INQUIRY && opcode != REPORT_LUNS && opcode != REQUEST_SENSE) {
			SenseCode ua = attentions.take(ctx.target);
			if (ua != null) {
				Replies.check(x, d, ua);
				return;
			}
		}
		if (!commands.supports(opcode)) {
			Replies.check(x, d, SenseCode.INVALID_COMMAND_OPERATION_CODE);
			return;
		}
		if (length < SCSIOperationCode.cdbLength(opcode)) {
			Replies.check(x, d, SenseCode.INVALID_FIELD_IN_CDB); // the CDB ends before its group's length
			return;
		}
		CommandDescriptor cmd = commands.hasServiceActions(opcode) ? commands.find(opcode, cdb[1] & 0x1F)
				: commands.find(opcode);
		if (cmd == null) {
			Replies.invalidCdb(x, d, 1, 4); // unsupported service action
			return;
		}
		if (Replies.rejectReservedBits(x, d, cdb, cmd.usage)) {
			return;
		}
		if (cmd.has(CommandDescriptor.NEEDS_READY) && !started) {
			Replies.check(x, d, SenseCode.INITIALIZING_COMMAND_REQUIRED);
			return;
		}
		run(cmd.op, x, ctx, m, verdict);
		if (x.isSuspended()) {
			x.progress().verdict = verdict; // applied when the last step is done
		} else {
			recovered(x, verdict, d);
		}
	}

	private static void recovered(ScsiExchange x, int verdict, boolean descriptorSense) {
		if ((verdict & FaultInjector.RECOVERED_ERROR) != 0 && x.isGood()) {
			Replies.check(x, descriptorSense, SenseCode.RECOVERED_THRESHOLD_EXCEEDED); // data stays transferred
		}
	}

	private void run(DiskOp op, ScsiExchange x, LogicalUnitContext ctx, ModePages m, int verdict) {
		boolean d = m.descriptorSense;
		switch (op) {
			case TEST_UNIT_READY -> x.complete(SCSITaskStatus.GOOD);
			case REQUEST_SENSE -> device.requestSense(x, ctx);
			case FORMAT_UNIT -> media.formatUnit(x, d);
			case READ -> media.read(x, d, ctx.faults, verdict);
			case WRITE -> media.write(x, d, m.writeCacheEnabled);
			case INQUIRY -> device.inquiry(x, d);
			case MODE_SELECT -> modes.select(x, d);
			case MODE_SENSE -> modes.sense(x, d);
			case START_STOP_UNIT -> device.startStopUnit(x, d);
			case SEND_DIAGNOSTIC -> device.sendDiagnostic(x, d);
			case PREVENT_ALLOW_MEDIUM_REMOVAL -> device.preventAllowMediumRemoval(x, d);
			case READ_CAPACITY_10 -> device.readCapacity10(x, d);
			case VERIFY -> media.verify(x, d, ctx.faults);
			case SYNCHRONIZE_CACHE -> media.synchronizeCache(x, d);
			case WRITE_SAME -> media.writeSame(x, d, m.writeCacheEnabled);
			case UNMAP -> media.unmap(x, d);
			case COMPARE_AND_WRITE -> media.compareAndWrite(x, d, ctx.faults, m.writeCacheEnabled);
			case READ_CAPACITY_16 -> device.readCapacity16(x, d);
			case GET_LBA_STATUS -> media.getLbaStatus(x, d);
			case REPORT_LUNS -> ctx.target.reportLuns(x, d);
			case REPORT_SUPPORTED_OPERATION_CODES -> device.reportSupportedOperationCodes(x, d);
			case WRITE_AND_VERIFY -> variants.writeAndVerify(x, d, m.writeCacheEnabled);
			case OR_WRITE -> variants.orWrite(x, d, m.writeCacheEnabled);
			case WRITE_ATOMIC -> variants.writeAtomic(x, d, m.writeCacheEnabled);
			case PRE_FETCH -> variants.preFetch(x, d);
			case READ_DEFECT_DATA -> DefectData.read(x);
		}
	}

	/**
	 * Delivers a reset: establishes its unit attention, returns the mode pages to their saved values (the defaults
	 * where none were saved) and allows medium removal; {@link ResetKind#POWER_ON} also starts a stopped unit.
	 */
	public void reset(ResetKind kind) {
		attentions.raise(kind.unitAttention());
		synchronized (modeLock) {
			mode = savedMode();
		}
		removalPrevented = false;
		if (kind == ResetKind.POWER_ON) {
			started = true;
		}
	}

	// ---- management ----

	/** Number of logical blocks. */
	public long capacityBlocks() {
		return capacityBlocks;
	}

	/**
	 * Changes the number of logical blocks at run time (data beyond a shrunk end stays in the store) and raises
	 * 06/2A/09 CAPACITY DATA HAS CHANGED.
	 *
	 * @throws IllegalArgumentException if {@code blocks} is not positive or exceeds what the store addresses
	 */
	public void setCapacityBlocks(long blocks) {
		checkCapacity(blocks, config.blockSize, store);
		capacityBlocks = blocks;
		attentions.raise(SenseCode.CAPACITY_DATA_CHANGED);
	}

	/** Logical block length in bytes. */
	public int blockSize() {
		return config.blockSize;
	}

	/** The WWN reported in the NAA designator of VPD page 83h. */
	public long wwn() {
		return config.wwn;
	}

	/** The INQUIRY identification strings. */
	public InquiryIdentity identity() {
		return inquiry.identity;
	}

	/** Changes the INQUIRY identification strings and raises 06/3F/03 INQUIRY DATA HAS CHANGED. */
	public void setIdentity(InquiryIdentity identity) {
		inquiry = new DiskInquiry(config, Objects.requireNonNull(identity, "identity"));
		attentions.raise(SenseCode.INQUIRY_DATA_CHANGED);
	}

	/** Whether the caching mode page's WCE bit is set (writes complete before they are durable). */
	public boolean isWriteCacheEnabled() {
		return mode.writeCacheEnabled;
	}

	/**
	 * Sets WCE in the current and default caching page, as an administrator changing the drive's setting would, and
	 * raises 06/2A/01 MODE PARAMETERS CHANGED.
	 */
	public void setWriteCacheEnabled(boolean enabled) {
		synchronized (modeLock) {
			defaultMode = defaultMode.withWriteCache(enabled);
			mode = mode.withWriteCache(enabled);
		}
		attentions.raise(SenseCode.MODE_PARAMETERS_CHANGED);
	}

	/** Whether sense data is in descriptor format (control mode page D_SENSE). */
	public boolean isDescriptorSense() {
		return mode.descriptorSense;
	}

	/** Whether writes are rejected with 07/27/00 WRITE PROTECTED. */
	public boolean isWriteProtected() {
		return writeProtected;
	}

	/** Turns write protection on or off (reported in the mode parameter header's WP bit). */
	public void setWriteProtected(boolean on) {
		writeProtected = on;
	}

	/** Whether the unit is started; a stopped unit answers media commands with 02/04/02. */
	public boolean isStarted() {
		return started;
	}

	/** Starts or stops the unit, as START STOP UNIT does. */
	public void setStarted(boolean start) {
		started = start;
	}

	/** Whether PREVENT ALLOW MEDIUM REMOVAL currently prevents removal. */
	public boolean isRemovalPrevented() {
		return removalPrevented;
	}

	void setRemovalPrevented(boolean prevented) {
		removalPrevented = prevented;
	}

	/** This logical unit's fault level; install plans on it to inject faults into this unit only. */
	public FaultLevel faults() {
		return faults;
	}

	/** The backing store (owned by the disk). */
	public BlockStore store() {
		return store;
	}

	/** The unit attentions pending on this unit (not the target's), highest priority first; for diagnostics. */
	public List<SenseCode> pendingUnitAttentions() {
		return attentions.pending();
	}

	/** Closes the backing store. */
	@Override
	public void close() throws IOException {
		store.close();
	}

	@Override
	public String toString() {
		InquiryIdentity id = inquiry.identity;
		return String.format(Locale.ROOT, "SimulatedDisk[%s %s %s, %d x %d, wwn %016X]", id.vendor(), id.product(),
				id.revision(), capacityBlocks, config.blockSize, config.wwn);
	}

	// ---- for the target and the command handlers ----

	/** Attaches the disk to a target; a disk belongs to at most one target at a time. */
	void attach(LogicalUnitContext ctx) {
		synchronized (modeLock) {
			if (context != standalone) {
				throw new IllegalStateException(this + " already belongs to a target");
			}
			context = ctx;
		}
	}

	/** Detaches the disk from its target. */
	void detach() {
		synchronized (modeLock) {
			context = standalone;
		}
	}

	UnitAttentions attentions() {
		return attentions;
	}

	ModePages mode() {
		return mode;
	}

	ModePages defaultMode() {
		return defaultMode;
	}

	/** Whether the unit saves mode pages (MODE SELECT SP, MODE SENSE saved values). */
	boolean savesModePages() {
		return saving != null;
	}

	/** The saved pages: those last saved, or the defaults where none were (or the unit does not save pages). */
	ModePages savedMode() {
		ModePages m = savedMode;
		return m != null ? m : defaultMode;
	}

	/** Saves {@code pages} (MODE SELECT SP=1); the caller holds {@link #modeLock}; nothing changes if it throws. */
	void saveMode(ModePages pages) throws IOException {
		saving.save(pages);
		savedMode = pages;
	}

	/** Publishes pages a MODE SELECT built; the caller holds {@link #modeLock}. */
	void setMode(ModePages pages) {
		mode = pages;
	}

	DiskInquiry inquiry() {
		return inquiry;
	}

	private static void checkCapacity(long blocks, int blockSize, BlockStore store) {
		if (blocks <= 0 || blocks > store.maxCapacityBytes() / blockSize) {
			throw new IllegalArgumentException("capacity of " + blocks + " blocks of " + blockSize
					+ " bytes is not positive or exceeds the store's " + store.maxCapacityBytes() + " bytes");
		}
	}

	/**
	 * Builds a {@link SimulatedDisk}. Not thread-safe. Every option has a default; {@link #build()} validates the
	 * combination.
	 */
	public static final class Builder {
		private int blockSize = 512;
		private long capacityBlocks = (1L << 30) / 512;
		private boolean capacitySet;
		private BlockStore store;
		private long wwn;
		private boolean wwnSet;
		private String vendor = "HBAKIT";
		private String product = "SIM DISK";
		private String revision = "1.0";
		private String serial;
		private boolean removable;
		private boolean writeProtected;
		private boolean writeCacheEnabled = true;
		private boolean started = true;
		private boolean thinProvisioning = true;
		private boolean unmap = true;
		private boolean writeSameUnmap = true;
		private boolean writeSame10Unmap = true;
		private int physicalBlockExponent;
		private long maxTransferBlocks;
		private long optimalTransferBlocks;
		private long maxUnmapBlocks = 0xFFFF_FFFFL;
		private long maxUnmapDescriptors = 256;
		private long maxWriteSameBlocks = 0xFFFF;
		private int maxCompareAndWriteBlocks = 16;
		private FaultLevel faults;
		private SavedModePages saving;
		private ModePages loadedMode;

		private Builder() {
		}

		/** Logical block length: a power of two from 512 to 65536 (default 512). */
		public Builder blockSize(int bytes) {
			this.blockSize = bytes;
			return this;
		}

		/** Number of logical blocks (default: 1 GiB worth). */
		public Builder capacityBlocks(long blocks) {
			this.capacityBlocks = blocks;
			this.capacitySet = true;
			return this;
		}

		/** The backing store, owned by the disk from now on (default: a new {@link SparseMemoryStore}). */
		public Builder store(BlockStore store) {
			this.store = Objects.requireNonNull(store, "store");
			return this;
		}

		/**
		 * The 64-bit WWN of VPD page 83h's NAA designator; NAA 2, 3 or 5 in the top nibble. Default: a locally
		 * assigned NAA 3 value from a process-wide sequence; set one (e.g. {@link SimulatedDisk#wwnFor}) for an
		 * identity that survives restarts.
		 */
		public Builder wwn(long wwn) {
			this.wwn = wwn;
			this.wwnSet = true;
			return this;
		}

		/** INQUIRY vendor (≤ 8), product (≤ 16) and revision (≤ 4) (defaults "HBAKIT", "SIM DISK", "1.0"). */
		public Builder identity(String vendor, String product, String revision) {
			this.vendor = vendor;
			this.product = product;
			this.revision = revision;
			return this;
		}

		/** Unit serial number (VPD 80h), ≤ 64 characters (default: the WWN in 16 hex digits). */
		public Builder serial(String serial) {
			this.serial = serial;
			return this;
		}

		/** Whether the medium is removable (INQUIRY RMB; enables LOEJ and removal prevention). */
		public Builder removable(boolean removable) {
			this.removable = removable;
			return this;
		}

		/** Whether writes are rejected with 07/27/00 (default false). */
		public Builder writeProtected(boolean on) {
			this.writeProtected = on;
			return this;
		}

		/** The default of the caching page's WCE (default true: write-back). */
		public Builder writeCacheEnabled(boolean enabled) {
			this.writeCacheEnabled = enabled;
			return this;
		}

		/** Whether the unit starts started (default true). */
		public Builder started(boolean started) {
			this.started = started;
			return this;
		}

		/**
		 * Whether to report logical block provisioning (LBPME, VPD B2h thin) when the store supports unmap (default
		 * true); UNMAP and the WRITE SAME UNMAP bit are then available as {@link #unmapCommands} says.
		 */
		public Builder thinProvisioning(boolean thin) {
			this.thinProvisioning = thin;
			return this;
		}

		/** Which deallocation commands a thin unit supports: UNMAP (LBPU), WRITE SAME(16) and (10) with UNMAP. */
		public Builder unmapCommands(boolean unmap, boolean writeSame16, boolean writeSame10) {
			this.unmap = unmap;
			this.writeSameUnmap = writeSame16;
			this.writeSame10Unmap = writeSame10;
			return this;
		}

		/** LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT of READ CAPACITY(16), 0..15 (e.g. 3 for 512e). */
		public Builder physicalBlockExponent(int exponent) {
			this.physicalBlockExponent = exponent;
			return this;
		}

		/** MAXIMUM TRANSFER LENGTH in blocks (0 = no limit, the default) and OPTIMAL TRANSFER LENGTH (0 = not reported). */
		public Builder transferLimits(long maxBlocks, long optimalBlocks) {
			this.maxTransferBlocks = maxBlocks;
			this.optimalTransferBlocks = optimalBlocks;
			return this;
		}

		/** MAXIMUM UNMAP LBA COUNT and MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT (defaults FFFFFFFFh and 256). */
		public Builder unmapLimits(long maxBlocks, long maxDescriptors) {
			this.maxUnmapBlocks = maxBlocks;
			this.maxUnmapDescriptors = maxDescriptors;
			return this;
		}

		/** MAXIMUM WRITE SAME LENGTH in blocks (default 65535; 0 = no limit). */
		public Builder maxWriteSameBlocks(long blocks) {
			this.maxWriteSameBlocks = blocks;
			return this;
		}

		/** MAXIMUM COMPARE AND WRITE LENGTH, 1..255 blocks (default 16). */
		public Builder maxCompareAndWriteBlocks(int blocks) {
			this.maxCompareAndWriteBlocks = blocks;
			return this;
		}

		/**
		 * Makes the unit save mode pages in {@code file} (for a unit whose medium persists): MODE SELECT with SP=1
		 * writes them there, MODE SENSE reports them (page control 11b) and PS, and {@link #build()} loads them as
		 * the current values. Default: none, and the unit reports that it cannot save pages.
		 */
		public Builder savedModePages(java.nio.file.Path file) {
			this.saving = new SavedModePages(Objects.requireNonNull(file, "file"));
			return this;
		}

		/** The unit's fault level (default: a new level named after the WWN). */
		public Builder faults(FaultLevel level) {
			this.faults = Objects.requireNonNull(level, "level");
			return this;
		}

		/**
		 * Validates and builds the disk; it reports 06/29/00 POWER ON, RESET, OR BUS DEVICE RESET OCCURRED first.
		 *
		 * @throws IllegalArgumentException naming the option that is out of range
		 */
		public SimulatedDisk build() {
			if (Integer.bitCount(blockSize) != 1 || blockSize < 512 || blockSize > 65536) {
				throw new IllegalArgumentException("block size " + blockSize + " is not a power of two in 512..65536");
			}
			if (!capacitySet) {
				capacityBlocks = (1L << 30) / blockSize;
			}
			if (!wwnSet) {
				wwn = 0x3L << 60 | DEFAULT_WWN_SEQUENCE.incrementAndGet();
			}
			int naa = (int) (wwn >>> 60);
			if (naa != 2 && naa != 3 && naa != 5) {
				throw new IllegalArgumentException(String.format("WWN %016X: NAA %d is not 2, 3 or 5", wwn, naa));
			}
			if (physicalBlockExponent < 0 || physicalBlockExponent > 15) {
				throw new IllegalArgumentException("physical block exponent " + physicalBlockExponent
						+ " outside 0..15");
			}
			checkU32("maximum transfer length", maxTransferBlocks);
			checkU32("optimal transfer length", optimalTransferBlocks);
			checkU32("maximum unmap LBA count", maxUnmapBlocks);
			checkU32("maximum unmap block descriptor count", maxUnmapDescriptors);
			if (maxWriteSameBlocks < 0) {
				throw new IllegalArgumentException("maximum write same length " + maxWriteSameBlocks + " is negative");
			}
			if (maxCompareAndWriteBlocks < 1 || maxCompareAndWriteBlocks > 255) {
				throw new IllegalArgumentException("maximum compare and write length " + maxCompareAndWriteBlocks
						+ " outside 1..255");
			}
			BlockStore s = store != null ? store : new SparseMemoryStore();
			if (s.granularity() != 0 && s.granularity() < blockSize) {
				throw new IllegalArgumentException("store granularity " + s.granularity()
						+ " is smaller than the block size " + blockSize);
			}
			checkCapacity(capacityBlocks, blockSize, s);
			identity(wwn); // validates the strings before anything is built
			loadedMode = null;
			if (saving != null) {
				try {
					loadedMode = saving.load(ModePages.defaults(writeCacheEnabled));
				} catch (IOException e) {
					throw new IllegalArgumentException("cannot read saved mode pages " + saving.file() + ": " + e, e);
				}
			}
			DiskConfig config = new DiskConfig(blockSize, wwn, removable, thinProvisioning, unmap, writeSameUnmap,
					writeSame10Unmap, s.supportsUnmap(), s.unmappedReadsZero(), s.granularity(),
					physicalBlockExponent, maxTransferBlocks, optimalTransferBlocks, maxUnmapBlocks,
					maxUnmapDescriptors, maxWriteSameBlocks, maxCompareAndWriteBlocks);
			return new SimulatedDisk(this, config, s);
		}

		private InquiryIdentity identity(long wwn) {
			return new InquiryIdentity(vendor, product, revision,
					serial != null ? serial : String.format("%016X", wwn));
		}

		private static void checkU32(String what, long value) {
			if (value < 0 || value > 0xFFFF_FFFFL) {
				throw new IllegalArgumentException(what + " " + value + " outside 0..4294967295");
			}
		}
	}
}
