package org.hbakit.hba.sim.scsi;

import static org.hbakit.hba.sim.scsi.Io.assertCheck;
import static org.hbakit.hba.sim.scsi.Io.assertGood;
import static org.hbakit.hba.sim.scsi.Io.assertSense;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.hbakit.controller.api.scsi.SenseCode;
import org.junit.jupiter.api.Test;

/** Unit attentions: which commands report them, in which order, and when they clear (SPC-4 §5.14). */
class UnitAttentionTest {
	private static final String TUR = "00 00 00 00 00 00";

	private final SimulatedDisk disk = SimulatedDisk.builder().capacityBlocks(1000).build();
	private final Io io = new Io(disk::execute);

	@Test
	void aNewUnitReportsPowerOnResetOnceOnTheFirstCommand() {
		var x = io.none(TUR);
		assertSense(x, "70 00 06 00 00 00 00 0A 00 00 00 00 29 00 00 00 00 00");
		assertGood(io.none(TUR));
	}

	@Test
	void inquiryReportLunsAndRequestSenseNeitherReportNorClearIt() {
		assertGood(io.in("12 00 00 00 24 00", 36));
		assertGood(io.in("A0 00 00 00 00 00 00 00 00 10 00 00", 16));
		assertEquals(List.of(SenseCode.POWER_ON_RESET), disk.pendingUnitAttentions());
		assertCheck(io.in("25 00 00 00 00 00 00 00 00 00", 8), SenseCode.POWER_ON_RESET);
		assertEquals(List.of(), disk.pendingUnitAttentions());
	}

	@Test
	void anUnsupportedCommandStillGetsTheUnitAttentionFirst() {
		assertCheck(io.none("C0 00 00 00 00 00"), SenseCode.POWER_ON_RESET);
		assertCheck(io.none("C0 00 00 00 00 00"), SenseCode.INVALID_COMMAND_OPERATION_CODE);
	}

	@Test
	void requestSenseReturnsTheUnitAttentionAsDataAndClearsIt() {
		var x = io.in("03 00 00 00 12 00", 18);
		assertGood(x);
		assertEquals("70 00 06 00 00 00 00 0A 00 00 00 00 29 00 00 00 00 00", Io.data(x, 18));
		x = io.in("03 00 00 00 12 00", 18);
		assertGood(x);
		assertEquals("70 00 00 00 00 00 00 0A 00 00 00 00 00 00 00 00 00 00", Io.data(x, 18), "NO SENSE");
		assertGood(io.none(TUR));
	}

	@Test
	void requestSenseHonoursDescAndTheAllocationLength() {
		var x = io.in("03 01 00 00 FC 00", 252);
		assertGood(x);
		assertEquals(8, x.bytesTransferred());
		assertEquals("72 06 29 00 00 00 00 00", Io.data(x, 8));
		disk.setCapacityBlocks(2000);
		x = io.in("03 00 00 00 04 00", 252);
		assertEquals(4, x.bytesTransferred());
		assertEquals("70 00 06 00", Io.data(x, 4));
		assertGood(io.none(TUR)); // the truncated report still cleared it
	}

	@Test
	void pendingAttentionsAreReportedInPriorityOrder() {
		disk.setIdentity(new InquiryIdentity("NEW", "NAME", "2", "S1"));
		disk.setCapacityBlocks(5000);
		disk.setWriteCacheEnabled(false);
		assertEquals(List.of(SenseCode.POWER_ON_RESET, SenseCode.MODE_PARAMETERS_CHANGED,
				SenseCode.CAPACITY_DATA_CHANGED, SenseCode.INQUIRY_DATA_CHANGED), disk.pendingUnitAttentions());
		assertCheck(io.none(TUR), SenseCode.POWER_ON_RESET);
		assertCheck(io.none(TUR), SenseCode.MODE_PARAMETERS_CHANGED);
		assertCheck(io.none(TUR), SenseCode.CAPACITY_DATA_CHANGED);
		assertCheck(io.none(TUR), SenseCode.INQUIRY_DATA_CHANGED);
		assertGood(io.none(TUR));
	}

	@Test
	void capacityChangeIsVisibleAfterTheAttention() {
		io.clearUnitAttentions();
		disk.setCapacityBlocks(0x123456);
		assertCheck(io.in("25 00 00 00 00 00 00 00 00 00", 8), SenseCode.CAPACITY_DATA_CHANGED);
		assertEquals("00 12 34 55 00 00 02 00", Io.data(io.in("25 00 00 00 00 00 00 00 00 00", 8), 8));
	}

	@Test
	void resetsRaiseTheirOwnCode() {
		io.clearUnitAttentions();
		for (ResetKind kind : ResetKind.values()) {
			disk.reset(kind);
			assertCheck(io.none(TUR), kind.unitAttention());
			assertGood(io.none(TUR));
		}
		assertEquals("06/29/03 BUS DEVICE RESET FUNCTION OCCURRED",
				ResetKind.LOGICAL_UNIT_RESET.unitAttention().toString());
	}

	@Test
	void twoDifferentResetsCollapseIntoTheGenericCode() {
		io.clearUnitAttentions();
		disk.reset(ResetKind.BUS_RESET);
		disk.reset(ResetKind.LOGICAL_UNIT_RESET);
		assertEquals(List.of(SenseCode.POWER_ON_RESET), disk.pendingUnitAttentions());
		disk.reset(ResetKind.POWER_ON_RESET);
		assertCheck(io.none(TUR), SenseCode.POWER_ON_RESET);
		assertGood(io.none(TUR));
		disk.reset(ResetKind.BUS_RESET);
		disk.reset(ResetKind.BUS_RESET);
		assertEquals(List.of(SenseCode.SCSI_BUS_RESET), disk.pendingUnitAttentions(), "the same reset twice stays");
	}

	@Test
	void aResetRestoresTheDefaultModePagesAndAllowsRemoval() {
		io.clearUnitAttentions();
		byte[] control = Io.bytes("00 00 00 00 0A 0A 06 10 00 00 00 00 00 00 00 00");
		assertGood(io.out("15 10 00 00 10 00", control));
		assertEquals(true, disk.isDescriptorSense());
		assertGood(io.none("1E 00 00 00 01 00"));
		assertEquals(true, disk.isRemovalPrevented());
		disk.reset(ResetKind.TARGET_RESET);
		assertEquals(false, disk.isDescriptorSense());
		assertEquals(false, disk.isRemovalPrevented());
		assertSense(io.none(TUR), "70 00 06 00 00 00 00 0A 00 00 00 00 29 03 00 00 00 00");
	}

	@Test
	void powerOnStartsAStoppedUnit() {
		io.clearUnitAttentions();
		assertGood(io.none("1B 00 00 00 00 00"));
		assertCheck(io.none(TUR), SenseCode.INITIALIZING_COMMAND_REQUIRED);
		disk.reset(ResetKind.LOGICAL_UNIT_RESET);
		io.none(TUR);
		assertCheck(io.none(TUR), SenseCode.INITIALIZING_COMMAND_REQUIRED);
		disk.reset(ResetKind.POWER_ON);
		assertCheck(io.none(TUR), SenseCode.POWER_ON_OCCURRED);
		assertGood(io.none(TUR));
	}
}
