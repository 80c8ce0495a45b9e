package org.hbakit.hba.sim.pci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hbakit.controller.api.simhba.HBARegisters.ABORT;
import static org.hbakit.controller.api.simhba.HBARegisters.CC;
import static org.hbakit.controller.api.simhba.HBARegisters.TMF;
import static org.hbakit.controller.api.simhba.HBARegisters.TMF_LOGICAL_UNIT_RESET;
import static org.hbakit.controller.api.simhba.HBARegisters.TMF_STATUS_COMPLETE;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.hbakit.controller.api.pci.IODMACommand;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.simhba.CompletionEntry;
import org.hbakit.controller.api.simhba.RequestFrame;
import org.hbakit.hba.sim.machine.HbaSpec;
import org.hbakit.hba.sim.machine.LunSpec;
import org.hbakit.hba.sim.scsi.bind.ScsiTargetBinder;
import org.hbakit.hba.sim.pci.TestDriver.Completion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Long media commands behind the real HBA execute in bounded steps: other requests, ABORT and task management
 * interleave with them and take effect within a bound, and a long command left alone still gives the right answer.
 * Target 0 LUN 0 is a null LUN of 2^31 blocks (1 TiB: a VERIFY BYTCHK of all of it compares for minutes), target 0
 * LUN 1 a 256 MiB RAM LUN.
 */
class LongCommandsBehindTheHbaTest {
	private static final long NULL_BLOCKS = 1L << 31;
	private static final long RAM_BYTES = 256L << 20;
	/** What "within a bound" means here: generous for a shared machine, far below what a whole command takes. */
	private static final long BOUND_MILLIS = 2_000;

	private final ScsiTargetBinder binder = new ScsiTargetBinder();
	private SimulatedPciHba hba;
	private TestDriver d;
	private ByteBuffer memory;
	private long iovm;

	@BeforeEach
	void setUp() throws InterruptedException {
		hba = new SimulatedPciHba("hba0", "pci0000:00:04.0", PciIdentity.DEFAULT, 64, 1, 8, 7, 64,
				System.getLogger("test"));
		HbaSpec spec = new HbaSpec("p", "hba0", "pci0000:00:04.0", PciIdentity.DEFAULT, 64, 1, 8, 7, Map.of());
		binder.bind(hba, spec, List.of(lun(0, NULL_BLOCKS * 512, LunSpec.Backing.NULL), lun(1, RAM_BYTES,
				LunSpec.Backing.MEMORY)));
		hba.start();
		d = new TestDriver(hba, 16, 16).start();
		memory = ByteBuffer.allocateDirect(1 << 20);
		IODMACommand dma = hba.createDMACommand();
		iovm = dma.prepareForDMA(memory, 0, memory.capacity());
		for (int lun = 0; lun < 2; lun++) { // the power-on unit attention
			send(1, RequestFrame.DIR_NONE, lun, new byte[6], 0, 0);
			d.take();
		}
	}

	@AfterEach
	void tearDown() {
		hba.stop();
		binder.unbind(hba);
	}

	private static LunSpec lun(int lun, long bytes, LunSpec.Backing backing) {
		return new LunSpec("l", "hba0", 0, lun, bytes, 512, backing, null, "HBAKIT", "SIMDISK", "S" + lun, Map.of());
	}

	/** Rings one frame; its data at {@code dataOffset} of the host memory, sense at 1 MiB − 256. */
	private void send(int tag, int direction, int lun, byte[] cdb, int dataOffset, int length) {
		d.frame(tag, direction, 0, (long) lun << 48, cdb, length == 0 ? 0 : iovm + dataOffset, length,
				iovm + memory.capacity() - 256, 252);
		d.ring();
	}

	/** VERIFY(16) with BYTCHK 11b: the 512-byte block at {@code dataOffset} against every block of the range. */
	private void verifyEveryBlock(int tag, int lun, long lba, long blocks, int dataOffset) {
		byte[] cdb = new byte[16];
		cdb[0] = (byte) 0x8F;
		cdb[1] = 0x06;
		Cdb.put64(cdb, 2, lba);
		Cdb.put32(cdb, 10, blocks);
		send(tag, RequestFrame.DIR_TO_TARGET, lun, cdb, dataOffset, 512);
	}

	private long senseInformation() {
		return Cdb.u32(new byte[] { memory.get(memory.capacity() - 256 + 3), memory.get(memory.capacity() - 256 + 4),
				memory.get(memory.capacity() - 256 + 5), memory.get(memory.capacity() - 256 + 6) }, 0);
	}

	private int senseKeyAscAscq() {
		int base = memory.capacity() - 256;
		return (memory.get(base + 2) & 0x0F) << 16 | (memory.get(base + 12) & 0xFF) << 8 | memory.get(base + 13) & 0xFF;
	}

