package org.hbakit.bridge.engine;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Runs one command on a binding directly (past the adapter's gate) and waits: used by scans during a start. */
final class SyncCommand {
	private SyncCommand() {
	}

	/**
	 * @return the completed request, or null if it could not be dispatched or did not complete in time (then it
	 *         is abandoned to the timeout machinery)
	 */
	static IORequest run(ControllerBinding b, long targetID, long lunBytes, byte[] cdb, int cdbLength, ByteBuffer data,
			int direction, long timeoutMs) throws InterruptedException {
		CountDownLatch done = new CountDownLatch(1);
		IORequest r = new IORequest().command(cdb, cdbLength).nexus(targetID, lunBytes)
				.data(data, 0, data == null ? 0 : data.capacity(), direction).timeoutMs(timeoutMs)
				.listener(x -> done.countDown());
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
		while (!b.tryDispatch(r)) {
			if (System.nanoTime() - deadline > 0) {
				return null;
			}
			LockSupport.parkNanos(50_000);
		}
		// the binding's own timeout completes the request; the extra second covers its escalation
		return done.await(timeoutMs + 1000, TimeUnit.MILLISECONDS) ? r : null;
	}
}
