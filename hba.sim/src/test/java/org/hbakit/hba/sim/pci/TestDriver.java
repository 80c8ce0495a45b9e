package org.hbakit.hba.sim.pci;

import static org.hbakit.controller.api.simhba.HBARegisters.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.hbakit.controller.api.pci.IODMACommand;
import org.hbakit.controller.api.pci.IOInterruptHandler;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.pci.PCIConfigSpace;
import org.hbakit.controller.api.simhba.CompletionEntry;
import org.hbakit.controller.api.simhba.RequestFrame;

/**
 * A tiny driver for the simulated HBA written from docs/simulated-hba.md alone: programs the queues through
 * IODMACommand, writes frames, rings doorbells, drains the CQ by phase in its interrupt handler.
 */
final class TestDriver implements IOInterruptHandler {
	record Completion(int tag, int status, int sr, int xfer, int senseLength) {
	}

	final IOPCIDevice hba;
	final ByteBuffer sq;
	final ByteBuffer cq;
	final IODMACommand sqCmd;
	final IODMACommand cqCmd;
	final int sqEntries;
	final int cqEntries;
	int sqTail;
	int cqHead;
	int phase = 1;
	volatile boolean autoAck = true;
	final AtomicInteger interrupts = new AtomicInteger();
	final LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
	final List<Long> counts = new ArrayList<>();
	/** Per interrupt: {time, entries drained}. */
	final List<long[]> calls = new ArrayList<>();

	TestDriver(IOPCIDevice hba, int sqEntries, int cqEntries) {
		this.hba = hba;
		this.sqEntries = sqEntries;
		this.cqEntries = cqEntries;
		sq = ByteBuffer.allocateDirect(sqEntries * RequestFrame.SIZE).order(ByteOrder.LITTLE_ENDIAN);
		cq = ByteBuffer.allocateDirect(cqEntries * CompletionEntry.SIZE).order(ByteOrder.LITTLE_ENDIAN);
		sqCmd = hba.createDMACommand();
		cqCmd = hba.createDMACommand();
	}

	TestDriver start() {
		hba.configWrite16(PCIConfigSpace.COMMAND, PCIConfigSpace.COMMAND_MEMORY_SPACE | PCIConfigSpace.COMMAND_BUS_MASTER);
		hba.memoryWrite32(0, QSIZE, (cqEntries - 1) << 16 | (sqEntries - 1));
		hba.memoryWrite64(0, SQ_BASE, sqCmd.prepareForDMA(sq, 0, sq.capacity()));
		hba.memoryWrite64(0, CQ_BASE, cqCmd.prepareForDMA(cq, 0, cq.capacity()));
		for (int i = 0; i < cq.capacity(); i++) {
			cq.put(i, (byte) 0);
		}
		sqTail = 0;
		cqHead = 0;
		phase = 1;
		hba.memoryWrite32(0, CC, CC_EN);
		if ((hba.memoryRead32(0, CSTS) & CSTS_RDY) == 0) {
			throw new IllegalStateException("not ready: CSTS=" + hba.memoryRead32(0, CSTS));
		}
		hba.registerInterruptHandler(0, this);
		hba.enableInterrupt(0);
		hba.memoryWrite32(0, INTMC, 1);
		return this;
	}

	/** Writes one frame at the SQ tail (does not ring). */
	void frame(int tag, int direction, int target, long lun, byte[] cdb, long data, int length, long sense,
			int senseLength) {
		int i = sqTail * RequestFrame.SIZE;
		for (int k = 0; k < RequestFrame.SIZE; k++) {
			sq.put(i + k, (byte) 0);
		}
		sq.putShort(i + RequestFrame.TAG_OFFSET, (short) tag);
		sq.put(i + RequestFrame.FLAGS_OFFSET, (byte) direction);
		sq.put(i + RequestFrame.CDB_LEN_OFFSET, (byte) cdb.length);
		sq.putInt(i + RequestFrame.TARGET_OFFSET, target);
		for (int k = 0; k < 8; k++) {
			sq.put(i + RequestFrame.LUN_OFFSET + k, (byte) (lun >>> (56 - 8 * k)));
		}
		sq.put(i + RequestFrame.CDB_OFFSET, cdb);
		sq.putLong(i + RequestFrame.DATA_OFFSET, data);
		sq.putInt(i + RequestFrame.LENGTH_OFFSET, length);
		sq.putLong(i + RequestFrame.SENSE_OFFSET, sense);
		sq.putInt(i + RequestFrame.SENSE_LEN_OFFSET, senseLength);
		sqTail = (sqTail + 1) % sqEntries;
	}

