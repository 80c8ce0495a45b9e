package org.hbakit.hba.sim.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.LogicalUnitNumber;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.controller.api.scsi.SenseData;
import org.hbakit.hba.sim.scsi.fault.FaultLevel;
import org.hbakit.hba.sim.scsi.fault.FaultPlan;
import org.junit.jupiter.api.Test;

/**
 * Throws many thousands of random and mutated CDBs, with random buffers (including none), directions and LUNs, at
 * a target and checks that every answer is a well-formed one: never an exception, never an internal error.
 */
class CdbFuzzTest {
	/** Well-formed commands to mutate, so the fuzzer gets past the first checks into the handlers. */
	private static final String[] TEMPLATES = { "00 00 00 00 00 00", "03 00 00 00 FC 00", "04 00 00 00 00 00",
			"08 00 00 10 04 00", "0A 00 00 10 04 00", "12 00 00 00 60 00", "12 01 83 00 FF 00", "15 10 00 00 10 00",
			"1A 08 3F 00 FF 00", "1B 00 00 00 01 00", "1D 04 00 00 00 00", "1E 00 00 00 01 00",
			"25 00 00 00 00 00 00 00 00 00", "28 00 00 00 00 10 00 00 04 00", "2A 00 00 00 00 10 00 00 04 00",
			"2F 02 00 00 00 10 00 00 04 00", "35 00 00 00 00 00 00 00 00 00", "41 08 00 00 00 10 00 00 04 00",
			"42 00 00 00 00 00 00 00 18 00", "55 10 00 00 00 00 00 00 14 00", "5A 18 3F FF 00 00 00 01 00 00",
			"88 00 00 00 00 00 00 00 00 10 00 00 00 04 00 00", "89 00 00 00 00 00 00 00 00 10 00 00 00 01 00 00",
			"8A 08 00 00 00 00 00 00 00 10 00 00 00 04 00 00", "8F 06 00 00 00 00 00 00 00 10 00 00 00 04 00 00",
			"91 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", "93 09 00 00 00 00 00 00 00 10 00 00 00 04 00 00",
			"9E 10 00 00 00 00 00 00 00 00 00 00 00 20 00 00", "9E 12 00 00 00 00 00 00 00 00 00 00 01 00 00 00",
			"A0 00 02 00 00 00 00 00 01 00 00 00", "A3 0C 00 00 00 00 00 00 10 00 00 00",
			"A3 0C 81 28 00 00 00 00 01 00 00 00", "A8 00 00 00 00 10 00 00 00 04 00 00",
			"AA 00 00 00 00 10 00 00 00 04 00 00", "AF 02 00 00 00 10 00 00 00 04 00 00" };

	private enum Outcome {
		GOOD, CHECK, BUSY, TASK_SET_FULL, DELIVERY_FAILURE, DROPPED
	}

	@Test
	void randomCdbsGetGoodOrCheckConditionWithValidSense() {
		SimulatedTarget target = newTarget(null);
		Map<Outcome, Integer> seen = fuzz(target, 0xF022L, 60_000, false);
		assertTrue(seen.getOrDefault(Outcome.GOOD, 0) > 5_000, seen::toString);
		assertTrue(seen.getOrDefault(Outcome.CHECK, 0) > 5_000, seen::toString);
		assertEquals(null, seen.get(Outcome.BUSY));
		assertEquals(null, seen.get(Outcome.DROPPED));
	}

	@Test
	void randomCdbsUnderRandomFaultsStayWellFormed() {
		FaultLevel hba = new FaultLevel("fuzz", 1);
		hba.set(FaultPlan.builder().everyNth(7).randomNth(true).busy(true).taskSetFull(true).transportError(true)
				.drop(true).recoveredError(true).shortTransfer(true).mediumError(0, 8).seed(5).build());
		Map<Outcome, Integer> seen = fuzz(newTarget(hba), 0xBEEFL, 30_000, true);
		for (Outcome o : Outcome.values()) {
			assertTrue(seen.getOrDefault(o, 0) > 0, () -> o + " never happened: " + seen);
		}
	}

	private static SimulatedTarget newTarget(FaultLevel hba) {
		return SimulatedTarget.builder().hbaFaults(hba)
				.logicalUnit(0, SimulatedDisk.builder().capacityBlocks(2048).build())
				.logicalUnit(1, SimulatedDisk.builder().capacityBlocks(1 << 20).blockSize(4096).removable(true)
						.build())
				.build();
	}

