package org.hbakit.hba.sim.pci;

import static org.hbakit.controller.api.simhba.HBARegisters.CC;
import static org.hbakit.controller.api.simhba.HBARegisters.TMF;
import static org.hbakit.controller.api.simhba.HBARegisters.TMF_LOGICAL_UNIT_RESET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.hbakit.controller.api.pci.IODMACommand;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.simhba.CompletionEntry;
import org.hbakit.controller.api.simhba.RequestFrame;
import org.hbakit.hba.sim.machine.HbaSpec;
import org.hbakit.hba.sim.machine.LunSpec;
import org.hbakit.hba.sim.scsi.bind.ScsiTargetBinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SCSI targets of the {@code scsi} package behind the real simulated HBA, driven through its registers and
 * queues by the test driver: data, autosense, absent targets, task management and controller reset end to end.
 */
class ScsiTargetsBehindTheHbaTest {
	private static final int GOOD = 0x00, CHECK_CONDITION = 0x02;

	private final ScsiTargetBinder binder = new ScsiTargetBinder();
	private SimulatedPciHba hba;
	private TestDriver d;
	private ByteBuffer memory;
	private long iovm;
	private int tag;

	@BeforeEach
	void setUp() {
		hba = new SimulatedPciHba("hba0", "pci0000:00:04.0", PciIdentity.DEFAULT, 64, 1, 8, 7, 64,
				System.getLogger("test"));
		HbaSpec spec = new HbaSpec("p", "hba0", "pci0000:00:04.0", PciIdentity.DEFAULT, 64, 1, 8, 7, Map.of());
		binder.bind(hba, spec, List.of(lun(0, 0), lun(0, 1), lun(2, 0)));
		hba.start();
		d = new TestDriver(hba, 16, 16).start();
		memory = ByteBuffer.allocateDirect(64 * 1024);
		IODMACommand dma = hba.createDMACommand();
		iovm = dma.prepareForDMA(memory, 0, memory.capacity());
	}

	@AfterEach
	void tearDown() {
		hba.stop();
		binder.unbind(hba);
	}

	private static LunSpec lun(int target, int lun) {
		return new LunSpec("l", "hba0", target, lun, 1 << 20, 512, LunSpec.Backing.MEMORY, null, "HBAKIT", "SIMDISK",
				"S" + target + lun, Map.of());
	}

	/** One command; data at memory offset 0, sense at offset 60000. */
	private TestDriver.Completion send(int direction, int target, int lun, byte[] cdb, int length)
			throws InterruptedException {
		d.frame(++tag, direction, target, (long) lun << 48, cdb, length == 0 ? 0 : iovm, length, iovm + 60_000, 252);
		d.ring();
		TestDriver.Completion c = d.take();
		assertEquals(tag, c.tag());
		return c;
	}