	void frame(int tag, int target, byte[] cdb) {
		frame(tag, RequestFrame.DIR_NONE, target, 0, cdb, 0, 0, 0, 0);
	}

	void ring() {
		hba.memoryWrite32(0, SQ_TAIL, sqTail);
	}

	/** Consumes new CQ entries; returns how many. */
	int drain() {
		List<Completion> got = new ArrayList<>();
		int n = drain(got);
		completions.addAll(got);
		return n;
	}

	private synchronized int drain(List<Completion> got) {
		int n = 0;
		while (true) {
			int i = cqHead * CompletionEntry.SIZE;
			if ((cq.get(i + CompletionEntry.PHASE_OFFSET) & 1) != phase) {
				break;
			}
			Completion c = new Completion(cq.getShort(i) & 0xFFFF, cq.get(i + CompletionEntry.STATUS_OFFSET) & 0xFF,
					cq.get(i + CompletionEntry.SR_OFFSET) & 0xFF, cq.getInt(i + CompletionEntry.XFER_OFFSET), cq.get(i + CompletionEntry.SENSE_LEN_OFFSET) & 0xFF);
			cqHead++;
			if (cqHead == cqEntries) {
				cqHead = 0;
				phase ^= 1;
			}
			got.add(c);
			n++;
		}
		return n;
	}

	void ack() {
		hba.memoryWrite32(0, CQ_HEAD, cqHead);
	}

	@Override
	public void interruptOccurred(int vector, long count, long time) {
		synchronized (counts) {
			counts.add(count);
		}
		interrupts.incrementAndGet();
		List<Completion> got = new ArrayList<>();
		int n = drain(got);
		synchronized (calls) {
			calls.add(new long[] { time, n });
		}
		completions.addAll(got);
		if (autoAck) {
			ack();
		}
	}

	Completion take() throws InterruptedException {
		Completion c = completions.poll(10, TimeUnit.SECONDS);
		if (c == null) {
			throw new AssertionError("no completion within 10 s");
		}
		return c;
	}

	/** True when the CQ entry at the driver's head carries the expected phase (a completion was posted). */
	boolean posted(int ahead) {
		int index = (cqHead + ahead) % cqEntries;
		int expected = cqHead + ahead >= cqEntries ? phase ^ 1 : phase;
		return (cq.get(index * CompletionEntry.SIZE + CompletionEntry.PHASE_OFFSET) & 1) == expected;
	}

	/** True when CQ entry {@code index} carries phase {@code p}. */
	boolean postedAt(int index, int p) {
		return (cq.get(index * CompletionEntry.SIZE + CompletionEntry.PHASE_OFFSET) & 1) == p;
	}

	/**
	 * Waits until the device thread has finished everything started before: an ABORT of an unused tag, then
	 * {@link #awaitNotBusy()}.
	 */
	void barrier() {
		hba.memoryWrite32(0, ABORT, 0xFFFF);
		awaitNotBusy();
	}

	/** Waits (at most 10 s) until {@code TMF_STATUS.BUSY} is clear, and returns {@code TMF_STATUS}. */
	int awaitNotBusy() {
		Awaitility.await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
				.until(() -> (hba.memoryRead32(0, TMF_STATUS) & TMF_STATUS_BUSY) == 0);
		return hba.memoryRead32(0, TMF_STATUS);
	}
}
