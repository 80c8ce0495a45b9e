package org.hbakit.bridge.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.LogicalUnitNumber;
import org.hbakit.controller.api.scsi.SenseData;
import org.hbakit.controller.api.scsi.SenseKey;

/**
 * The framework's logical unit scan, as macOS's SCSI stack does it: per target (initialised by the supervisor on
 * the controller's queue), REPORT LUNS, then INQUIRY and READ CAPACITY per logical unit. Commands that meet a UNIT
 * ATTENTION or BUSY are retried. Runs on the device's supervisor; its commands go through the gate's scan lane.
 */
public final class LunScanner {
	/**
	 * One logical unit found.
	 *
	 * @param lun      its number ({@link LunAddress}): the single-level LUN, or the number of a hierarchical one
	 * @param lunBytes its 8-byte LUN field as REPORT LUNS gave it (big-endian, byte 0 first)
	 */
	public record Found(long targetID, long lun, long lunBytes, int deviceType, String vendor, String product,
			String revision, long blockCount, int blockSize) {
	}

	private static final long SCAN_TIMEOUT_MS = 10_000;

	private final ControllerBinding binding;
	private final EngineSettings settings;
	private final System.Logger log;

	public LunScanner(ControllerBinding binding, EngineSettings settings, System.Logger log) {
		this.binding = binding;
		this.settings = settings;
		this.log = log;
	}

	/** Scans {@code targets}; stops early (with what it found) when interrupted. */
	public List<Found> scan(List<Long> targets) throws InterruptedException {
		List<Found> found = new ArrayList<>();
		for (long target : targets) {
			found.addAll(scanTarget(target));
		}
		return found;
	}

	public List<Found> scanTarget(long target) throws InterruptedException {
		List<Found> found = new ArrayList<>();
		ByteBuffer buf = ByteBuffer.allocateDirect(4096);
		byte[] cdb = new byte[16];
		int n = Cdb.reportLuns(cdb, buf.capacity());
		IORequest r = command(target, 0, cdb, n, buf);
		List<Long> luns = new ArrayList<>();
		if (r != null && r.isGood()) {
			int listLength = buf.getInt(0);
			for (int off = 8; off + 8 <= Math.min(8 + listLength, buf.capacity()); off += 8) {
				luns.add(buf.getLong(off));
			}
		} else if (r != null && r.serviceResponse() == SCSIServiceResponse.TASK_COMPLETE) {
			luns.add(0L); // REPORT LUNS not supported: LUN 0 only, as SAM allows
		} else {
			return found; // no target at this id
		}
		for (long lunBytes : luns) {
			long lun = number(lunBytes);
			if (lun < 0) {
				continue;
			}
			Found f = scanUnit(target, lun, lunBytes);
			if (f != null) {
				found.add(f);
			}
		}
		return found;
	}

	/**
	 * The number of a LUN REPORT LUNS listed, or -1 if the framework does not scan it: a single-level LUN above
	 * {@code UserReportHBAHighestLogicalUnitNumber} or one it cannot decode, and a hierarchical LUN unless the
	 * controller reported {@code kIOHierarchicalLogicalUnitSupportKey} (the highest-LUN bound is the single-level
	 * one, so it does not apply to those).
	 */
	private long number(long lunBytes) {
		if (LunAddress.isHierarchical(lunBytes)) {
			return binding.reports.hierarchicalLogicalUnits() ? LunAddress.hierarchicalNumber(lunBytes) : -1;
		}
		int lun = LogicalUnitNumber.decode(lunBytes);
		return lun < 0 || lun > binding.reports.highestLun() ? -1 : lun;
	}

	private Found scanUnit(long target, long lun, long lunBytes) throws InterruptedException {
		ByteBuffer inquiry = ByteBuffer.allocateDirect(96);
		byte[] cdb = new byte[16];
		int n = Cdb.inquiry(cdb, false, 0, inquiry.capacity());
		IORequest r = command(target, lunBytes, cdb, n, inquiry);
		if (r == null || !r.isGood() || r.bytesTransferred() < 36) {
			return null;
		}
		// the target's standard INQUIRY data: the SPI features it negotiates, as the family determines them
		binding.features.determine(binding, target, inquiry,
				(int) Math.min(r.bytesTransferred(), inquiry.capacity()), settings.controllerCallTimeoutMs());
		int peripheral = inquiry.get(0) & 0xFF;
		if ((peripheral >> 5) != 0) {
			return null; // peripheral qualifier: no logical unit here
		}
		int type = peripheral & 0x1F;
		String vendor = ascii(inquiry, 8, 8);
		String product = ascii(inquiry, 16, 16);
		String revision = ascii(inquiry, 32, 4);
		long blocks = 0;
		int blockSize = 0;
		if (type == 0x00) {
			ByteBuffer cap = ByteBuffer.allocateDirect(32);
			n = Cdb.readCapacity16(cdb, cap.capacity());
			r = command(target, lunBytes, cdb, n, cap);
			if (r != null && r.isGood()) {
				blocks = cap.getLong(0) + 1;
				blockSize = cap.getInt(8);
			} else {
				ByteBuffer cap10 = ByteBuffer.allocateDirect(8);
				n = Cdb.readCapacity10(cdb);
				r = command(target, lunBytes, cdb, n, cap10);
				if (r == null || !r.isGood()) {
					log.log(System.Logger.Level.WARNING, binding.admission.name() + ": READ CAPACITY failed on target "
							+ target + " LUN " + lun + (r == null ? " (no answer)" : ": " + IOReturn.name(r.returnCode())));
					return null;
				}
				blocks = Integer.toUnsignedLong(cap10.getInt(0)) + 1;
				blockSize = cap10.getInt(4);
			}
		}
		return new Found(target, lun, lunBytes, type, vendor, product, revision, blocks, blockSize);
	}

	/** Runs a data-in command, retrying after UNIT ATTENTION, BUSY and TASK SET FULL. */
	private IORequest command(long target, long lunBytes, byte[] cdb, int length, ByteBuffer data)
			throws InterruptedException {
		IORequest r = null;
		for (int attempt = 0; attempt <= settings.scanRetries(); attempt++) {
			r = ScanCommand.run(binding.admission, settings, target, lunBytes, cdb, length, data,
					SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, SCAN_TIMEOUT_MS);
			if (r == null || r.serviceResponse() != SCSIServiceResponse.TASK_COMPLETE) {
				return r;
			}
			int status = r.status();
			boolean unitAttention = status == SCSITaskStatus.CHECK_CONDITION
					&& SenseData.senseKey(r.sense(), r.senseLength()) == SenseKey.UNIT_ATTENTION;
			if (!unitAttention && status != SCSITaskStatus.BUSY && status != SCSITaskStatus.TASK_SET_FULL) {
				return r;
			}
		}
		return r;
	}

	private static String ascii(ByteBuffer b, int offset, int length) {
		byte[] bytes = new byte[length];
		b.get(offset, bytes);
		return new String(bytes, StandardCharsets.US_ASCII).trim();
	}
}
