package org.hbakit.hba.sim.scsi;

import static org.hbakit.hba.sim.scsi.Io.assertCheck;
import static org.hbakit.hba.sim.scsi.Io.assertGood;
import static org.hbakit.hba.sim.scsi.Io.assertInvalidCdb;
import static org.hbakit.hba.sim.scsi.Io.assertSense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.LogicalUnitNumber;
import org.hbakit.controller.api.scsi.SenseCode;
import org.junit.jupiter.api.Test;

/** The target: REPORT LUNS, absent LUNs, the W-LUN, inventory changes and their unit attention, presence. */
class SimulatedTargetTest {
	private static final String TUR = "00 00 00 00 00 00";
	private static final String REPORT_LUNS = "A0 00 00 00 00 00 00 00 01 00 00 00";

	private final SimulatedTarget target = SimulatedTarget.builder().targetId(3)
			.disks(3, lun -> SimulatedDisk.builder().wwn(SimulatedDisk.wwnFor(0, 3, lun)).capacityBlocks(100).build())
			.build();
	private final Io io = new Io(target::execute);

	private void clearAll() {
		for (int lun : target.luns()) {
			io.lun(lun).clearUnitAttentions();
		}
	}

	@Test
	void aTargetWithNDisks() {
		assertArrayEquals(new int[] { 0, 1, 2 }, target.luns());
		assertEquals(3, target.targetId());
		assertEquals(0x3484_24B0_0003_0002L, target.logicalUnit(2).wwn(), "NAA 3, 'HBK', HBA 0, target 3, LUN 2");
		assertTrue(target.isPresent());
		assertFalse(target.abortTask(42));
	}

	@Test
	void reportLunsListsEveryUnit() {
		var x = io.in(REPORT_LUNS, 256);
		assertGood(x);
		assertEquals(32, x.bytesTransferred());
		assertEquals("00 00 00 18 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 02 00 00 00 00 00 00",
				Io.data(x, 32));
	}

	@Test
	void reportLunsSelectReportAndTheWellKnownLun() {
		var x = io.in("A0 00 01 00 00 00 00 00 01 00 00 00", 256);
		assertEquals("00 00 00 08 00 00 00 00 C1 01 00 00 00 00 00 00", Io.data(x, 16));
		x = io.in("A0 00 02 00 00 00 00 00 01 00 00 00", 256);
		assertEquals(40, x.bytesTransferred());
		assertEquals("C1 01 00 00 00 00 00 00", Io.hex(Io.dataIn(x), 32, 8));
		assertInvalidCdb(io.in("A0 00 03 00 00 00 00 00 01 00 00 00", 256), 2, -1);
		assertInvalidCdb(io.in("A0 00 00 00 00 00 00 00 00 0F 00 00", 256), 6, -1);
		assertInvalidCdb(io.in("A0 01 00 00 00 00 00 00 01 00 00 00", 256), 1, 0); // reserved
	}

	@Test
	void reportLunsTruncatesToAllocationLengthAndBuffer() {
		var x = io.in("A0 00 00 00 00 00 00 00 00 14 00 00", 256);
		assertEquals(20, x.bytesTransferred());
		assertEquals("00 00 00 18 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00", Io.data(x, 20));
		x = io.in(REPORT_LUNS, 12);
		assertEquals(12, x.bytesTransferred());
	}

	@Test
	void reportLunsUsesFlatAddressingAbove255() {
		target.addLogicalUnit(300, SimulatedDisk.builder().build());
		var x = io.in(REPORT_LUNS, 256);
		assertEquals("41 2C 00 00 00 00 00 00", Io.hex(Io.dataIn(x), 32, 8));
		io.lun(300);
		io.clearUnitAttentions();
		assertGood(io.in("25 00 00 00 00 00 00 00 00 00", 8));
	}

	@Test
	void reportLunsWorksThroughAnAbsentLunAndTheWellKnownLun() {
		assertGood(io.lun(7).in(REPORT_LUNS, 256));
		var x = io.lun(LogicalUnitNumber.REPORT_LUNS_WELL_KNOWN_LUN).in(REPORT_LUNS, 256);
		assertGood(x);
		assertEquals(32, x.bytesTransferred());
	}

