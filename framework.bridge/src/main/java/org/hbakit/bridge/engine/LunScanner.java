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
 * the controller's queue), REPORT LUNS, then INQUIRY and READ CAPACITY per logical unit, each kind for every
 * target or unit at once. Commands that meet a UNIT ATTENTION or BUSY are retried. Runs on the device's
 * supervisor; its commands go through the gate's scan lane.
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

	/** One command of the scan and, once run, its answer; {@code data} is its own buffer. */
	private static final class Step {
		final long target;
		final long lunBytes;
		final long lun;
		final byte[] cdb = new byte[16];
		final ByteBuffer data;
		int cdbLength;
		IORequest result;

		Step(long target, long lunBytes, long lun, int bytes) {
			this.target = target;
			this.lunBytes = lunBytes;
			this.lun = lun;
			this.data = ByteBuffer.allocateDirect(bytes);
		}

		boolean good() {
			return result != null && result.isGood();
		}
	}

	/**
	 * Scans {@code targets}. The commands of one kind go out
	 * together (every target's REPORT LUNS, then every unit's INQUIRY, then the disks' READ CAPACITY), so a scan
	 * costs a few round trips through the HBA however many targets and units it has: the scan of a swap is part
	 * of the clients' pause.
	 */
	public List<Found> scan(List<Long> targets) throws InterruptedException {
		List<Step> reports = new ArrayList<>();
		for (long target : targets) {
			Step s = new Step(target, 0, 0, 4096);
			s.cdbLength = Cdb.reportLuns(s.cdb, s.data.capacity());
			reports.add(s);
		}
		runAll(reports);
		List<Step> inquiries = new ArrayList<>();
		for (Step r : reports) {
			for (long lunBytes : luns(r)) {
				long lun = number(lunBytes);
				if (lun < 0) {
					continue;
				}
				Step s = new Step(r.target, lunBytes, lun, 96);
				s.cdbLength = Cdb.inquiry(s.cdb, false, 0, s.data.capacity());
				inquiries.add(s);
			}
		}
		runAll(inquiries);
		List<Step> units = new ArrayList<>();
		List<Step> capacities = new ArrayList<>();
		for (Step q : inquiries) {
			if (!q.good() || q.result.bytesTransferred() < 36) {
				continue; // no answer
			}
			// the target's standard INQUIRY data: the SPI features it negotiates, as the family determines them
			binding.features.determine(binding, q.target, q.data,
					(int) Math.min(q.result.bytesTransferred(), q.data.capacity()), settings.controllerCallTimeoutMs());
			if (((q.data.get(0) & 0xFF) >> 5) != 0) {
				continue; // the peripheral qualifier says no logical unit here
			}
			units.add(q);
			if ((q.data.get(0) & 0x1F) == 0x00) {
				Step c = new Step(q.target, q.lunBytes, q.lun, 32);
				c.cdbLength = Cdb.readCapacity16(c.cdb, c.data.capacity());
				capacities.add(c);
			}
		}
		runAll(capacities);
		List<Step> fallbacks = new ArrayList<>();
		for (Step c : capacities) {
			if (!c.good()) {
				Step c10 = new Step(c.target, c.lunBytes, c.lun, 8);
				c10.cdbLength = Cdb.readCapacity10(c10.cdb);
				fallbacks.add(c10);
			}
		}
		runAll(fallbacks);
		List<Found> found = new ArrayList<>();
		for (Step q : units) {
			int type = q.data.get(0) & 0x1F;
			long blocks = 0;
			int blockSize = 0;
			if (type == 0x00) {
				Step c = find(capacities, q);
				if (c.good()) {
					blocks = c.data.getLong(0) + 1;
					blockSize = c.data.getInt(8);
				} else {
					Step c10 = find(fallbacks, q);
					if (!c10.good()) {
						log.log(System.Logger.Level.WARNING, binding.admission.name() + ": READ CAPACITY failed on target "
								+ q.target + " LUN " + q.lun + (c10.result == null ? " (no answer)"
										: ": " + IOReturn.name(c10.result.returnCode())));
						continue;
					}
					blocks = Integer.toUnsignedLong(c10.data.getInt(0)) + 1;
					blockSize = c10.data.getInt(4);
				}
			}
			found.add(new Found(q.target, q.lun, q.lunBytes, type, ascii(q.data, 8, 8), ascii(q.data, 16, 16),
					ascii(q.data, 32, 4), blocks, blockSize));
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

	/** The LUNs REPORT LUNS gave: LUN 0 alone if the target does not support it, none if there is no target. */
	private static List<Long> luns(Step r) {
		List<Long> luns = new ArrayList<>();
		if (r.good()) {
			int listLength = r.data.getInt(0);
			for (int off = 8; off + 8 <= Math.min(8 + listLength, r.data.capacity()); off += 8) {
				luns.add(r.data.getLong(off));
			}
		} else if (r.result != null && r.result.serviceResponse() == SCSIServiceResponse.TASK_COMPLETE) {
			luns.add(0L); // REPORT LUNS not supported: LUN 0 only, as SAM allows
		}
		return luns;
	}

	private static Step find(List<Step> steps, Step unit) {
		for (Step s : steps) {
			if (s.target == unit.target && s.lunBytes == unit.lunBytes) {
				return s;
			}
		}
		throw new IllegalStateException("no step for target " + unit.target + " LUN " + unit.lun);
	}

	/** Runs data-in commands all at once, retrying those that meet UNIT ATTENTION, BUSY or TASK SET FULL. */
	private void runAll(List<Step> steps) throws InterruptedException {
		List<Step> pending = steps;
		for (int attempt = 0; attempt <= settings.scanRetries() && !pending.isEmpty(); attempt++) {
			List<ScanCommand> started = new ArrayList<>(pending.size());
			for (Step s : pending) {
				started.add(ScanCommand.start(binding.admission, settings, s.target, s.lunBytes, s.cdb, s.cdbLength,
						s.data, SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, SCAN_TIMEOUT_MS));
			}
			List<Step> retry = new ArrayList<>();
			for (int i = 0; i < pending.size(); i++) {
				Step s = pending.get(i);
				s.result = started.get(i).await();
				if (s.result != null && isTransient(s.result)) {
					retry.add(s);
				}
			}
			pending = retry;
		}
	}

	private static boolean isTransient(IORequest r) {
		if (r.serviceResponse() != SCSIServiceResponse.TASK_COMPLETE) {
			return false;
		}
		int status = r.status();
		return status == SCSITaskStatus.CHECK_CONDITION
				&& SenseData.senseKey(r.sense(), r.senseLength()) == SenseKey.UNIT_ATTENTION
				|| status == SCSITaskStatus.BUSY || status == SCSITaskStatus.TASK_SET_FULL;
	}

	private static String ascii(ByteBuffer b, int offset, int length) {
		byte[] bytes = new byte[length];
		b.get(offset, bytes);
		return new String(bytes, StandardCharsets.US_ASCII).trim();
	}
}
