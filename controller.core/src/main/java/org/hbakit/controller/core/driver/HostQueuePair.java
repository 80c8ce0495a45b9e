package org.hbakit.controller.core.driver;

import static org.hbakit.controller.api.simhba.HBARegisters.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.hbakit.controller.api.pci.IODMACommand;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.simhba.CompletionEntry;
import org.hbakit.controller.api.simhba.RequestFrame;

/**
 * The host side of the HBA's queue pair: submission and completion queue memory, the per-request task table with
 * its sense buffers, the three DMA commands that map them, and the doorbells. Made by
 * {@code userInitializeController} on the controller's queue, released by {@code stop} there; in between
 * {@link #sq()} is used by submitters on any thread and {@link #cq()} by the interrupt handler.
 */
final class HostQueuePair {
	private final IOPCIDevice provider;
	private final int entries;
	private final ByteBuffer sqMemory;
	private final TaskTable table;
	private final SubmissionQueue sq;
	private final CompletionQueue cq;
	private final List<IODMACommand> dma = new ArrayList<>(3);
	private final long sqBase;
	private final long cqBase;

	/**
	 * Allocates and maps queues of {@code taskCount + 1} entries (so {@code taskCount} requests may be outstanding).
	 *
	 * @throws RuntimeException when memory or DMA commands cannot be had; what was mapped is released first
	 */
	HostQueuePair(IOPCIDevice provider, int taskCount, System.Logger log) {
		this.provider = provider;
		this.entries = taskCount + 1;
		try {
			sqMemory = ByteBuffer.allocateDirect(entries * RequestFrame.SIZE).order(ByteOrder.LITTLE_ENDIAN);
			ByteBuffer cqMemory = ByteBuffer.allocateDirect(entries * CompletionEntry.SIZE)
					.order(ByteOrder.LITTLE_ENDIAN);
			table = new TaskTable(taskCount);
			sqBase = map(sqMemory);
			cqBase = map(cqMemory);
			table.setSenseBase(map(table.senseMemory()));
			sq = new SubmissionQueue(sqMemory, entries, new DoorbellWriter(provider, SQ_TAIL));
			cq = new CompletionQueue(cqMemory, entries);
		} catch (RuntimeException e) {
			release(log);
			throw e;
		}
	}

	private long map(ByteBuffer memory) {
		IODMACommand command = provider.createDMACommand();
		dma.add(command);
		return command.prepareForDMA(memory, 0, memory.capacity());
	}

	/** Writes {@code QSIZE}, {@code SQ_BASE} and {@code CQ_BASE}; the controller must be disabled. */
	void program() {
		provider.memoryWrite32(BAR, QSIZE, qsize(entries, entries));
		provider.memoryWrite64(BAR, SQ_BASE, sqBase);
		provider.memoryWrite64(BAR, CQ_BASE, cqBase);
	}

	/** Entries per queue. */
	int entries() {
		return entries;
	}

	/** The SQ memory frames are written to. */
	ByteBuffer sqMemory() {
		return sqMemory;
	}

	SubmissionQueue sq() {
		return sq;
	}

	CompletionQueue cq() {
		return cq;
	}

	TaskTable table() {
		return table;
	}

	/** The {@code CQ_HEAD} doorbell: the interrupt handler rings it through the completion dispatcher. */
	SubmissionQueue.Doorbell cqHeadDoorbell() {
		return new DoorbellWriter(provider, CQ_HEAD);
	}

	/**
	 * A doorbell register write. A named class rather than a lambda: the bridge loads and links a deployed bundle's
	 * classes before its first swap, but a lambda's call site is bootstrapped only when it first runs, which for a
	 * freshly deployed controller is inside that swap's pause.
	 */
	private static final class DoorbellWriter implements SubmissionQueue.Doorbell {
		private final IOPCIDevice provider;
		private final int register;

		DoorbellWriter(IOPCIDevice provider, int register) {
			this.provider = provider;
			this.register = register;
		}

		@Override
		public void ring(int index) {
			provider.memoryWrite32(BAR, register, index);
		}
	}

	/** Completes and releases the DMA commands (after the controller reset: the device no longer reaches them). */
	void release(System.Logger log) {
		for (IODMACommand command : dma) {
			try {
				command.completeDMA();
				command.release();
			} catch (RuntimeException e) {
				log.log(System.Logger.Level.WARNING, "releasing a DMA command failed", e);
			}
		}
		dma.clear();
	}
}
