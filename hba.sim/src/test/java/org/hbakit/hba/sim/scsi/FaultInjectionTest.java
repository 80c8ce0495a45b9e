package org.hbakit.hba.sim.scsi;

import static org.hbakit.hba.sim.scsi.Io.assertCheck;
import static org.hbakit.hba.sim.scsi.Io.assertGood;
import static org.hbakit.hba.sim.scsi.Io.assertSense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.hba.sim.scsi.fault.FaultLevel;
import org.hbakit.hba.sim.scsi.fault.FaultPlan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Injected faults and latency as the HBA sees them through a target. */
class FaultInjectionTest {
	private static final String TUR = "00 00 00 00 00 00";
	private static final String READ_8_AT_0x1230 = "28 00 00 00 12 30 00 00 08 00";

	private final FaultLevel hba = new FaultLevel("hba0", 0);
	private final SimulatedTarget target = SimulatedTarget.builder().targetId(0).hbaFaults(hba)
			.disks(2, lun -> SimulatedDisk.builder().capacityBlocks(0x10000).build()).build();
	private final Io io = new Io(target::execute);
	private final byte[] written = new byte[8 * 512];

	@BeforeEach
	void ready() {
		for (int lun : target.luns()) {
			io.lun(lun).clearUnitAttentions();
		}
		Arrays.fill(written, (byte) 0x5C);
		assertGood(io.lun(0).out("2A 00 00 00 12 30 00 00 08 00", written));
	}

	@Test
	void mediumErrorStopsTheTransferAtTheFirstBadBlock() {
		target.logicalUnit(0).faults().set(FaultPlan.parse(Map.of("medium_error_start", 0x1234,
				"medium_error_count", 10)));
		ScsiExchange x = io.lun(0).in(READ_8_AT_0x1230, 8 * 512);
		// MEDIUM ERROR, VALID, INFORMATION 1234h, 11/00
		assertSense(x, "F0 00 03 00 00 12 34 0A 00 00 00 00 11 00 00 00 00 00");
		assertEquals(4 * 512, x.bytesTransferred(), "blocks 1230h-1233h arrived");
		assertArrayEquals(Arrays.copyOf(written, 4 * 512), Arrays.copyOf(Io.dataIn(x), 4 * 512));
		assertGood(io.lun(0).in("28 00 00 00 12 2C 00 00 08 00", 8 * 512)); // ends just before the range
		assertGood(io.lun(1).in(READ_8_AT_0x1230, 8 * 512)); // another unit
		assertGood(io.lun(0).out("2A 00 00 00 12 30 00 00 08 00", written)); // writes are not affected
		assertCheck(io.lun(0).out("2F 00 00 00 12 36 00 00 01 00", new byte[0]), SenseCode.UNRECOVERED_READ_ERROR);
	}

	@Test
	void recoveredErrorDeliversTheDataWithCheckCondition() {
		target.faults().set(FaultPlan.builder().everyNth(2).recoveredError(true).build());
		assertGood(io.lun(0).in(READ_8_AT_0x1230, 8 * 512));
		ScsiExchange x = io.lun(0).in(READ_8_AT_0x1230, 8 * 512);
		assertSense(x, "70 00 01 00 00 00 00 0A 00 00 00 00 5D 00 00 00 00 00");
		assertEquals(8 * 512, x.bytesTransferred());
		assertArrayEquals(written, Io.dataIn(x));
	}

	@Test
	void shortTransferHalvesAReadWithGoodStatus() {
		hba.set(FaultPlan.builder().everyNth(1).shortTransfer(true).build());
		ScsiExchange x = io.lun(0).in(READ_8_AT_0x1230, 8 * 512);
		assertGood(x);
		assertEquals(4 * 512, x.bytesTransferred(), "the residual is half the request");
		assertGood(io.lun(0).out("2A 00 00 00 12 30 00 00 08 00", written));
	}

	@Test
	void transportErrorsFailDelivery() {
		hba.set(FaultPlan.parse(Map.of("every_nth", 3, "transport_error", true)));
		List<Integer> failed = new ArrayList<>();
		for (int k = 1; k <= 9; k++) {
			ScsiExchange x = io.lun(k % 2).none(TUR);
			if (x.serviceResponse() == SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE) {
				assertEquals(SCSITaskStatus.DELIVERY_FAILURE, x.status());
				assertEquals(0, x.senseLength());
				failed.add(k);
			} else {
				assertGood(x);
			}
		}
		assertEquals(List.of(3, 6, 9), failed, "counted across both units of the HBA");
	}

	@Test
	void busyAndTaskSetFull() {
		target.logicalUnit(1).faults().set(FaultPlan.builder().everyNth(2).busy(true).build());
		target.faults().set(FaultPlan.builder().everyNth(3).taskSetFull(true).build());
		int[] statuses = new int[6];
		for (int k = 0; k < 6; k++) {
			ScsiExchange x = io.lun(1).none(TUR);
			assertEquals(SCSIServiceResponse.TASK_COMPLETE, x.serviceResponse());
			assertEquals(0, x.senseLength());
			statuses[k] = x.status();
		}
		// busy on the unit's 2nd, 4th, 6th; task set full on the target's 3rd (busy wins the 6th)
		assertArrayEquals(new int[] { SCSITaskStatus.GOOD, SCSITaskStatus.BUSY, SCSITaskStatus.TASK_SET_FULL,
				SCSITaskStatus.BUSY, SCSITaskStatus.GOOD, SCSITaskStatus.BUSY }, statuses);
	}