	@Test
	void absentLunAnswersInquiryWithQualifier3() {
		io.lun(9);
		var x = io.in("12 00 00 00 24 00", 36);
		assertGood(x);
		assertEquals("7F 00 06 12 1F 00 00 00", Io.data(x, 8));
		assertEquals("HBAKIT  SIM TARGET      1.0 ",
				new String(Io.dataIn(x), 8, 28, java.nio.charset.StandardCharsets.US_ASCII));
		x = io.in("12 01 00 00 FF 00", 255);
		assertEquals("7F 00 00 01 00", Io.hex(Io.dataIn(x), 0, 5));
		assertInvalidCdb(io.in("12 01 80 00 FF 00", 255), 2, -1);
	}

	@Test
	void absentLunRejectsEverythingElseWithLogicalUnitNotSupported() {
		io.lun(9);
		assertSense(io.none(TUR), "70 00 05 00 00 00 00 0A 00 00 00 00 25 00 00 00 00 00");
		assertCheck(io.in("28 00 00 00 00 00 00 00 01 00", 512), SenseCode.LOGICAL_UNIT_NOT_SUPPORTED);
		assertCheck(io.none("C0 00 00 00 00 00"), SenseCode.LOGICAL_UNIT_NOT_SUPPORTED);
		var x = io.in("03 00 00 00 12 00", 18);
		assertGood(x);
		assertEquals("70 00 05 00 00 00 00 0A 00 00 00 00 25 00", Io.data(x, 14), "REQUEST SENSE tells why");
		io.lun(-1); // an undecodable LUN field is absent too
		assertCheck(io.none(TUR), SenseCode.LOGICAL_UNIT_NOT_SUPPORTED);
		assertGood(io.in("12 00 00 00 24 00", 36));
	}

	@Test
	void theWellKnownLunAnswersItsFourCommands() {
		io.lun(LogicalUnitNumber.REPORT_LUNS_WELL_KNOWN_LUN);
		assertGood(io.none(TUR));
		var x = io.in("12 00 00 00 24 00", 36);
		assertEquals("1E", Io.data(x, 1), "well-known logical unit");
		x = io.in("03 00 00 00 12 00", 18);
		assertEquals("70 00 00", Io.data(x, 3));
		assertCheck(io.in("28 00 00 00 00 00 00 00 01 00", 512), SenseCode.INVALID_COMMAND_OPERATION_CODE);
	}

	@Test
	void inventoryChangesRaiseReportedLunsChangedOncePerNexus() {
		clearAll();
		target.addLogicalUnit(5, SimulatedDisk.builder().build());
		assertGood(io.lun(1).in("12 00 00 00 24 00", 36)); // INQUIRY does not consume it
		var x = io.lun(1).none(TUR);
		assertSense(x, "70 00 06 00 00 00 00 0A 00 00 00 00 3F 0E 00 00 00 00");
		assertGoodBecause(io.lun(0).none(TUR), "reported once for the whole target");
		assertGood(io.lun(2).none(TUR));
		assertCheck(io.lun(5).none(TUR), SenseCode.POWER_ON_RESET); // the new unit has its own
		assertGood(io.lun(5).none(TUR));
	}

	@Test
	void requestSenseReturnsTheInventoryAttentionAsDataAndClearsIt() {
		clearAll();
		target.removeLogicalUnit(1);
		var x = io.lun(2).in("03 00 00 00 12 00", 18);
		assertGood(x);
		assertEquals("70 00 06 00 00 00 00 0A 00 00 00 00 3F 0E", Io.data(x, 14));
		assertGood(io.lun(0).none(TUR));
		assertGood(io.lun(2).none(TUR));
	}

	@Test
	void reportLunsClearsTheInventoryAttention() {
		clearAll();
		SimulatedDisk removed = target.removeLogicalUnit(2);
		assertArrayEquals(new int[] { 0, 1 }, target.luns());
		assertNull(target.logicalUnit(2));
		var x = io.lun(0).in(REPORT_LUNS, 256);
		assertEquals(24, x.bytesTransferred());
		assertGood(io.lun(0).none(TUR));
		assertGood(io.lun(1).none(TUR));
		assertCheck(io.lun(2).none(TUR), SenseCode.LOGICAL_UNIT_NOT_SUPPORTED);
		// the removed disk is a standalone unit again and can join another target
		SimulatedTarget other = SimulatedTarget.builder().targetId(4).build();
		other.addLogicalUnit(0, removed);
		assertSame(removed, other.logicalUnit(0));
	}

