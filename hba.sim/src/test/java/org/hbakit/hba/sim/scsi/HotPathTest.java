package org.hbakit.hba.sim.scsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;

import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.hba.sim.scsi.fault.FaultLevel;
import org.hbakit.hba.sim.scsi.fault.FaultPlan;
import org.hbakit.hba.sim.scsi.store.NullStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The I/O path: concurrent commands on one unit stay correct, and steady-state READ/WRITE allocate nothing. */
class HotPathTest {

	@Test
	void concurrentReadersAndWritersOnOneUnitKeepTheirData() throws Exception {
		SimulatedTarget target = SimulatedTarget.builder()
				.logicalUnit(0, SimulatedDisk.builder().capacityBlocks(1 << 16).build()).build();
		new Io(target::execute).clearUnitAttentions();
		int threads = 3;
		CyclicBarrier start = new CyclicBarrier(threads);
		List<Throwable> failures = new ArrayList<>();
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int id = t;
			Thread w = new Thread(() -> {
				try {
					start.await();
					ScsiExchange x = new ScsiExchange();
					byte[] cdb = new byte[16];
					SplittableRandom r = new SplittableRandom(id);
					ByteBuffer out = ByteBuffer.allocate(8 * 512);
					ByteBuffer in = ByteBuffer.allocateDirect(8 * 512);
					for (int i = 0; i < 2000; i++) {
						// each thread owns the LBAs congruent to its id modulo the thread count, in 8-block runs
						long lba = ((long) r.nextInt(1 << 10) * threads + id) * 8;
						r.nextBytes(out.array());
						run(target, x, cdb, Cdb.write10(cdb, lba, 8), SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET,
								out);
						run(target, x, cdb, Cdb.read16(cdb, lba, 8), SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR,
								in);
						byte[] back = new byte[8 * 512];
						in.get(0, back);
						assertArrayEquals(out.array(), back, "LBA " + lba);
						run(target, x, cdb, Cdb.inquiry(cdb, true, 0x83, 255),
								SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, in);
					}
				} catch (Throwable e) {
					synchronized (failures) {
						failures.add(e);
					}
				}
			});
			workers.add(w);
			w.start();
		}
		for (Thread w : workers) {
			w.join();
		}
		assertTrue(failures.isEmpty(), () -> failures.toString());
	}

	private static void run(SimulatedTarget target, ScsiExchange x, byte[] cdb, int length, int direction,
			ByteBuffer data) {
		x.reset();
		x.setCdb(cdb, 0, length);
		x.setLun(0);
		x.setDirection(direction);
		x.setData(data);
		target.execute(x);
		if (!x.isGood()) {
			throw new AssertionError(x + " " + Io.sense(x));
		}
	}

	@Test
	void steadyStateReadAndWriteAllocateNothing() {
		java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
		Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
		com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
		Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
		FaultLevel hba = new FaultLevel("hba0", 0);
		hba.set(FaultPlan.builder().delayNanos(1000).build()); // the injector's path is part of the hot path
		SimulatedTarget target = SimulatedTarget.builder().hbaFaults(hba)
				.logicalUnit(0, SimulatedDisk.builder().capacityBlocks(1 << 20).build())
				.logicalUnit(1, SimulatedDisk.builder().capacityBlocks(1 << 20).store(NullStore.INSTANCE).build())
				.build();
		new Io(target::execute).lun(0).clearUnitAttentions();
		new Io(target::execute).lun(1).clearUnitAttentions();
		ScsiExchange x = new ScsiExchange();
		byte[] cdb = x.cdb();
		ByteBuffer buffer = ByteBuffer.allocateDirect(8 * 4096);
		long thread = Thread.currentThread().getId();
		loop(target, x, cdb, buffer, 20_000); // warm up: chunks, scratch, JIT
		long before = mx.getThreadAllocatedBytes(thread);
		loop(target, x, cdb, buffer, 100_000);
		long allocated = mx.getThreadAllocatedBytes(thread) - before;
		assertTrue(allocated < 4096, "allocated " + allocated + " bytes over 100000 commands");
	}

	private static void loop(SimulatedTarget target, ScsiExchange x, byte[] cdb, ByteBuffer buffer, int n) {
		for (int i = 0; i < n; i++) {
			long lba = (i * 8L) & 0xFFFF;
			int length;
			int direction;
			switch (i & 3) {
				case 0 -> {
					length = Cdb.write10(cdb, lba, 8);
					direction = SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET;
				}
				case 1 -> {
					length = Cdb.read10(cdb, lba, 8);
					direction = SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR;
				}
				case 2 -> {
					length = Cdb.read16(cdb, lba, 8);
					direction = SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR;
				}
				default -> {
					length = Cdb.write16(cdb, lba, 8);
					direction = SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET;
				}
			}
			x.reset();
			x.setCdbLength(length);
			x.setLun(i & 1);
			x.setDirection(direction);
			x.setData(buffer);
			target.execute(x);
			if (!x.isGood() || x.completionDelayNanos() != 1000) {
				throw new AssertionError(x.toString());
			}
		}
	}
}