	@Test
	void abortOfAVerifyOverTwoToTheThirtyFirstBlocksOfANullLunTakesEffectWithinABound() throws Exception {
		verifyEveryBlock(7, 0, 0, NULL_BLOCKS, 0); // zeros against a null medium: no miscompare, minutes of work
		d.barrier(); // fetched and executing
		long start = System.nanoTime();
		hba.memoryWrite32(0, ABORT, 7);
		Completion c = d.completions.poll(BOUND_MILLIS, TimeUnit.MILLISECONDS);
		long millis = (System.nanoTime() - start) / 1_000_000L;
		assertThat(c).as("the aborted VERIFY completes within %d ms", BOUND_MILLIS)
				.isEqualTo(new Completion(7, CompletionEntry.STATUS_TASK_ABORTED, CompletionEntry.SR_ABORTED, 0, 0));
		assertThat(millis).isLessThan(BOUND_MILLIS);
		assertThat(hba.statistics().aborted()).isEqualTo(1);
		assertThat(hba.statistics().steps()).as("it was executing in steps").isPositive();
	}

	@Test
	void aShortReadBehindALongVerifyCompletesWithinABound() throws Exception {
		verifyEveryBlock(7, 0, 0, NULL_BLOCKS, 0);
		d.barrier();
		byte[] read = new byte[10];
		long start = System.nanoTime();
		send(8, RequestFrame.DIR_FROM_TARGET, 1, java.util.Arrays.copyOf(read, Cdb.read10(read, 0, 8)), 4096, 4096);
		Completion c = d.completions.poll(BOUND_MILLIS, TimeUnit.MILLISECONDS);
		long millis = (System.nanoTime() - start) / 1_000_000L;
		assertThat(c).as("the READ behind the VERIFY").isEqualTo(new Completion(8, 0, CompletionEntry.SR_COMPLETED,
				4096, 0));
		assertThat(millis).isLessThan(BOUND_MILLIS);
		// a LUN reset takes the VERIFY down too, within the bound
		hba.memoryWrite64(0, TMF, TMF_LOGICAL_UNIT_RESET | 0L << 8 | 0L << 24);
		assertThat(d.awaitNotBusy()).isEqualTo(TMF_STATUS_COMPLETE);
		assertThat(d.take()).isEqualTo(new Completion(7, CompletionEntry.STATUS_TASK_ABORTED, CompletionEntry.SR_ABORTED,
				0, 0));
	}

	@Test
	void aLongVerifyLeftAloneReturnsTheRightResult() throws Exception {
		// a marker near the end of the 256 MiB RAM LUN, then VERIFY every block of it against zeros
		long markerLba = RAM_BYTES / 512 - 3;
		for (int i = 0; i < 512; i++) {
			memory.put(8192 + i, (byte) (i == 77 ? 0x5A : 0));
		}
		byte[] write = new byte[16];
		Cdb.write16(write, markerLba, 1);
		send(3, RequestFrame.DIR_TO_TARGET, 1, write, 8192, 512);
		assertThat(d.take()).isEqualTo(new Completion(3, 0, CompletionEntry.SR_COMPLETED, 512, 0));
		long stepsBefore = hba.statistics().steps();
		verifyEveryBlock(4, 1, 0, RAM_BYTES / 512, 0);
		Completion c = d.take();
		assertThat(hba.statistics().steps() - stepsBefore).as("256 MiB compared in steps of 1 MiB").isEqualTo(255);
		assertThat(c.tag()).isEqualTo(4);
		assertThat(c.status()).as("CHECK CONDITION").isEqualTo(0x02);
		assertThat(senseKeyAscAscq()).as("MISCOMPARE DURING VERIFY OPERATION").isEqualTo(0x0E_1D_00);
		assertThat(senseInformation()).as("offset of the first differing byte").isEqualTo(markerLba * 512 + 77);
		// and the same range without the marker's block is all zeros
		verifyEveryBlock(5, 1, 0, markerLba, 0);
		assertThat(d.take()).isEqualTo(new Completion(5, 0, CompletionEntry.SR_COMPLETED, 512, 0));
	}

	@Test
	void aResetDuringALongCommandDropsItAndTheDeviceGoesOn() throws Exception {
		verifyEveryBlock(7, 0, 0, NULL_BLOCKS, 0);
		d.barrier();
		hba.memoryWrite32(0, CC, 0);
		d.start();
		byte[] tur = new byte[6];
		send(1, RequestFrame.DIR_NONE, 0, tur, 0, 0);
		assertThat(d.take().status()).as("power-on unit attention after the reset").isEqualTo(0x02);
		send(2, RequestFrame.DIR_NONE, 0, tur, 0, 0);
		assertThat(d.take()).isEqualTo(new Completion(2, 0, CompletionEntry.SR_COMPLETED, 0, 0));
		assertThat(d.completions).as("the VERIFY was dropped, not completed").isEmpty();
	}
}
