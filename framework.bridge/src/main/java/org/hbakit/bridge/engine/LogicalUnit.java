package org.hbakit.bridge.engine;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.client.SCSITaskException;
import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.scsi.Cdb;

/**
 * A logical unit found on an HBA, the implementation behind its {@link SCSILogicalUnit} service. It belongs to the
 * device, not to a binding, so it survives controller swaps; its requests go through the device's
 * {@link Admission}.
 * <p>
 * Completion threads: {@link #execute} wakes the waiting caller; the stage of {@link #submit} completes on the
 * bridge's delivery executor, never on a controller's thread, so its dependents cannot stall (or re-enter) the
 * controller.
 */
public final class LogicalUnit implements SCSILogicalUnit {
	private final Admission admission;
	private final String location;
	private final long targetID;
	private final long lun;
	private final long lunBytes;
	/** The name part of the LUN ({@link LunAddress#label}). */
	private final String lunLabel;
	private final Executor delivery;
	private volatile LunScanner.Found identity;
	private volatile boolean detached;

	public LogicalUnit(Admission admission, String location, LunScanner.Found found, Executor delivery) {
		this.admission = admission;
		this.location = location;
		this.targetID = found.targetID();
		this.lun = found.lun();
		this.lunBytes = found.lunBytes();
		this.lunLabel = LunAddress.label(lun, lunBytes);
		this.identity = found;
		this.delivery = delivery;
	}

	public static String key(long targetID, long lun) {
		return String.format("%08d:%016x", targetID, lun);
	}

	public String key() {
		return key(targetID, lun);
	}

	/** Takes a rescan's view; true if anything published changed. */
	public boolean update(LunScanner.Found found) {
		boolean changed = !found.equals(identity);
		identity = found;
		return changed;
	}

	/** The unit was withdrawn: requests fail at once from now on. */
	public void detach() {
		detached = true;
	}

	/** The admission of the HBA this unit is on. */
	public Admission admission() {
		return admission;
	}

	public long targetID() {
		return targetID;
	}

	/** The LUN's number ({@link LunAddress}): the single-level LUN, or 65536 and above for a hierarchical one. */
	public long lun() {
		return lun;
	}

	public long lunBytes() {
		return lunBytes;
	}

	/** The service properties of this unit. */
	public Map<String, Object> serviceProperties() {
		LunScanner.Found f = identity;
		Map<String, Object> p = new HashMap<>();
		p.put(HBA_LOCATION, location);
		p.put(HBA_NAME, admission.name());
		p.put(TARGET_ID, targetID);
		p.put(LUN, lun);
		p.put(VENDOR, f.vendor());
		p.put(PRODUCT, f.product());
		p.put(REVISION, f.revision());
		p.put(DEVICE_TYPE, f.deviceType());
		p.put(BLOCK_COUNT, f.blockCount());
		p.put(BLOCK_SIZE, f.blockSize());
		p.put(CAPACITY, f.blockCount() * f.blockSize());
		p.put(UNIT_NAME, name());
		p.put(NULL_UNIT, NULL_PRODUCT.equals(f.product()));
		return p;
	}

	@Override
	public String name() {
		return admission.name() + ":" + targetID + ":" + lunLabel;
	}

	@Override
	public long blockCount() {
		return identity.blockCount();
	}

	@Override
	public int blockSize() {
		return identity.blockSize();
	}

	/** Fills {@code r}'s nexus and submits it through the admission. */
	public void submit(IORequest r) {
		r.nexus(targetID, lunBytes);
		if (detached) {
			r.fail(SCSITaskStatus.DEVICE_NOT_PRESENT, IOReturn.kIOReturnNoDevice);
			r.complete();
			return;
		}
		admission.submit(r);
	}

	@Override
	public SCSITaskResult execute(byte[] cdb, int cdbLength, ByteBuffer data, int direction, long timeoutMs)
			throws InterruptedException {
		CountDownLatch done = new CountDownLatch(1);
		IORequest r = request(cdb, cdbLength, data, direction, timeoutMs).listener(x -> done.countDown());
		submit(r);
		done.await();
		return result(r);
	}

	@Override
	public CompletionStage<SCSITaskResult> submit(byte[] cdb, int cdbLength, ByteBuffer data, int direction,
			long timeoutMs) {
		CompletableFuture<SCSITaskResult> stage = new CompletableFuture<>();
		IORequest r = request(cdb, cdbLength, data, direction, timeoutMs);
		r.listener(x -> {
			SCSITaskResult result = result(x);
			delivery.execute(() -> stage.complete(result));
		});
		submit(r);
		return stage;
	}

	private static IORequest request(byte[] cdb, int cdbLength, ByteBuffer data, int direction, long timeoutMs) {
		if (data == null && direction != SCSIDataTransferDirection.NO_DATA_TRANSFER) {
			throw new IllegalArgumentException("a data direction without a data buffer");
		}
		return new IORequest().command(cdb, cdbLength)
				.data(data, data == null ? 0 : data.position(), data == null ? 0 : data.remaining(), direction)
				.timeoutMs(timeoutMs > 0 ? timeoutMs : DEFAULT_TIMEOUT_MS);
	}

	private static SCSITaskResult result(IORequest x) {
		return new SCSITaskResult(x.serviceResponse(), x.status(), x.bytesTransferred(),
				Arrays.copyOf(x.sense(), x.senseLength()));
	}

	@Override
	public void read(long lba, ByteBuffer dst) throws SCSITaskException, InterruptedException {
		transfer(lba, dst, false);
	}

	@Override
	public void write(long lba, ByteBuffer src) throws SCSITaskException, InterruptedException {
		transfer(lba, src, true);
	}

	private void transfer(long lba, ByteBuffer buffer, boolean write) throws SCSITaskException, InterruptedException {
		int bs = blockSize();
		if (bs <= 0 || buffer.remaining() % bs != 0 || buffer.remaining() == 0) {
			throw new IllegalArgumentException(buffer.remaining() + " bytes is not a positive multiple of the block size "
					+ bs);
		}
		byte[] cdb = new byte[16];
		int n = write ? Cdb.write16(cdb, lba, buffer.remaining() / bs) : Cdb.read16(cdb, lba, buffer.remaining() / bs);
		SCSITaskResult r = execute(cdb, n, buffer, write ? SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET
				: SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, DEFAULT_TIMEOUT_MS);
		if (!r.isGood()) {
			throw new SCSITaskException((write ? "WRITE" : "READ") + " of " + name() + " at LBA " + lba, r);
		}
	}

	@Override
	public String toString() {
		return name();
	}
}