	@Test
	void theInventoryAttentionRanksBelowTheUnitsOwn() {
		clearAll();
		target.logicalUnit(0).setCapacityBlocks(200);
		target.addLogicalUnit(6, SimulatedDisk.builder().build());
		assertCheck(io.lun(0).none(TUR), SenseCode.CAPACITY_DATA_CHANGED);
		assertCheck(io.lun(0).none(TUR), SenseCode.REPORTED_LUNS_DATA_CHANGED);
		assertGood(io.lun(0).none(TUR));
	}

	@Test
	void inventoryMistakesAreRejected() {
		assertThrows(IllegalArgumentException.class, () -> target.addLogicalUnit(1, SimulatedDisk.builder().build()));
		assertThrows(IllegalArgumentException.class,
				() -> target.addLogicalUnit(16384, SimulatedDisk.builder().build()));
		assertThrows(IllegalStateException.class, () -> SimulatedTarget.builder().logicalUnit(0,
				target.logicalUnit(0)).build());
		assertNull(target.removeLogicalUnit(99));
	}

	@Test
	void noLun0NumbersDisksFromOne() {
		SimulatedTarget t = SimulatedTarget.builder().noLun0(true).disks(2, lun -> SimulatedDisk.builder().build())
				.build();
		assertArrayEquals(new int[] { 1, 2 }, t.luns());
		Io tio = new Io(t::execute);
		assertEquals("7F", Io.data(tio.lun(0).in("12 00 00 00 24 00", 36), 1));
		var x = tio.lun(0).in(REPORT_LUNS, 256);
		assertEquals("00 00 00 10 00 00 00 00 00 01 00 00 00 00 00 00 00 02", Io.data(x, 18));
	}

	@Test
	void aRemovedTargetFailsDeliveryAndComesBackWithAReset() {
		clearAll();
		target.setPresent(false);
		assertFalse(target.isPresent());
		var x = io.lun(0).none(TUR);
		assertEquals(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE, x.serviceResponse());
		assertEquals(SCSITaskStatus.DEVICE_NOT_PRESENT, x.status());
		assertEquals(0, x.senseLength());
		x = io.lun(0).in(REPORT_LUNS, 256);
		assertEquals(SCSITaskStatus.DEVICE_NOT_PRESENT, x.status());
		target.setPresent(true);
		assertCheck(io.lun(0).none(TUR), SenseCode.POWER_ON_RESET);
		assertCheck(io.lun(2).none(TUR), SenseCode.POWER_ON_RESET);
		assertGood(io.lun(0).none(TUR));
	}

	@Test
	void resetsReachTheUnits() {
		clearAll();
		assertTrue(target.resetLogicalUnit(1));
		assertFalse(target.resetLogicalUnit(8));
		assertGood(io.lun(0).none(TUR));
		assertCheck(io.lun(1).none(TUR), SenseCode.BUS_DEVICE_RESET_FUNCTION_OCCURRED);
		target.reset(ResetKind.BUS_RESET);
		for (int lun : target.luns()) {
			assertCheck(io.lun(lun).none(TUR), SenseCode.SCSI_BUS_RESET);
		}
	}

	@Test
	void dataIsKeptPerUnit() {
		clearAll();
		byte[] a = new byte[512];
		java.util.Arrays.fill(a, (byte) 1);
		byte[] b = new byte[512];
		java.util.Arrays.fill(b, (byte) 2);
		assertGood(io.lun(0).out("2A 00 00 00 00 05 00 00 01 00", a));
		assertGood(io.lun(1).out("2A 00 00 00 00 05 00 00 01 00", b));
		assertArrayEquals(a, Io.dataIn(io.lun(0).in("28 00 00 00 00 05 00 00 01 00", 512)));
		assertArrayEquals(b, Io.dataIn(io.lun(1).in("28 00 00 00 00 05 00 00 01 00", 512)));
	}

	private static void assertGoodBecause(ScsiExchange x, String message) {
		assertTrue(x.isGood(), message + ": " + x + " " + Io.sense(x));
	}
}
