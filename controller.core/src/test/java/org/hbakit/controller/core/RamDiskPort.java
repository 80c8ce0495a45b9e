package org.hbakit.controller.core;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.hba.sim.pci.HbaExchange;
import org.hbakit.hba.sim.pci.ScsiPort;

/**
 * A small RAM disk at LUN 0 of one target, for driving the controller against the real simulated HBA: TEST UNIT
 * READY, INQUIRY, READ CAPACITY(10), READ/WRITE(10/16), fixed-format sense for errors (LBA out of range 05/21/00,
 * invalid opcode 05/20/00, LUN not supported 05/25/00). {@link #hold} makes it drop requests (never completed
 * unless aborted); {@link #delayEvenLbaNanos} delays requests to even LBAs so completions come reordered.
 * {@link #nullMode} completes everything GOOD without moving data; {@link #holdDeviceThread} keeps the HBA's device
 * thread inside a command.
 */
final class RamDiskPort implements ScsiPort {
	static final int BLOCK = 512;

	private final ByteBuffer blocks;
	private final long blockCount;
	volatile boolean hold;
	volatile long delayEvenLbaNanos;
	volatile boolean nullMode;
	/** While set, a command holds the device thread until the latch opens (at most 30 s): a device that is busy. */
	volatile java.util.concurrent.CountDownLatch holdDeviceThread;
	final AtomicInteger executed = new AtomicInteger();
	final AtomicInteger busResets = new AtomicInteger();
	final ConcurrentLinkedQueue<Integer> taskManagementFunctions = new ConcurrentLinkedQueue<>();

	RamDiskPort(long blockCount) {
		this.blockCount = blockCount;
		this.blocks = ByteBuffer.allocate((int) (blockCount * BLOCK));
	}

	@Override
	public void execute(HbaExchange x) {
		executed.incrementAndGet();
		java.util.concurrent.CountDownLatch busy = holdDeviceThread;
		if (busy != null) {
			try {
				busy.await(30, java.util.concurrent.TimeUnit.SECONDS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		if (nullMode) {
			x.status(0);
			x.transferred(x.dataLength());
			return;
		}
		if (hold) {
			x.drop();
			return;
		}
		if (x.lun() != 0) {
			checkCondition(x, 0x05, 0x25, 0x00);
			return;
		}
		byte[] cdb = x.cdb();
		int op = cdb[0] & 0xFF;
		switch (op) {
			case 0x00 -> x.status(0);
			case 0x12 -> inquiry(x);
			case 0x25 -> readCapacity(x);
			case 0x28, 0x88, 0x2A, 0x8A -> readWrite(x, op == 0x28 || op == 0x88);
			default -> checkCondition(x, 0x05, 0x20, 0x00);
		}
	}

	private void inquiry(HbaExchange x) {
		byte[] data = new byte[36];
		data[2] = 0x06;
		data[3] = 0x02;
		data[4] = 31;
		System.arraycopy("HBAKIT  RAMDISK         0001".getBytes(), 0, data, 8, 28);
		int n = Math.min(data.length, x.dataLength());
		x.data().put(x.dataIndex(), data, 0, n);
		x.transferred(n);
		x.status(0);
	}

	private void readCapacity(HbaExchange x) {
		byte[] data = new byte[8];
		Cdb.put32(data, 0, blockCount - 1);
		Cdb.put32(data, 4, BLOCK);
		int n = Math.min(8, x.dataLength());
		x.data().put(x.dataIndex(), data, 0, n);
		x.transferred(n);
		x.status(0);
	}

	private void readWrite(HbaExchange x, boolean read) {
		long lba = Cdb.lba(x.cdb());
		long count = Cdb.transferLength(x.cdb());
		if (lba + count > blockCount) {
			checkCondition(x, 0x05, 0x21, 0x00);
			return;
		}
		int bytes = (int) Math.min(count * BLOCK, x.dataLength());
		int at = (int) (lba * BLOCK);
		if (read) {
			x.data().put(x.dataIndex(), blocks, at, bytes);
		} else {
			blocks.put(at, x.data(), x.dataIndex(), bytes);
		}
		x.transferred(bytes);
		x.status(0);
		long delay = delayEvenLbaNanos;
		if (delay > 0 && (lba & 1) == 0) {
			x.completionDelayNanos(delay);
		}
	}

	private static void checkCondition(HbaExchange x, int key, int asc, int ascq) {
		byte[] s = x.senseBuffer();
		java.util.Arrays.fill(s, 0, 18, (byte) 0);
		s[0] = 0x70;
		s[2] = (byte) key;
		s[7] = 10;
		s[12] = (byte) asc;
		s[13] = (byte) ascq;
		x.senseLength(18);
		x.status(0x02);
	}

	@Override
	public void busReset() {
		busResets.incrementAndGet();
	}

	@Override
	public boolean taskManagement(int function, long lun) {
		taskManagementFunctions.add(function);
		return lun == 0;
	}
}
