package org.hbakit.bridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.hbakit.bridge.supervisor.DeviceSupervisor;
import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.controller.api.scsi.SenseData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The limits a controller reports (segment count × segment bytes, the DMA specification's maximum transfer) are
 * applied by the framework: larger block reads and writes are split, other commands refused with correct sense.
 */
class TransferLimitsTest {
	private static final int MIB = 1 << 20;
	private static final int BLOCK = 512;
	private final EngineHarness harness = new EngineHarness(EngineSettings.of(10_000, 30, 500, 500, 2000, 4));

	@AfterEach
	void tearDown() {
		harness.close();
	}

	private static SoftwareController controller(boolean bundled, ByteBuffer disk, long maxTransfer) {
		return new SoftwareController(16, bundled, disk, BLOCK).maxTransfer(maxTransfer);
	}

	private static ByteBuffer pattern(int bytes, int seed) {
		ByteBuffer b = ByteBuffer.allocateDirect(bytes);
		for (int i = 0; i < bytes; i += 4) {
			b.putInt(i, i * 31 + seed);
		}
		return b;
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aFourMiBReadOnAControllerReportingOneMiBSucceedsVerified(boolean bundled) throws Exception {
		SoftwareController c = controller(bundled, ByteBuffer.allocate(8 * MIB), MIB);
		DeviceSupervisor s = harness.bound(c);
		assertThat(s.binding().maxReadBytes()).isEqualTo(MIB);
		LogicalUnit u = harness.units.get(0);
		ByteBuffer out = pattern(4 * MIB, 7);
		u.write(100, out);
		ByteBuffer in = ByteBuffer.allocateDirect(4 * MIB);
		u.read(100, in);
		assertThat(in.rewind()).isEqualTo(out.rewind());
		assertThat(c.largestTransfer.get()).isEqualTo(MIB);
		assertThat(c.oversized.get()).isZero();
		assertThat(s.binding().splitRequests()).isEqualTo(2);
		// every CDB size is split the same way
		ByteBuffer in10 = ByteBuffer.allocateDirect(3 * MIB + 4 * BLOCK);
		byte[] cdb = new byte[16];
		SCSITaskResult r = u.execute(cdb, Cdb.read10(cdb, 100, in10.capacity() / BLOCK), in10,
				SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 0);
		assertThat(r.isGood()).as(r.toString()).isTrue();
		assertThat(r.bytesTransferred()).isEqualTo(in10.capacity());
		assertThat(in10.rewind()).isEqualTo(out.rewind().limit(in10.capacity()));
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aFailingPartEndsTheRequestOnceWithItsSenseAndTheBytesMovedBeforeIt(boolean bundled) throws Exception {
		SoftwareController c = controller(bundled, ByteBuffer.allocate(8 * MIB), MIB);
		harness.bound(c);
		LogicalUnit u = harness.units.get(0);
		int calls = c.ioCalls.get();
		long lastTwoMiB = u.blockCount() - 2 * MIB / BLOCK;
		ByteBuffer in = ByteBuffer.allocateDirect(4 * MIB);
		byte[] cdb = new byte[16];
		SCSITaskResult r = u.execute(cdb, Cdb.read16(cdb, lastTwoMiB, 4 * MIB / BLOCK), in,
				SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 0);
		assertThat(r.serviceResponse()).isEqualTo(SCSIServiceResponse.TASK_COMPLETE);
		assertThat(r.status()).isEqualTo(SCSITaskStatus.CHECK_CONDITION);
		assertThat(SenseCode.LBA_OUT_OF_RANGE.matches(r.sense(), r.sense().length)).isTrue();
		assertThat(SenseData.information(r.sense(), r.sense().length)).isEqualTo(u.blockCount());
		assertThat(r.bytesTransferred()).isEqualTo(2 * MIB);
		assertThat(c.ioCalls.get() - calls).as("the fourth part is never sent").isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aCommandThatCannotBeSplitIsRefusedWithInvalidFieldInCdb(boolean bundled) throws Exception {
		SoftwareController c = controller(bundled, ByteBuffer.allocate(MIB), 16 * 1024);
		DeviceSupervisor s = harness.bound(c);
		LogicalUnit u = harness.units.get(0);
		int calls = c.ioCalls.get();
		ByteBuffer list = ByteBuffer.allocateDirect(64 * 1024);
		byte[] cdb = new byte[16];
		SCSITaskResult r = u.execute(cdb, Cdb.reportLuns(cdb, list.capacity()), list,
				SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 0);
		assertThat(r.status()).isEqualTo(SCSITaskStatus.CHECK_CONDITION);
		assertThat(SenseCode.INVALID_FIELD_IN_CDB.matches(r.sense(), r.sense().length)).isTrue();
		assertThat(SenseData.fieldPointerInCdb(r.sense(), r.sense().length)).isTrue();
		assertThat(SenseData.fieldPointer(r.sense(), r.sense().length)).as("REPORT LUNS' ALLOCATION LENGTH")
				.isEqualTo(6);
		assertThat(r.bytesTransferred()).isZero();
		assertThat(c.ioCalls.get()).as("the controller never saw it").isEqualTo(calls);
		assertThat(s.binding().refusedRequests()).isEqualTo(1);
		assertThat(harness.log.warnings).anyMatch(w -> w.contains("cannot be split"));
		// a block smaller than the limit, within it: as usual
		u.read(0, ByteBuffer.allocateDirect(16 * 1024));
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aRequestHeldAcrossASwapToAControllerWithASmallerLimitStillWorks(boolean bundled) throws Exception {
		ByteBuffer disk = ByteBuffer.allocate(8 * MIB);
		SoftwareController big = controller(bundled, disk, MIB);
		SoftwareController small = controller(!bundled, disk, 256 * 1024);
		harness.offer("Big", () -> big);
		harness.offer("Small", 10, () -> small);
		DeviceSupervisor s = harness.device(new FakeDevice(), "hba9");
		assertThat(s.binding().controller()).isSameAs(big);
		LogicalUnit u = harness.units.get(0);
		ByteBuffer out = pattern(4 * MIB, 11);
		u.write(8, out);
		big.holdCompletions = new CountDownLatch(1); // the first part stays in the controller's hands
		ByteBuffer in = ByteBuffer.allocateDirect(4 * MIB);
		byte[] cdb = new byte[16];
		CompletableFuture<SCSITaskResult> read = u.submit(cdb, Cdb.read16(cdb, 8, 4 * MIB / BLOCK), in,
				SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 0).toCompletableFuture();
		Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> s.binding().inFlight() == 1);
		s.rematch("Small").get(20, TimeUnit.SECONDS);
		assertThat(s.binding().controller()).isSameAs(small);
		SCSITaskResult r = read.get(20, TimeUnit.SECONDS);
		assertThat(r.isGood()).as(r.toString()).isTrue();
		assertThat(r.bytesTransferred()).isEqualTo(4 * MIB);
		assertThat(in.rewind()).isEqualTo(out.rewind());
		assertThat(small.largestTransfer.get()).isEqualTo(256 * 1024);
		assertThat(small.oversized.get()).isZero();
		assertThat(s.binding().splitRequests()).as("the re-queued part and the later ones, split again").isEqualTo(4);
	}
}
