package ${package};

import static org.hbakit.controller.api.simhba.HBARegisters.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.pci.IODMACommand;
import org.hbakit.controller.api.pci.IOInterruptHandler;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.simhba.CompletionEntry;

/**
 * The completion queue and its interrupt: the handler runs on the device's interrupt thread, takes every new entry
 * (phase tag), hands it to the controller and rings CQ_HEAD. One response object is reused for every completion
 * (the framework copies what it needs before parallelTaskCompletion returns), so completing allocates nothing.
 */
final class CompletionQueue implements IOInterruptHandler {
	/** One completion entry: the request's TAG, its first 8 bytes, and the sense bytes the device wrote. */
	interface Sink {
		void complete(int tag, long word0, int senseLength, SCSIUserParallelResponse response);
	}

	private final IOPCIDevice provider;
	private final int entries;
	private final Sink sink;
	private final ByteBuffer memory;
	private final IODMACommand dma;
	private final long iovm;
	private final SCSIUserParallelResponse response = new SCSIUserParallelResponse();
	private final byte[] senseScratch = new byte[ExampleSCSIController.SENSE_SIZE];
	private int head;
	private int phase = 1;

	CompletionQueue(IOPCIDevice provider, int entries, Sink sink) {
		this.provider = provider;
		this.entries = entries;
		this.sink = sink;
		this.memory = ByteBuffer.allocateDirect(entries * CompletionEntry.SIZE).order(ByteOrder.LITTLE_ENDIAN);
		this.dma = provider.createDMACommand();
		this.iovm = dma.prepareForDMA(memory, 0, memory.capacity());
	}

	long iovmAddress() {
		return iovm;
	}

	/** Scratch for sense bytes, used only on the interrupt thread. */
	byte[] senseScratch() {
		return senseScratch;
	}

	/** Registers the handler and unmasks the completion vector (the controller's queue). */
	void connect() {
		provider.registerInterruptHandler(COMPLETION_VECTOR, this);
		provider.enableInterrupt(COMPLETION_VECTOR);
		provider.memoryWrite32(BAR, INTMC, 1 << COMPLETION_VECTOR);
	}

	/** Masks the vector and unregisters the handler, waiting out a call that is running (the controller's queue). */
	void disconnect() {
		provider.memoryWrite32(BAR, INTMS, 1 << COMPLETION_VECTOR);
		provider.disableInterrupt(COMPLETION_VECTOR);
		provider.unregisterInterruptHandler(COMPLETION_VECTOR);
	}

	/** After a controller reset the device starts the CQ again at entry 0, phase 1. */
	void reset() {
		for (int i = 0; i < memory.capacity(); i++) {
			memory.put(i, (byte) 0);
		}
		head = 0;
		phase = 1;
	}

	void release() {
		dma.completeDMA();
		dma.release();
	}

	@Override
	public void interruptOccurred(int vector, long count, long time) {
		int taken = 0;
		while (true) {
			int offset = head * CompletionEntry.SIZE;
			int statusWord = memory.getInt(offset + CompletionEntry.STATUS_WORD_OFFSET);
			if (CompletionEntry.phase(statusWord) != phase) {
				break;
			}
			long word0 = memory.getLong(offset);
			sink.complete(CompletionEntry.tag(word0), word0, CompletionEntry.senseLength(statusWord), response);
			taken++;
			if (++head == entries) {
				head = 0;
				phase ^= 1;
			}
		}
		if (taken > 0 || count > 0) {
			provider.memoryWrite32(BAR, CQ_HEAD, head);
		}
	}
}
