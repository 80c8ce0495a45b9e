package org.hbakit.bridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.hbakit.controller.api.HBAConstraints;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.SCSIUserParallelTask;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SCSIOperationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Multi-level LUNs from REPORT LUNS are scanned and published when the controller reports hierarchical support. */
class HierarchicalLunTest {
	private static final long TWO_LEVELS = 0x0001_0002_0000_0000L;
	private static final long FOURTH_LEVEL = 0x0000_0000_0000_0001L;
	private final EngineHarness harness = new EngineHarness(EngineSettings.of(10_000, 30, 500, 500, 1000, 4));

	@AfterEach
	void tearDown() {
		harness.close();
	}

	/** A target whose REPORT LUNS lists LUNs 0 and 1 and two hierarchical ones; every LUN answers alike. */
	static final class HierarchicalTarget extends SoftwareController {
		private final boolean supported;
		final Set<Long> lunFieldsSeen = ConcurrentHashMap.newKeySet();

		HierarchicalTarget(boolean supported) {
			super(true);
			this.supported = supported;
		}

		@Override
		protected Map<String, Object> constraints() {
			Map<String, Object> m = new HashMap<>(super.constraints());
			if (supported) {
				m.put(HBAConstraints.kIOHierarchicalLogicalUnitSupportKey, Boolean.TRUE);
			}
			return m;
		}

		@Override
		public int userReportHBAHighestLogicalUnitNumber(long[] value) {
			value[0] = 0x3FFF;
			return IOReturn.kIOReturnSuccess;
		}

		@Override
		void execute(SCSIUserParallelTask task, SCSIUserParallelResponse r) {
			lunFieldsSeen.add(task.logicalUnitBytes());
			super.execute(task, r);
			if (task.cdbByte(0) == SCSIOperationCode.REPORT_LUNS) {
				ByteBuffer[] b = new ByteBuffer[1];
				family.userGetDataBuffer(task.targetID(), task.controllerTaskIdentifier(), b);
				b[0].putInt(0, 32).putLong(8, 0).putLong(16, 1L << 48).putLong(24, TWO_LEVELS).putLong(32,
						FOURTH_LEVEL);
				r.setBytesTransferred(40);
			}
		}
	}

	private Map<String, LogicalUnit> bound(HierarchicalTarget c) throws InterruptedException {
		harness.bound(c);
		Map<String, LogicalUnit> byName = new HashMap<>();
		harness.units.forEach(u -> byName.put(u.name(), u));
		return byName;
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void multiLevelLunsArePublishedOnlyWithHierarchicalSupport(boolean supported) throws Exception {
		HierarchicalTarget c = new HierarchicalTarget(supported);
		Map<String, LogicalUnit> units = bound(c);
		if (!supported) {
			assertThat(units).containsOnlyKeys("hba9:0:0", "hba9:0:1");
			assertThat(c.lunFieldsSeen).doesNotContain(TWO_LEVELS, FOURTH_LEVEL);
			return;
		}
		assertThat(units).containsOnlyKeys("hba9:0:0", "hba9:0:1", "hba9:0:0001-0002", "hba9:0:0000-0000-0000-0001");
		assertThat(units.get("hba9:0:1").serviceProperties()).containsEntry(SCSILogicalUnit.LUN, 1L);
		assertThat(units.get("hba9:0:0001-0002").serviceProperties()).containsEntry(SCSILogicalUnit.LUN,
				0x0002_0001L);
		assertThat(units.get("hba9:0:0000-0000-0000-0001").serviceProperties()).containsEntry(SCSILogicalUnit.LUN,
				1L << 48);
		// the unit's commands carry its 8-byte LUN field
		LogicalUnit u = units.get("hba9:0:0001-0002");
		c.lunFieldsSeen.clear();
		byte[] cdb = new byte[16];
		assertThat(u.execute(cdb, Cdb.testUnitReady(cdb), null, 0, 0).isGood()).isTrue();
		assertThat(c.lunFieldsSeen).containsExactly(TWO_LEVELS);
	}
}