	private static Map<Outcome, Integer> fuzz(SimulatedTarget target, long seed, int commands, boolean faults) {
		SplittableRandom r = new SplittableRandom(seed);
		Map<Outcome, Integer> seen = new EnumMap<>(Outcome.class);
		ScsiExchange x = new ScsiExchange();
		byte[] cdb = new byte[16];
		for (int i = 0; i < commands; i++) {
			int length = makeCdb(r, cdb);
			ByteBuffer data = makeBuffer(r);
			int direction = r.nextInt(3);
			int lun = switch (r.nextInt(10)) {
				case 0 -> -1;
				case 1 -> LogicalUnitNumber.REPORT_LUNS_WELL_KNOWN_LUN;
				case 2 -> r.nextInt(16384);
				case 3, 4, 5 -> 1;
				default -> 0;
			};
			x.clear();
			x.setCdb(cdb, 0, length);
			x.setLun(lun);
			x.setDirection(direction);
			x.setData(data);
			if (data != null && r.nextInt(8) == 0) {
				x.setRequestedTransferLength(r.nextInt(data.limit() + 1));
			}
			int position = data == null ? 0 : data.position();
			int limit = data == null ? 0 : data.limit();
			String what = Io.hex(cdb, 0, length) + " lun " + lun + " dir " + direction + " buffer "
					+ (data == null ? "none" : data.limit()) + " (command " + i + ")";
			try {
				target.execute(x);
			} catch (Throwable e) {
				fail("threw for " + what, e);
			}
			Outcome o = check(x, what, faults);
			seen.merge(o, 1, Integer::sum);
			if (data != null) {
				assertEquals(position, data.position(), what);
				assertEquals(limit, data.limit(), what);
			}
			if (i % 64 == 0) {
				// keep the units usable: START STOP UNIT, PREVENT and write protection are in the mix
				for (int l : target.luns()) {
					target.logicalUnit(l).setStarted(true);
				}
			}
		}
		return seen;
	}

	private static Outcome check(ScsiExchange x, String what, boolean faults) {
		if (x.dropped()) {
			assertTrue(faults, "dropped without faults: " + what);
			return Outcome.DROPPED;
		}
		if (x.serviceResponse() == SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE) {
			assertTrue(faults, what);
			assertEquals(SCSITaskStatus.DELIVERY_FAILURE, x.status(), what);
			return Outcome.DELIVERY_FAILURE;
		}
		assertEquals(SCSIServiceResponse.TASK_COMPLETE, x.serviceResponse(), what);
		long capacity = Math.max(x.dataInCapacity(), x.dataOutLength());
		assertTrue(x.bytesTransferred() >= 0 && x.bytesTransferred() <= capacity,
				() -> x.bytesTransferred() + " bytes transferred with room for " + capacity + ": " + what);
		switch (x.status()) {
			case SCSITaskStatus.GOOD:
				assertEquals(0, x.senseLength(), what);
				return Outcome.GOOD;
			case SCSITaskStatus.CHECK_CONDITION:
				assertTrue(SenseData.isValid(x.sense(), x.senseLength()),
						() -> "invalid sense " + Io.sense(x) + " for " + what);
				assertTrue(!SenseCode.INTERNAL_TARGET_FAILURE.matches(x.sense(), x.senseLength()),
						() -> "internal failure (a caught bug) for " + what);
				return Outcome.CHECK;
			case SCSITaskStatus.BUSY:
				assertTrue(faults, what);
				return Outcome.BUSY;
			case SCSITaskStatus.TASK_SET_FULL:
				assertTrue(faults, what);
				return Outcome.TASK_SET_FULL;
			default:
				throw new AssertionError("status " + x.status() + " for " + what);
		}
	}

	/** Fills {@code cdb} with a random, template-based or mutated command; returns its length, 0..16. */
	private static int makeCdb(SplittableRandom r, byte[] cdb) {
		switch (r.nextInt(4)) {
			case 0: { // pure noise
				for (int i = 0; i < 16; i++) {
					cdb[i] = (byte) r.nextInt(256);
				}
				return r.nextInt(17);
			}
			case 1: { // a supported opcode with noise, small numbers in the lower half of the bytes
				byte[] t = Io.bytes(TEMPLATES[r.nextInt(TEMPLATES.length)]);
				cdb[0] = t[0];
				for (int i = 1; i < 16; i++) {
					cdb[i] = (byte) (r.nextBoolean() ? 0 : r.nextInt(256) >> r.nextInt(8));
				}
				return r.nextInt(8) == 0 ? r.nextInt(17) : t.length;
			}
			default: { // a template with one or two bits flipped, or none
				byte[] t = Io.bytes(TEMPLATES[r.nextInt(TEMPLATES.length)]);
				java.util.Arrays.fill(cdb, (byte) 0);
				System.arraycopy(t, 0, cdb, 0, t.length);
				for (int k = r.nextInt(3); k > 0; k--) {
					int i = r.nextInt(t.length);
					cdb[i] ^= (byte) (1 << r.nextInt(8));
				}
				return t.length;
			}
		}
	}

	private static ByteBuffer makeBuffer(SplittableRandom r) {
		return switch (r.nextInt(6)) {
			case 0 -> null;
			case 1 -> ByteBuffer.allocate(r.nextInt(64));
			case 2 -> ByteBuffer.allocate(512 * (1 + r.nextInt(8)));
			case 3 -> ByteBuffer.allocateDirect(4096 * (1 + r.nextInt(4)));
			case 4 -> {
				// a parameter list of plausible bytes
				ByteBuffer b = ByteBuffer.allocate(8 + 16 * r.nextInt(6));
				for (int i = 0; i < b.limit(); i++) {
					b.put(i, (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : 0));
				}
				yield b;
			}
			default -> {
				ByteBuffer b = ByteBuffer.allocate(r.nextInt(70_000));
				b.position(r.nextInt(b.limit() + 1));
				yield b;
			}
		};
	}
}
