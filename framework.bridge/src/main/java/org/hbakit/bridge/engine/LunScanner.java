package org.hbakit.bridge.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.LogicalUnitNumber;
import org.hbakit.controller.api.scsi.SenseData;
import org.hbakit.controller.api.scsi.SenseKey;

/**
 * The framework's logical unit scan, the commands macOS's SCSI stack sends: per target (initialised on the
 * controller's queue), REPORT LUNS, then INQUIRY and READ CAPACITY per logical unit (after a reset, REQUEST SENSE
 * first), pipelined into as few rounds through the HBA as the answers allow: one when a swap's units are known
 * already (see {@link #scanAfterReset}). Commands that meet a UNIT ATTENTION or BUSY are retried. Runs on the
 * device's supervisor; its commands go through the gate's scan lane.
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
	 * Scans {@code targets} while the gate is open (a rescan a unit attention asked for): as
	 * {@link #scanAfterReset} with no units expected but LUN 0 and no REQUEST SENSE, which would take a unit
	 * attention meant for the clients' commands.
	 */
	public List<Found> scan(List<Long> targets) throws InterruptedException {
		return scan(targets, Map.of(), false);
	}

	/**
	 * Scans {@code targets} right after the controller started, with the gate closed: the HBA's reset has left a
	 * POWER ON unit attention (06/29/00) on every unit, and the scan is part of the clients' pause. It goes in as
	 * few round trips through the HBA as the answers allow: every target's REPORT LUNS goes out together with
	 * REQUEST SENSE, INQUIRY and READ CAPACITY (16), in that order, for its LUN 0 (which SAM requires of every
	 * target) and for each LUN {@code expected} lists for it (the units a swap's previous controller had; answers
	 * for a LUN the target no longer lists are dropped); then the same for every listed LUN not expected, and
	 * READ CAPACITY (10) only for disks that refused the 16-byte form. REQUEST SENSE takes the reset's unit
	 * attention before READ CAPACITY meets it (which would cost a retry round); a device that orders its tasks
	 * otherwise still answers, one round later. A READ CAPACITY answer counts only for a unit whose INQUIRY says it is
	 * a disk. The SPI features of all targets are put to the controller in one call, while the second round (if
	 * any) is in flight.
	 *
	 * @param expected per target, the 8-byte LUN fields expected besides LUN 0 (absent targets: none)
	 */
	public List<Found> scanAfterReset(List<Long> targets, Map<Long, List<Long>> expected)
			throws InterruptedException {
		return scan(targets, expected, true);
	}

	private List<Found> scan(List<Long> targets, Map<Long, List<Long>> expected, boolean requestSense)
			throws InterruptedException {
		List<Step> first = new ArrayList<>();
		List<Step> reports = new ArrayList<>();
		List<Map<Long, Unit>> sent = new ArrayList<>();
		for (long target : targets) {
			Step r = new Step(target, 0, 0, 4096);
			r.cdbLength = Cdb.reportLuns(r.cdb, r.data.capacity());
			reports.add(r);
			first.add(r);
			Map<Long, Unit> early = new LinkedHashMap<>();
			early.put(0L, new Unit(target, 0, 0, requestSense));
			for (long lunBytes : expected.getOrDefault(target, List.of())) {
				long lun = number(lunBytes);
				if (lun >= 0 && !early.containsKey(lunBytes)) {
					early.put(lunBytes, new Unit(target, lunBytes, lun, requestSense));
				}
			}
			early.values().forEach(u -> u.addTo(first));
			sent.add(early);
		}
		runAll(first);
		List<Unit> units = new ArrayList<>();
		List<Step> second = new ArrayList<>();
		for (int t = 0; t < targets.size(); t++) {
			for (long lunBytes : luns(reports.get(t))) {
				long lun = number(lunBytes);
				if (lun < 0) {
					continue;
				}
				Unit u = sent.get(t).get(lunBytes);
				if (u == null) {
					u = new Unit(targets.get(t), lunBytes, lun, requestSense);
					u.addTo(second);
				}
				units.add(u);
			}
		}
		List<ScanCommand> started = startAll(second);
		determineFeatures(units); // the controller's queue answers while the HBA runs the second round
		runAll(second, started);
		determineFeatures(units); // targets whose first listed LUN is not LUN 0
		List<Step> fallbacks = new ArrayList<>();
		for (Unit u : units) {
			if (u.isDisk() && !u.capacity.good()) {
				u.capacity10 = new Step(u.target, u.lunBytes, u.lun, 8);
				u.capacity10.cdbLength = Cdb.readCapacity10(u.capacity10.cdb);
				fallbacks.add(u.capacity10);
			}
		}
		runAll(fallbacks);
		List<Found> found = new ArrayList<>();
		for (Unit u : units) {
			Step q = u.inquiry;
			if (!u.answered() || ((q.data.get(0) & 0xFF) >> 5) != 0) {
				continue; // no answer, or the peripheral qualifier says no logical unit here
			}
			int type = q.data.get(0) & 0x1F;
			long blocks = 0;
			int blockSize = 0;
			if (u.isDisk()) {
				if (u.capacity.good()) {
					blocks = u.capacity.data.getLong(0) + 1;
					blockSize = u.capacity.data.getInt(8);
				} else {
					Step c10 = u.capacity10;
					if (!c10.good()) {
						log.log(System.Logger.Level.WARNING, binding.admission.name() + ": READ CAPACITY failed on target "
								+ u.target + " LUN " + u.lun + (c10.result == null ? " (no answer)"
										: ": " + IOReturn.name(c10.result.returnCode())));
						continue;
					}
					blocks = Integer.toUnsignedLong(c10.data.getInt(0)) + 1;
					blockSize = c10.data.getInt(4);
				}
			}
			found.add(new Found(u.target, u.lun, u.lunBytes, type, ascii(q.data, 8, 8), ascii(q.data, 16, 16),
					ascii(q.data, 32, 4), blocks, blockSize));
		}
		return found;
	}

	/**
	 * One LUN's REQUEST SENSE (after a reset), INQUIRY and READ CAPACITY (16), sent together, and its READ CAPACITY
	 * (10) if needed.
	 */
	private static final class Unit {
		final long target;
		final long lunBytes;
		final long lun;
		final Step sense;
		final Step inquiry;
		final Step capacity;
		Step capacity10;

		Unit(long target, long lunBytes, long lun, boolean requestSense) {
			this.target = target;
			this.lunBytes = lunBytes;
			this.lun = lun;
			if (requestSense) {
				sense = new Step(target, lunBytes, lun, 252);
				sense.cdbLength = Cdb.requestSense(sense.cdb, sense.data.capacity());
			} else {
				sense = null;
			}
			inquiry = new Step(target, lunBytes, lun, 96);
			inquiry.cdbLength = Cdb.inquiry(inquiry.cdb, false, 0, inquiry.data.capacity());
			capacity = new Step(target, lunBytes, lun, 32);
			capacity.cdbLength = Cdb.readCapacity16(capacity.cdb, capacity.data.capacity());
		}

		/** Adds this unit's commands to a round, in the order the device should run them. */
		void addTo(List<Step> round) {
			if (sense != null) {
				round.add(sense);
			}
			round.add(inquiry);
			round.add(capacity);
		}

		/** Standard INQUIRY data came back (at least its 36 bytes). */
		boolean answered() {
			return inquiry.good() && inquiry.result.bytesTransferred() >= 36;
		}

		/** A logical unit that is a direct-access block device (the peripheral qualifier is checked apart). */
		boolean isDisk() {
			return answered() && (inquiry.data.get(0) & 0xFF) >> 5 == 0 && (inquiry.data.get(0) & 0x1F) == 0x00;
		}
	}

	/** The standard INQUIRY data of each listed unit that answered, the targets' SPI features from the first. */
	private void determineFeatures(List<Unit> units) throws InterruptedException {
		List<ParallelFeatures.Inquiry> inquiries = new ArrayList<>();
		for (Unit u : units) {
			if (u.answered()) {
				inquiries.add(new ParallelFeatures.Inquiry(u.target, u.inquiry.data,
						(int) Math.min(u.inquiry.result.bytesTransferred(), u.inquiry.data.capacity())));
			}
		}
		binding.features.determine(binding, inquiries, settings.controllerCallTimeoutMs());
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

	/** Runs data-in commands all at once, retrying those that meet UNIT ATTENTION, BUSY or TASK SET FULL. */
	private void runAll(List<Step> steps) throws InterruptedException {
		runAll(steps, startAll(steps));
	}

	/** Submits {@code steps} to the scan lane and returns at once. */
	private List<ScanCommand> startAll(List<Step> steps) {
		List<ScanCommand> started = new ArrayList<>(steps.size());
		for (Step s : steps) {
			started.add(ScanCommand.start(binding.admission, settings, s.target, s.lunBytes, s.cdb, s.cdbLength,
					s.data, SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, SCAN_TIMEOUT_MS));
		}
		return started;
	}

	/** Waits for {@code steps} ({@code started} from {@link #startAll}), then retries the transient failures. */
	private void runAll(List<Step> steps, List<ScanCommand> started) throws InterruptedException {
		List<Step> pending = steps;
		for (int attempt = 0; !pending.isEmpty(); attempt++) {
			List<Step> retry = new ArrayList<>();
			for (int i = 0; i < pending.size(); i++) {
				Step s = pending.get(i);
				s.result = started.get(i).await();
				if (s.result != null && isTransient(s.result)) {
					retry.add(s);
				}
			}
			if (attempt >= settings.scanRetries()) {
				break;
			}
			pending = retry;
			started = startAll(pending);
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