	private String sense(int length) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < length; i++) {
			sb.append(String.format(i == 0 ? "%02X" : " %02X", memory.get(60_000 + i) & 0xFF));
		}
		return sb.toString();
	}

	private void clearUnitAttention(int target, int lun) throws InterruptedException {
		assertEquals(CHECK_CONDITION, send(RequestFrame.DIR_NONE, target, lun, new byte[6], 0).status());
		assertEquals(GOOD, send(RequestFrame.DIR_NONE, target, lun, new byte[6], 0).status());
	}

	@Test
	void writeAndReadBackThroughTheHba() throws InterruptedException {
		clearUnitAttention(0, 1);
		byte[] cdb = new byte[16];
		byte[] data = new byte[4096];
		for (int i = 0; i < data.length; i++) {
			data[i] = (byte) (i * 13);
		}
		memory.put(0, data);
		TestDriver.Completion c = send(RequestFrame.DIR_TO_TARGET, 0, 1, java.util.Arrays.copyOf(cdb, Cdb.write10(cdb, 10, 8)),
				4096);
		assertEquals(GOOD, c.status());
		assertEquals(0, c.sr());
		assertEquals(4096, c.xfer());
		memory.put(0, new byte[4096]);
		c = send(RequestFrame.DIR_FROM_TARGET, 0, 1, java.util.Arrays.copyOf(cdb, Cdb.read16(cdb, 10, 8)), 4096);
		assertEquals(GOOD, c.status());
		byte[] back = new byte[4096];
		memory.get(0, back);
		assertArrayEquals(data, back);
	}

	@Test
	void autosenseAndParameterData() throws InterruptedException {
		TestDriver.Completion c = send(RequestFrame.DIR_NONE, 2, 0, new byte[6], 0);
		assertEquals(CHECK_CONDITION, c.status());
		assertEquals(18, c.senseLength());
		assertEquals("70 00 06 00 00 00 00 0A 00 00 00 00 29 00 00 00 00 00", sense(18));
		c = send(RequestFrame.DIR_FROM_TARGET, 2, 0, new byte[] { 0x12, 0, 0, 0, 36, 0 }, 36);
		assertEquals(GOOD, c.status());
		assertEquals(36, c.xfer());
		assertEquals(0x12, memory.get(3));
		byte[] reportLuns = new byte[12];
		Cdb.reportLuns(reportLuns, 256);
		c = send(RequestFrame.DIR_FROM_TARGET, 0, 0, reportLuns, 256);
		assertEquals(24, c.xfer());
		assertEquals(1, memory.get(17), "LUN 1");
	}

	@Test
	void absentTargetsAndLuns() throws InterruptedException {
		TestDriver.Completion c = send(RequestFrame.DIR_NONE, 1, 0, new byte[6], 0);
		assertEquals(1, c.sr());
		assertEquals(CompletionEntry.PS_DEVICE_NOT_PRESENT, c.status());
		c = send(RequestFrame.DIR_FROM_TARGET, 2, 4, new byte[] { 0x12, 0, 0, 0, 36, 0 }, 36);
		assertEquals(GOOD, c.status());
		assertEquals(0x7F, memory.get(0) & 0xFF, "PQ 3, no device type");
		c = send(RequestFrame.DIR_NONE, 2, 4, new byte[6], 0);
		assertEquals(CHECK_CONDITION, c.status());
		assertEquals("70 00 05 00 00 00 00 0A 00 00 00 00 25 00 00 00 00 00", sense(18));
	}

	@Test
	void logicalUnitResetAndControllerReset() throws InterruptedException {
		clearUnitAttention(0, 0);
		clearUnitAttention(0, 1);
		hba.memoryWrite64(0, TMF, TMF_LOGICAL_UNIT_RESET | 0L << 8 | 1L << 24);
		assertEquals(0, d.awaitNotBusy(), "function complete");
		assertEquals(GOOD, send(RequestFrame.DIR_NONE, 0, 0, new byte[6], 0).status());
		assertEquals(CHECK_CONDITION, send(RequestFrame.DIR_NONE, 0, 1, new byte[6], 0).status());
		assertEquals("70 00 06 00 00 00 00 0A 00 00 00 00 29 03 00 00 00 00", sense(18));
		hba.memoryWrite64(0, TMF, TMF_LOGICAL_UNIT_RESET | 0L << 8 | 9L << 24);
		assertEquals(1, d.awaitNotBusy(), "no LUN 9: rejected");
		hba.memoryWrite32(0, CC, 0);
		d = new TestDriver(hba, 16, 16).start();
		tag = 0;
		assertEquals(CHECK_CONDITION, send(RequestFrame.DIR_NONE, 0, 0, new byte[6], 0).status());
		assertEquals("70 00 06 00 00 00 00 0A 00 00 00 00 29 00 00 00 00 00", sense(18));
	}

	@Test
	void faultsSetAtRunTimeReachTheHbaCompletions() throws InterruptedException {
		clearUnitAttention(0, 0);
		binder.setFaults(hba, 0, -1, Map.of("removed", "true"));
		TestDriver.Completion c = send(RequestFrame.DIR_NONE, 0, 0, new byte[6], 0);
		assertEquals(1, c.sr());
		assertEquals(CompletionEntry.PS_DEVICE_NOT_PRESENT, c.status());
		binder.setFaults(hba, 0, -1, Map.of());
		assertEquals(CHECK_CONDITION, send(RequestFrame.DIR_NONE, 0, 0, new byte[6], 0).status(), "re-arrival: 29/00");
		binder.setFaults(hba, -1, -1, Map.of("every_nth", "1", "busy", "true"));
		assertEquals(0x08, send(RequestFrame.DIR_NONE, 0, 0, new byte[6], 0).status(), "BUSY");
	}
}