	@Test
	void dropsAreNeverCompletedAndDoNotConsumeUnitAttentions() {
		target.logicalUnit(0).setCapacityBlocks(0x20000);
		target.logicalUnit(0).faults().set(FaultPlan.builder().everyNth(1).drop(true).build());
		ScsiExchange x = io.lun(0).none(TUR);
		assertTrue(x.dropped());
		target.logicalUnit(0).faults().clear();
		assertCheck(io.lun(0).none(TUR), SenseCode.CAPACITY_DATA_CHANGED);
	}

	@Test
	void absentLunsAndReportLunsSeeTargetAndHbaFaults() {
		hba.set(FaultPlan.builder().everyNth(1).drop(true).build());
		assertTrue(io.lun(9).none(TUR).dropped());
		assertTrue(io.lun(0).in("A0 00 00 00 00 00 00 00 01 00 00 00", 256).dropped());
	}

	@Test
	void delaysAreHandedToTheHba() {
		hba.set(FaultPlan.builder().delayNanos(250_000).build());
		ScsiExchange x = io.lun(0).in(READ_8_AT_0x1230, 8 * 512);
		assertGood(x);
		assertEquals(250_000, x.completionDelayNanos());
		target.logicalUnit(1).faults().set(FaultPlan.builder().delayNanos(0).build());
		assertEquals(0, io.lun(1).none(TUR).completionDelayNanos(), "the unit overrides the HBA's delay");
		assertEquals(250_000, io.lun(9).none(TUR).completionDelayNanos(), "absent units get the HBA's");
	}

	@Test
	void mediaOnlyFaultsSpareTheScan() {
		hba.set(FaultPlan.builder().everyNth(1).drop(true).mediaOnly(true).build());
		assertFalse(io.lun(0).in("12 00 00 00 24 00", 36).dropped());
		assertFalse(io.lun(0).in("A0 00 00 00 00 00 00 00 01 00 00 00", 256).dropped());
		assertFalse(io.lun(0).in("25 00 00 00 00 00 00 00 00 00", 8).dropped());
		assertTrue(io.lun(0).in(READ_8_AT_0x1230, 8 * 512).dropped());
	}

	@Test
	void theRemovedFaultTakesTheTargetOffTheBusAndBringsItBack() {
		target.faults().set(FaultPlan.parse(Map.of("removed", "true")));
		assertFalse(target.isPresent());
		ScsiExchange x = io.lun(0).none(TUR);
		assertEquals(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE, x.serviceResponse());
		assertEquals(SCSITaskStatus.DEVICE_NOT_PRESENT, x.status());
		assertEquals(SCSITaskStatus.DEVICE_NOT_PRESENT, io.lun(9).in("12 00 00 00 24 00", 36).status());
		target.faults().clear();
		assertTrue(target.isPresent());
		assertCheck(io.lun(0).none(TUR), SenseCode.POWER_ON_RESET); // re-arrival
		assertCheck(io.lun(1).none(TUR), SenseCode.POWER_ON_RESET);
		assertGood(io.lun(0).in(READ_8_AT_0x1230, 8 * 512));
	}

	@Test
	void theHbaLevelCanRemoveTargetsAndTheTargetLevelOverrides() {
		hba.set(FaultPlan.builder().removed(true).build());
		assertFalse(target.isPresent());
		target.faults().set(FaultPlan.builder().removed(false).build());
		assertTrue(target.isPresent(), "the target's own plan decides");
		target.logicalUnit(0).faults().set(FaultPlan.builder().removed(true).build());
		assertTrue(target.isPresent(), "a unit cannot remove its target");
		assertCheck(io.lun(0).none(TUR), SenseCode.POWER_ON_RESET);
		target.faults().clear();
		assertFalse(target.isPresent());
		target.setPresent(true);
		assertFalse(target.isPresent(), "the fault still holds");
		hba.clear();
		assertTrue(target.isPresent());
	}

	@Test
	void aClosedTargetStopsFollowingTheHbaLevel() throws Exception {
		target.close();
		hba.set(FaultPlan.builder().removed(true).build());
		assertTrue(target.isPresent());
	}

	@Test
	void randomFaultsAreReproducibleWithASeed() {
		List<String> first = runRandomWorkload(42);
		List<String> second = runRandomWorkload(42);
		assertEquals(first, second);
		assertTrue(first.stream().anyMatch(s -> s.startsWith("BUSY")));
		assertTrue(first.stream().anyMatch(s -> s.startsWith("GOOD")));
		assertFalse(first.equals(runRandomWorkload(43)), "another seed, other faults");
	}

	/** A fresh target with random busy and delay faults; the outcome of 200 reads. */
	private static List<String> runRandomWorkload(long seed) {
		FaultLevel level = new FaultLevel("hba7", 7);
		level.set(FaultPlan.builder().everyNth(4).randomNth(true).busy(true).delayNanos(10_000).randomDelay(true)
				.seed(seed).build());
		SimulatedTarget t = SimulatedTarget.builder().hbaFaults(level)
				.logicalUnit(0, SimulatedDisk.builder().capacityBlocks(1000).build()).build();
		Io tio = new Io(t::execute);
		List<String> outcomes = new ArrayList<>();
		for (int k = 0; k < 200; k++) {
			ScsiExchange x = tio.in("28 00 00 00 00 00 00 00 01 00", 512);
			outcomes.add(SCSITaskStatus.samName(x.status()) + "@" + x.completionDelayNanos());
		}
		return outcomes;
	}
}
