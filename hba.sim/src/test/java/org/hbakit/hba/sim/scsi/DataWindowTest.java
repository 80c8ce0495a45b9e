package org.hbakit.hba.sim.scsi;

import static org.hbakit.hba.sim.scsi.Io.assertGood;
import static org.hbakit.hba.sim.scsi.Io.assertInvalidCdb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.hba.sim.scsi.store.FileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data as a window of a larger, shared host-memory buffer (how the simulated HBA passes its IOVM window): every
 * command reads and writes only its window, and never changes the buffer's position or limit.
 */
class DataWindowTest {
	private static final int BASE = 1000;
	private static final byte GUARD = (byte) 0xA7;

	private final ByteBuffer memory = ByteBuffer.allocateDirect(1 << 16);

	DataWindowTest() {
		guard();
		memory.limit(60_000).position(123);
	}

	private void guard() {
		for (int i = 0; i < memory.limit(); i++) {
			memory.put(i, GUARD);
		}
	}

	private ScsiExchange run(SimulatedDisk disk, String cdb, int direction, int length) {
		ScsiExchange x = new ScsiExchange();
		byte[] c = Io.bytes(cdb);
		x.setCdb(c, 0, c.length);
		x.setLun(0);
		x.setDirection(direction);
		x.setData(memory, BASE, length);
		disk.execute(x);
		assertEquals(123, memory.position());
		assertEquals(60_000, memory.limit());
		return x;
	}

	private void assertGuardsIntact(int length) {
		for (int i = 0; i < BASE; i++) {
			assertEquals(GUARD, memory.get(i), "byte " + i + " before the window");
		}
		for (int i = BASE + length; i < BASE + length + 4096; i++) {
			assertEquals(GUARD, memory.get(i), "byte " + i + " after the window");
		}
	}

	private void exercise(SimulatedDisk disk) {
		new Io(disk::execute).clearUnitAttentions();
		byte[] data = new byte[2048];
		for (int i = 0; i < data.length; i++) {
			data[i] = (byte) (i * 31 + 7);
		}
		memory.put(BASE, data);
		assertGood(run(disk, "2A 00 00 00 00 08 00 00 04 00", SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET, 2048));
		memory.put(BASE, new byte[2048]);
		var x = run(disk, "28 00 00 00 00 08 00 00 04 00", SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 2048);
		assertGood(x);
		byte[] back = new byte[2048];
		memory.get(BASE, back);
		assertArrayEquals(data, back);
		assertGuardsIntact(2048);
		// verify and compare-and-write read their Data-Out Buffer at the window too
		memory.put(BASE, data);
		assertGood(run(disk, "2F 02 00 00 00 08 00 00 04 00", SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET, 2048));
		memory.put(BASE + 512, new byte[512]);
		assertGood(run(disk, "89 00 00 00 00 00 00 00 00 08 00 00 00 01 00 00",
				SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET, 1024));
		// parameter data lands at the window, truncated to it
		guard();
		x = run(disk, "12 00 00 00 60 00", SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 36);
		assertEquals(36, x.bytesTransferred());
		assertEquals(0x06, memory.get(BASE + 2));
		assertGuardsIntact(36);
		guard();
		x = run(disk, "A0 00 00 00 00 00 00 00 00 10 00 00", SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, 16);
		assertGood(x);
		assertEquals(8, memory.get(BASE + 3));
		assertGuardsIntact(16);
		guard();
		// a parameter list read from the window
		memory.put(BASE, Io.bytes("00 00 00 00 0A 0A 06 10 00 00 00 00 00 00 00 00"));
		assertGood(run(disk, "15 10 00 00 10 00", SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET, 16));
		assertEquals(true, disk.isDescriptorSense());
		// a window shorter than the transfer is an invalid field, whatever follows it in memory
		assertInvalidCdb(run(disk, "28 00 00 00 00 08 00 00 04 00", SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR,
				2047), 7, -1);
	}

	@Test
	void sparseDiskUsesOnlyItsWindow() {
		exercise(SimulatedDisk.builder().capacityBlocks(100).build());
	}

	@Test
	void fileDiskUsesOnlyItsWindow(@TempDir Path dir) throws Exception {
		try (SimulatedDisk disk = SimulatedDisk.builder().capacityBlocks(100).store(FileStore.open(dir.resolve("w")))
				.build()) {
			exercise(disk);
		}
	}

	@Test
	void windowsMustLieWithinTheLimit() {
		ScsiExchange x = new ScsiExchange();
		assertThrows(IllegalArgumentException.class, () -> x.setData(memory, 59_999, 2));
		assertThrows(IllegalArgumentException.class, () -> x.setData(memory, -1, 2));
		x.setData(memory, 59_000, 1000);
		x.setDirection(SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR);
		assertEquals(1000, x.dataInCapacity());
		assertEquals(0, x.dataOutLength());
		x.setRequestedTransferLength(10);
		assertEquals(10, x.dataInCapacity());
		x.setData(null, 5, 5);
		assertEquals(0, x.dataInCapacity());
		assertEquals(0, x.dataIndex());
	}
}
