package org.hbakit.bridge.engine;

import org.hbakit.controller.api.scsi.Cdb;

/**
 * One client READ or WRITE larger than the controller takes, sent as consecutive parts of at most
 * {@code blocksPerPart} blocks, one at a time and in order (as IOKit's block storage driver breaks up a request).
 * The parts are ordinary requests of the same nexus, attribute and timeout, each with its own address and length
 * and a slice of the client's buffer; they go through the admission's lanes, so each is dispatched by whichever
 * binding serves the device then (a part taken back by a swap is re-queued like any request, and split again if
 * the new controller takes less).
 * <p>
 * The client's request completes once: GOOD with every byte after the last part, or with the first failing part's
 * outcome (service response, status, sense and return code) and the bytes moved up to and in that part. The sense
 * of a failed part is the device's, so its INFORMATION field names the failing block of the client's range.
 * <p>
 * Threads: made on the dispatching thread; {@link #requestCompleted} runs on whatever thread ends a part, one part
 * at a time (the next part is queued only after the previous one ended, through the lanes' happens-before), and only
 * queues the next part or completes the client's request: it never dispatches.
 */
final class TransferSplit implements RequestListener {
	private final Admission admission;
	private final IORequest request;
	private final IORequest part = new IORequest();
	private final int blockSize;
	private final int blocksPerPart;
	private final long firstLba;
	private final long blocks;
	private long blocksDone;
	private int partBlocks;
	private long bytes;

	TransferSplit(Admission admission, IORequest request, int blockSize, int blocksPerPart) {
		this.admission = admission;
		this.request = request;
		this.blockSize = blockSize;
		this.blocksPerPart = blocksPerPart;
		this.firstLba = Cdb.lba(request.cdb);
		this.blocks = request.dataLength / blockSize;
		part.listener(this).nexus(request.targetID, request.lunBytes).attribute(request.taskAttribute)
				.timeoutMs(request.timeoutMs);
		part.framework = request.framework;
	}

	/** Queues the first part. */
	void start() {
		next();
	}

	private void next() {
		partBlocks = (int) Math.min(blocksPerPart, blocks - blocksDone);
		part.cdbLength(BlockCommand.part(request.cdb, part.cdb, firstLba + blocksDone, partBlocks));
		part.data(request.data, request.dataOffset + (int) (blocksDone * blockSize), partBlocks * blockSize,
				request.direction);
		part.requeues = 0;
		admission.submitPart(part);
	}

	@Override
	public void requestCompleted(IORequest p) {
		bytes += Math.max(0, p.bytesTransferred);
		blocksDone += partBlocks;
		if (p.isGood() && blocksDone < blocks) {
			next();
			return;
		}
		IORequest r = request;
		r.outcome(p.serviceResponse, p.status, bytes);
		r.returnCode = p.returnCode;
		System.arraycopy(p.sense, 0, r.sense, 0, p.senseLength);
		r.senseLength = p.senseLength;
		r.requeues = Math.max(r.requeues, p.requeues);
		r.complete();
	}
}
