package org.hbakit.bridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSIParallelFeature;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SCSIOperationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UserDoesHBASupportSCSIParallelFeature is asked, as IOSCSIParallelFamily asks it, for the features the target's
 * INQUIRY data reports; tasks carry the supported ones until the controller reports them negotiated.
 */
class ParallelFeaturesTest {
	private static final int WIDE = SCSIParallelFeature.WIDE_DATA_TRANSFER;
	private static final int SYNC = SCSIParallelFeature.SYNCHRONOUS_DATA_TRANSFER;
	private static final int DT = SCSIParallelFeature.DOUBLE_TRANSITION_DATA_TRANSFERS;
	private final EngineHarness harness = new EngineHarness(EngineSettings.of(10_000, 30, 500, 500, 1000, 4));

	@AfterEach
	void tearDown() {
		harness.close();
	}

	private static int mask(int... features) {
		int m = 0;
		for (int f : features) {
			m |= 1 << f;
		}
		return m;
	}

	/**
	 * An SPI target reporting every feature (SYNC, WBUS16; IUS, QAS, ST and DT clocking) behind an HBA that supports
	 * wide, synchronous and DT transfers; wide and synchronous negotiate at once, DT on the third attempt.
	 */
	static final class SpiController extends SoftwareController {
		final Set<String> askedOn = ConcurrentHashMap.newKeySet();
		final List<Integer> asked = new CopyOnWriteArrayList<>();
		/** Per task: the requested features as a mask; -1 for a count that disagrees with the array. */
		final List<Integer> requests = new CopyOnWriteArrayList<>();
		private final AtomicInteger dtAttempts = new AtomicInteger();
		private final boolean spi;

		SpiController(boolean bundled, boolean spi) {
			super(bundled);
			this.spi = spi;
		}

		@Override
		public int userDoesHBASupportSCSIParallelFeature(int feature, boolean[] result) {
			askedOn.add(Thread.currentThread().getName());
			asked.add(feature);
			result[0] = feature == WIDE || feature == SYNC || feature == DT;
			return IOReturn.kIOReturnSuccess;
		}

		@Override
		void execute(SCSIUserParallelTask task, SCSIUserParallelResponse r) {
			int m = 0;
			for (int f = 0; f < SCSIParallelFeature.TOTAL_FEATURE_COUNT; f++) {
				if (task.featureRequest(f) == SCSIParallelFeature.REQUEST_ATTEMPT_NEGOTIATION) {
					m |= 1 << f;
				}
			}
			requests.add(task.featureRequestCount() == Integer.bitCount(m) ? m : -1);
			super.execute(task, r);
			if (task.cdbByte(0) == SCSIOperationCode.INQUIRY && spi) {
				ByteBuffer[] b = new ByteBuffer[1];
				family.userGetDataBuffer(task.targetID(), task.controllerTaskIdentifier(), b);
				for (int i = 36; i < 96; i++) {
					b[0].put(i, (byte) 0);
				}
				b[0].put(2, (byte) 0x05).put(4, (byte) (96 - 5)).put(7, (byte) 0x30).put(56, (byte) 0x0F);
				r.setBytesTransferred(96);
			}
			for (int f = 0; f < SCSIParallelFeature.TOTAL_FEATURE_COUNT; f++) {
				boolean ok = (m & 1 << f) != 0 && (f != DT || dtAttempts.incrementAndGet() >= 3);
				r.setFeatureResult(f, ok ? SCSIParallelFeature.RESULT_NEGOTIATION_SUCCESS
						: SCSIParallelFeature.RESULT_NEGOTIATION_UNCHANGED);
			}
		}
	}

	private ControllerBinding bound(SpiController c) throws InterruptedException {
		return harness.bound(c).binding();
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void theFeaturesTheTargetReportsAreAskedAndNegotiatedUntilTheControllerReportsSuccess(boolean bundled)
			throws Exception {
		SpiController c = new SpiController(bundled, true);
		ControllerBinding b = bound(c);
		assertThat(c.asked).as("the five features the INQUIRY data reports, once").containsExactlyInAnyOrder(0, 1, 2, 3,
				4);
		assertThat(c.askedOn).allMatch(n -> n.endsWith("-controller"));
		LogicalUnit u = harness.units.get(0);
		byte[] cdb = new byte[16];
		for (int i = 0; i < 4; i++) {
			assertThat(u.execute(cdb, Cdb.testUnitReady(cdb), null, 0, 0).isGood()).isTrue();
		}
		// the scan's REPORT LUNS, REQUEST SENSE, INQUIRY and READ CAPACITY go out together, before the INQUIRY data
		// is in; the first TEST UNIT READY is the first to negotiate
		assertThat(c.requests).containsExactly(0, 0, 0, 0, mask(WIDE, SYNC, DT), mask(DT), mask(DT), 0);
		ParallelFeatures.Nexus n = b.parallelFeatures(0);
		assertThat(n.device()).isEqualTo(0x1F);
		assertThat(n.supported()).isEqualTo(mask(WIDE, SYNC, DT));
		assertThat(n.negotiated()).isEqualTo(mask(WIDE, SYNC, DT));
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aTargetThatReportsNoSpiFeatureIsNeverNegotiated(boolean bundled) throws Exception {
		SpiController c = new SpiController(bundled, false);
		ControllerBinding b = bound(c);
		byte[] cdb = new byte[16];
		assertThat(harness.units.get(0).execute(cdb, Cdb.testUnitReady(cdb), null, 0, 0).isGood()).isTrue();
		assertThat(c.asked).isEmpty();
		assertThat(c.requests).containsOnly(0);
		assertThat(b.parallelFeatures(0).device()).isZero();
	}
}
