package org.hbakit.hba.sim.pci;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.hbakit.controller.api.simhba.CompletionEntry;

/**
 * The device side of one completion queue: completes a request (autosense into its sense buffer by DMA, then the
 * entry at the CQ tail with the phase tag last), and follows the driver's {@code CQ_HEAD} doorbell to know how much
 * room is left. The doorbell ({@link #ringHead}) is written by any thread and only publishes a volatile value;
 * everything else runs on the device thread (single writer).
 */
final class CompletionQueueWriter {
	private static final VarHandle I32 = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
	private static final int STATUS_CHECK_CONDITION = 0x02;

	private final IovmTable iovm;
	private final ControllerStatus status;

	private final DoorbellRegister headDoorbell = new DoorbellRegister();

	private ByteBuffer memory;
	private int base;
	private int entries;
	private int tail;
	private int head;
	private int phase;

	CompletionQueueWriter(IovmTable iovm, ControllerStatus status) {
		this.iovm = iovm;
		this.status = status;
	}

	/** Starts a fresh queue of {@code entries} entries at absolute index {@code base} of {@code memory}. */
	void configure(ByteBuffer memory, int base, int entries) {
		this.memory = memory;
		this.base = base;
		this.entries = entries;
		tail = 0;
		head = 0;
		phase = 1;
		headDoorbell.clear(0);
	}

	/** Forgets the queue (reset). */
	void reset() {
		memory = null;
		entries = 0;
		tail = 0;
		head = 0;
		headDoorbell.clear(0);
	}

	/** The {@code CQ_HEAD} doorbell; any thread. */
	void ringHead(int value) {
		headDoorbell.ring(value);
	}

	/** Whether a {@code CQ_HEAD} write waits to be taken. */
	boolean headWritten() {
		return headDoorbell.written();
	}

	/**
	 * Takes the pending {@code CQ_HEAD} write, if any.
	 *
	 * @return the written head, -1 if none was written, -2 if it lies outside the queue (a fatal driver error)
	 */
	int takeHead() {
		if (!headDoorbell.written()) {
			return -1;
		}
		int h = headDoorbell.take();
		if (memory == null) {
			return -1;
		}
		if (h < 0 || h >= entries) {
			return -2;
		}
		head = h;
		return h;
	}

	/** Entries posted that the driver has not consumed (as far as its last {@code CQ_HEAD} write says). */
	int unconsumed() {
		int n = tail - head;
		return n < 0 ? n + entries : n;
	}

	/** Entries that may still be posted before the queue is full. */
	int room() {
		return entries == 0 ? 0 : entries - 1 - unconsumed();
	}

	/**
	 * Completes {@code x} with service response {@code sr} and status {@code sam}: on CHECK CONDITION the target's
	 * sense goes to the request's sense buffer (a DMA fault there turns the completion into a delivery failure and sets
	 * {@code CSTS.CFS}); then the entry is posted. The caller made sure there is {@link #room()}.
	 */
	void complete(HbaExchange x, int sr, int sam) {
		int senseLength = 0;
		if (sr == CompletionEntry.SR_COMPLETED && sam == STATUS_CHECK_CONDITION && x.senseLength > 0
				&& x.senseAddress != 0) {
			int n = Math.min(x.senseLength, x.senseBufferLength);
			if (n > 0) {
				IovmWindow w = iovm.resolve(x.senseAddress, n, true);
				if (w == null) {
					status.fatal();
					sr = CompletionEntry.SR_DELIVERY_FAILURE;
					sam = CompletionEntry.PS_DELIVERY_FAILURE;
				} else {
					w.memory.put(IovmTable.indexOf(w, x.senseAddress), x.sense, 0, n);
					senseLength = n;
				}
			}
		}
		post(x.tag, sam, sr, sr == CompletionEntry.SR_COMPLETED ? x.transferred : 0, senseLength);
	}

	/** Posts one entry; the caller made sure there is {@link #room()}. */
	private void post(int tag, int sam, int sr, int xfer, int senseLength) {
		ByteBuffer m = memory;
		int i = base + tail * CompletionEntry.SIZE;
		I32.set(m, i, CompletionEntry.header(tag, sam, sr));
		I32.set(m, i + CompletionEntry.XFER_OFFSET, xfer);
		I32.set(m, i + 12, 0);
		// the phase tag last, so a driver polling from another thread never sees a half-written entry
		VarHandle.releaseFence();
		I32.set(m, i + CompletionEntry.STATUS_WORD_OFFSET, CompletionEntry.statusWord(senseLength, phase));
		int t = tail + 1;
		if (t == entries) {
			t = 0;
			phase ^= 1;
		}
		tail = t;
	}
}
