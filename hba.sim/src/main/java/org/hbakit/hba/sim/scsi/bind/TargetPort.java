package org.hbakit.hba.sim.scsi.bind;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.LogicalUnitNumber;
import org.hbakit.controller.api.simhba.CompletionEntry;
import org.hbakit.controller.api.simhba.HBARegisters;
import org.hbakit.controller.api.simhba.RequestFrame;
import org.hbakit.hba.sim.pci.HbaExchange;
import org.hbakit.hba.sim.pci.ScsiPort;
import org.hbakit.hba.sim.scsi.ResetKind;
import org.hbakit.hba.sim.scsi.ScsiExchange;
import org.hbakit.hba.sim.scsi.ScsiTargetDevice;

/**
 * Puts a {@link ScsiTargetDevice} behind one target id of a simulated HBA: translates each {@link HbaExchange} (the
 * HBA's decoded request frame) into a {@link ScsiExchange} and the answer back, and maps the HBA's bus reset and
 * task management functions onto the target.
 * <p>
 * Attached by {@link ScsiTargetBinder} with {@code SimulatedPciHba.attach}; the HBA calls it on its device thread.
 * The port reuses one exchange, so the I/O path allocates nothing; should a second thread ever call it at the same
 * time, that call gets an exchange of its own rather than corrupting the first. A long media command executes in
 * steps ({@link ScsiExchange#setSteppable}): its exchange stays with the HBA's request until the last step and the
 * port takes a spare for the next command. The data window of the request is passed by index, not sliced, and the
 * host buffer's position and limit are left alone.
 */
public final class TargetPort implements ScsiPort {
	/** Target-side exchanges kept for reuse after long commands (more are made when needed, never kept). */
	private static final int SPARES = 16;

	private final ScsiTargetDevice target;
	private final AtomicBoolean busy = new AtomicBoolean();
	private ScsiExchange exchange = new ScsiExchange(); // guarded by busy
	private final ArrayDeque<ScsiExchange> spares = new ArrayDeque<>(SPARES);

	/** A port for {@code target}; the port does not own it. */
	public TargetPort(ScsiTargetDevice target) {
		this.target = Objects.requireNonNull(target, "target");
	}

	/** The target behind this port. */
	public ScsiTargetDevice target() {
		return target;
	}

	@Override
	public void execute(HbaExchange request) {
		if (busy.compareAndSet(false, true)) {
			try {
				ScsiExchange x = exchange;
				execute(request, x);
				if (x.isSuspended()) {
					exchange = spare(); // x stays with the request until its last step
				}
			} finally {
				busy.set(false);
			}
		} else {
			execute(request, new ScsiExchange());
		}
	}

	/**
	 * The next step of a long command: the target's exchange went with the request ({@link HbaExchange#attach}); it
	 * comes back for reuse when the command finishes.
	 */
	@Override
	public void resume(HbaExchange request) {
		ScsiExchange x = (ScsiExchange) request.attachment();
		target.resume(x);
		afterStep(x, request);
	}

	/** The HBA gave up a long command: the target releases it, and its exchange comes back for reuse. */
	@Override
	public void abandon(HbaExchange request) {
		if (request.attachment() instanceof ScsiExchange x) {
			request.attach(null);
			target.abandon(x);
			giveBack(x);
		}
	}

	private void afterStep(ScsiExchange x, HbaExchange request) {
		if (x.isSuspended()) {
			request.attach(x);
			request.continueLater();
			return;
		}
		answer(x, request);
		if (request.attachment() == x) {
			request.attach(null);
			giveBack(x);
		}
	}

	private ScsiExchange spare() {
		synchronized (spares) {
			ScsiExchange x = spares.poll();
			return x != null ? x : new ScsiExchange();
		}
	}

	private void giveBack(ScsiExchange x) {
		x.clear();
		synchronized (spares) {
			if (spares.size() < SPARES) {
				spares.push(x);
			}
		}
	}

	private void execute(HbaExchange request, ScsiExchange x) {
		int length = Math.max(0, Math.min(request.cdbLength(), ScsiExchange.CDB_CAPACITY));
		System.arraycopy(request.cdb(), 0, x.cdb(), 0, length);
		x.setCdbLength(length);
		x.setLunFromBytes(request.lun());
		x.setDirection(direction(request.direction()));
		x.setTaskAttribute(request.attribute());
		x.setTaskTag(request.tag());
		ByteBuffer data = request.data();
		if (data == null || request.dataLength() <= 0) {
			x.setData(null);
		} else if (request.dataIndex() < 0 || request.dataIndex() > data.limit() - request.dataLength()) {
			request.transportFailure(CompletionEntry.PS_DELIVERY_FAILURE); // the HBA resolved a window it cannot reach
			return;
		} else {
			x.setData(data, request.dataIndex(), request.dataLength());
		}
		x.setSteppable(true); // long media commands run in steps between which the HBA serves the others
		target.execute(x);
		afterStep(x, request);
	}

	private static void answer(ScsiExchange x, HbaExchange request) {
		if (x.dropped()) {
			request.drop();
			return;
		}
		request.completionDelayNanos(x.completionDelayNanos());
		if (x.serviceResponse() != SCSIServiceResponse.TASK_COMPLETE) {
			request.transportFailure(protocolStatus(x.status()));
			return;
		}
		request.status(x.status());
		request.transferred((int) Math.min(x.bytesTransferred(), Integer.MAX_VALUE));
		int sense = Math.min(x.senseLength(), HbaExchange.SENSE_CAPACITY);
		if (sense > 0) {
			System.arraycopy(x.sense(), 0, request.senseBuffer(), 0, sense);
			request.senseLength(sense);
		}
	}

	/** The HBA was reset ({@code CC.EN}=0): every unit reports 06/29/00 (docs/simulated-hba.md, Reset). */
	@Override
	public void busReset() {
		target.reset(ResetKind.POWER_ON_RESET);
	}

	/**
	 * LOGICAL UNIT RESET and TARGET RESET reach the units (06/29/03); ABORT TASK SET and CLEAR TASK SET complete for
	 * an existing unit (the target holds no tasks: the HBA has completed the ones it held); CLEAR ACA is rejected
	 * (no unit supports ACA), as is anything addressed to a missing unit.
	 */
	@Override
	public boolean taskManagement(int function, long lun) {
		int unit = LogicalUnitNumber.decode(lun);
		return switch (function) {
			case HBARegisters.TMF_LOGICAL_UNIT_RESET -> target.resetLogicalUnit(unit);
			case HBARegisters.TMF_TARGET_RESET -> {
				target.reset(ResetKind.TARGET_RESET);
				yield true;
			}
			case HBARegisters.TMF_ABORT_TASK_SET, HBARegisters.TMF_CLEAR_TASK_SET -> target.hasLogicalUnit(unit);
			default -> false;
		};
	}

	private static int direction(int hbaDirection) {
		return switch (hbaDirection) {
			case RequestFrame.DIR_TO_TARGET -> SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET;
			case RequestFrame.DIR_FROM_TARGET -> SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR;
			default -> SCSIDataTransferDirection.NO_DATA_TRANSFER;
		};
	}

	private static int protocolStatus(int status) {
		return switch (status) {
			case SCSITaskStatus.DEVICE_NOT_PRESENT -> CompletionEntry.PS_DEVICE_NOT_PRESENT;
			case SCSITaskStatus.TASK_TIMEOUT_OCCURRED -> CompletionEntry.PS_TASK_TIMEOUT;
			default -> CompletionEntry.PS_DELIVERY_FAILURE;
		};
	}

	@Override
	public String toString() {
		return "TargetPort[" + target + "]";
	}
}
