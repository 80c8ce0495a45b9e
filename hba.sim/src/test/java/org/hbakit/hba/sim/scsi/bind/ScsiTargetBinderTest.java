package org.hbakit.hba.sim.scsi.bind;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.hba.sim.machine.HbaSpec;
import org.hbakit.hba.sim.machine.LunSpec;
import org.hbakit.hba.sim.machine.LunSpec.Backing;
import org.hbakit.hba.sim.pci.PciIdentity;
import org.hbakit.hba.sim.pci.SimulatedPciHba;
import org.hbakit.hba.sim.scsi.ScsiExchange;
import org.hbakit.hba.sim.scsi.SimulatedDisk;
import org.hbakit.hba.sim.scsi.SimulatedTarget;
import org.hbakit.hba.sim.scsi.fault.FaultPlan;
import org.hbakit.hba.sim.scsi.store.FileStore;
import org.hbakit.hba.sim.scsi.store.NullStore;
import org.hbakit.hba.sim.scsi.store.SparseMemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScsiTargetBinderTest {
	private final ScsiTargetBinder binder = new ScsiTargetBinder();
	private final SimulatedPciHba hba = new SimulatedPciHba("hba3", "pci0000:00:07.0", PciIdentity.DEFAULT, 64, 1, 8,
			7, 64, System.getLogger("test"));
	private final HbaSpec spec = hbaSpec(Map.of());

	@TempDir
	Path dir;

	@AfterEach
	void unbind() {
		binder.unbind(hba);
	}

	private static HbaSpec hbaSpec(Map<String, String> faults) {
		return new HbaSpec("pid", "hba3", "pci0000:00:07.0", PciIdentity.DEFAULT, 64, 1, 8, 7, faults);
	}

	private static LunSpec lun(int target, int lun, long size) {
		return new LunSpec("l" + target + lun, "hba3", target, lun, size, 512, Backing.MEMORY, null, "HBAKIT",
				"SIMDISK", "S" + target + lun, Map.of());
	}

	private static LunSpec with(LunSpec l, Backing backing, Path file, Map<String, String> faults) {
		return new LunSpec(l.pid(), l.hba(), l.target(), l.lun(), l.sizeBytes(), l.blockSize(), backing, file,
				l.vendor(), l.product(), l.serial(), faults);
	}

	/** TEST UNIT READY to a target until it is GOOD; returns the unit attentions seen. */
	private static List<SenseCode> drain(SimulatedTarget t, int lun) {
		List<SenseCode> seen = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			ScsiExchange x = command(t, lun, "000000000000", 0);
			if (x.isGood()) {
				return seen;
			}
			byte[] s = x.sense();
			seen.add(new SenseCode(s[2] & 0xF, s[12] & 0xFF, s[13] & 0xFF));
		}
		throw new AssertionError("no end of unit attentions: " + seen);
	}

	private static ScsiExchange command(SimulatedTarget t, int lun, String cdbHex, int dataIn) {
		byte[] cdb = new byte[cdbHex.length() / 2];
		for (int i = 0; i < cdb.length; i++) {
			cdb[i] = (byte) Integer.parseInt(cdbHex.substring(2 * i, 2 * i + 2), 16);
		}
		ScsiExchange x = new ScsiExchange();
		x.setCdb(cdb, 0, cdb.length);
		x.setLun(lun);
		if (dataIn > 0) {
			x.setDirection(SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR);
			x.setData(ByteBuffer.allocate(dataIn));
		}
		t.execute(x);
		return x;
	}

	@Test
	void buildsOneTargetPerTargetIdWithItsLuns() {
		binder.bind(hba, spec, List.of(lun(0, 0, 1 << 20), lun(0, 1, 2 << 20), lun(2, 5, 1 << 20)));
		assertInstanceOf(TargetPort.class, hba.port(0));
		assertNull(hba.port(1));
		SimulatedTarget t0 = binder.target(hba, 0);
		assertSame(t0, ((TargetPort) hba.port(0)).target());
		assertArrayEquals(new int[] { 0, 1 }, t0.luns());
		assertArrayEquals(new int[] { 5 }, binder.target(hba, 2).luns());
		SimulatedDisk d = t0.logicalUnit(1);
		assertEquals(4096, d.capacityBlocks());
		assertEquals("S01", d.identity().serial());
		assertEquals(SimulatedDisk.wwnFor(3, 0, 1), d.wwn(), "HBA index from the name hba3");
		assertInstanceOf(SparseMemoryStore.class, d.store());
		assertEquals(List.of(SenseCode.POWER_ON_RESET), drain(t0, 0), "no 3F/0E for the initial inventory");
	}

	@Test
	void addingAndRemovingLunsRaisesReportedLunsChanged() {
		binder.bind(hba, spec, List.of(lun(0, 0, 1 << 20)));
		SimulatedTarget t0 = binder.target(hba, 0);
		drain(t0, 0);
		binder.bind(hba, spec, List.of(lun(0, 0, 1 << 20), lun(0, 3, 1 << 20)));
		assertSame(t0, binder.target(hba, 0), "the running target is kept");
		assertEquals(List.of(SenseCode.REPORTED_LUNS_DATA_CHANGED), drain(t0, 0));
		binder.bind(hba, spec, List.of(lun(0, 3, 1 << 20)));
		assertArrayEquals(new int[] { 3 }, t0.luns());
		binder.bind(hba, spec, List.of(lun(1, 0, 1 << 20)));
		assertNull(hba.port(0), "a target without LUNs is unplugged");
		assertNull(binder.target(hba, 0));
		assertInstanceOf(TargetPort.class, hba.port(1));
	}

	@Test
	void runningLunsChangeInPlace() {
		LunSpec l = lun(0, 0, 1 << 20);
		binder.bind(hba, spec, List.of(l));
		SimulatedTarget t0 = binder.target(hba, 0);
		SimulatedDisk disk = t0.logicalUnit(0);
		drain(t0, 0);
		LunSpec bigger = new LunSpec(l.pid(), l.hba(), 0, 0, 2 << 20, 512, Backing.MEMORY, null, "ACME", "BIG",
				"S00", Map.of("delay_ns", "500"));
		binder.bind(hba, spec, List.of(bigger));
		assertSame(disk, t0.logicalUnit(0));
		assertEquals(4096, disk.capacityBlocks());
		assertEquals("ACME", disk.identity().vendor());
		assertEquals(500, disk.faults().plan().delayNanos());
		assertEquals(List.of(SenseCode.CAPACITY_DATA_CHANGED, SenseCode.INQUIRY_DATA_CHANGED), drain(t0, 0));
	}

	@Test
	void aNewBackingReplacesTheDisk() {
		LunSpec l = lun(0, 0, 1 << 20);
		binder.bind(hba, spec, List.of(l));
		SimulatedTarget t0 = binder.target(hba, 0);
		SimulatedDisk before = t0.logicalUnit(0);
		binder.bind(hba, spec, List.of(with(l, Backing.NULL, null, Map.of())));
		SimulatedDisk after = t0.logicalUnit(0);
		assertNotSame(before, after);
		assertSame(NullStore.INSTANCE, after.store());
	}

	@Test
	void fileBackedLunsOpenTheirFile() throws Exception {
		Path file = dir.resolve("lun.img");
		binder.bind(hba, spec, List.of(with(lun(0, 0, 1 << 20), Backing.FILE, file, Map.of())));
		assertInstanceOf(FileStore.class, binder.target(hba, 0).logicalUnit(0).store());
		assertTrue(java.nio.file.Files.exists(file));
	}

	@Test
	void aFileBackedLunKeepsItsSavedModePagesAcrossARestart() throws Exception {
		LunSpec l = with(lun(0, 0, 1 << 20), Backing.FILE, dir.resolve("lun.img"), Map.of());
		binder.bind(hba, spec, List.of(l));
		SimulatedTarget t0 = binder.target(hba, 0);
		drain(t0, 0);
		// MODE SELECT(6) PF SP: caching page with WCE=0
		ScsiExchange x = new ScsiExchange();
		byte[] cdb = { 0x15, 0x11, 0, 0, 24, 0 };
		x.setCdb(cdb, 0, cdb.length);
		x.setLun(0);
		x.setDirection(SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET);
		byte[] list = new byte[24];
		System.arraycopy(new byte[] { 0x08, 0x12, 0x00, 0, (byte) 0xFF, (byte) 0xFF, 0, 0, (byte) 0xFF, (byte) 0xFF,
				(byte) 0xFF, (byte) 0xFF, (byte) 0x80, 0x14 }, 0, list, 4, 14);
		x.setData(ByteBuffer.wrap(list));
		t0.execute(x);
		assertTrue(x.isGood(), () -> "MODE SELECT: status " + x.status() + " sense " + java.util.HexFormat.of()
				.formatHex(x.sense()));
		assertTrue(java.nio.file.Files.exists(dir.resolve("lun.img.modepages")));
		binder.unbind(hba);

		// the platform starts again: a new machine builds the same LUN
		SimulatedPciHba again = new SimulatedPciHba("hba3", "pci0000:00:07.0", PciIdentity.DEFAULT, 64, 1, 8, 7, 64,
				System.getLogger("test"));
		ScsiTargetBinder restarted = new ScsiTargetBinder();
		restarted.bind(again, spec, List.of(l));
		try {
			assertFalse(restarted.target(again, 0).logicalUnit(0).isWriteCacheEnabled());
		} finally {
			restarted.unbind(again);
		}
		// a RAM LUN starts from the defaults
		binder.bind(hba, spec, List.of(lun(0, 0, 1 << 20)));
		assertTrue(binder.target(hba, 0).logicalUnit(0).isWriteCacheEnabled());
	}

	@Test
	void aLunThatCannotBeBuiltLeavesTheTargetsAsTheyWere() {
		binder.bind(hba, spec, List.of(lun(0, 0, 1 << 20)));
		SimulatedTarget t0 = binder.target(hba, 0);
		Path unopenable = dir.resolve("missing-dir").resolve("lun.img");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> binder.bind(hba, spec,
				List.of(lun(0, 0, 1 << 20), lun(0, 1, 1 << 20), with(lun(1, 0, 1 << 20), Backing.FILE, unopenable,
						Map.of()))));
		assertTrue(e.getMessage().startsWith("LUN hba3:1:0: cannot open"), e.getMessage());
		assertArrayEquals(new int[] { 0 }, t0.luns());
		assertNull(hba.port(1));
		e = assertThrows(IllegalArgumentException.class, () -> binder.bind(hba, spec,
				List.of(with(lun(0, 0, 1 << 20), Backing.MEMORY, null, Map.of("every_nth", "0")))));
		assertEquals("LUN hba3:0:0 faults: every_nth: must be >= 1, got 0", e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> binder.bind(hba, spec, List.of(lun(7, 0, 1 << 20))));
		assertEquals("LUN hba3:7:0: target id 7 is not available on hba3", e.getMessage());
	}

	@Test
	void hbaFaultsReachEveryTargetAndRunTimeChangesStayUntilTheConfigurationChanges() {
		binder.bind(hba, hbaSpec(Map.of("removed", "true")), List.of(lun(0, 0, 1 << 20), lun(1, 0, 1 << 20)));
		assertFalse(binder.target(hba, 0).isPresent());
		assertFalse(binder.target(hba, 1).isPresent());
		binder.setFaults(hba, 1, -1, Map.of("removed", "false"));
		assertTrue(binder.target(hba, 1).isPresent(), "the target level overrides the HBA");
		binder.setFaults(hba, -1, -1, Map.of());
		assertTrue(binder.target(hba, 0).isPresent());
		// the same configuration again does not undo the run-time change
		binder.bind(hba, hbaSpec(Map.of("removed", "true")), List.of(lun(0, 0, 1 << 20), lun(1, 0, 1 << 20)));
		assertTrue(binder.target(hba, 0).isPresent());
		binder.setFaults(hba, 0, 0, Map.of("every_nth", "3", "busy", "true"));
		assertEquals(FaultPlan.builder().everyNth(3).busy(true).build(), binder.faultLevel(hba, 0, 0).plan());
		assertThrows(IllegalArgumentException.class, () -> binder.setFaults(hba, 0, 9, Map.of()));
		assertThrows(IllegalArgumentException.class, () -> binder.setFaults(hba, 5, -1, Map.of()));
		assertThrows(IllegalArgumentException.class, () -> binder.setFaults(hba, 0, 0, Map.of("bogus", "1")));
	}

	@Test
	void validatorChecksFaultPlanKeys() {
		ScsiTargetBinder.validate(Map.of("delay_ns", "1000", "seed", "0x2A"));
		assertEquals("unknown fault plan key 'x'; known keys: " + FaultPlan.knownKeys(),
				assertThrows(IllegalArgumentException.class, () -> ScsiTargetBinder.validate(Map.of("x", "1")))
						.getMessage());
	}

	@Test
	void hbaIndexComesFromTheName() {
		assertEquals(0, ScsiTargetBinder.hbaIndex("hba0"));
		assertEquals(12, ScsiTargetBinder.hbaIndex("hba12"));
		assertEquals("fast".hashCode() & 0xFF, ScsiTargetBinder.hbaIndex("fast"));
	}

	@Test
	void unbindUnplugsAndForgets() {
		binder.bind(hba, spec, List.of(lun(0, 0, 1 << 20)));
		binder.unbind(hba);
		assertNull(hba.port(0));
		assertThrows(IllegalArgumentException.class, () -> binder.faultLevel(hba, -1, -1));
		binder.unbind(hba); // twice is fine
	}
}
