package org.hbakit.bridge.engine;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One command of the supervisor's scan: it goes through the gate's scan lane (served from the SCAN state on, never
 * past a closed gate) and the supervisor waits for it, bounded by the command's own timeout plus its whole
 * escalation. Several may be in flight at once ({@link #start}, then {@link #await} each).
 */
final class ScanCommand {
	private final IORequest request;
	private final CountDownLatch done = new CountDownLatch(1);
	private final long boundMs;

	private ScanCommand(Admission admission, EngineSettings settings, long targetID, long lunBytes, byte[] cdb,
			int cdbLength, ByteBuffer data, int direction, long timeoutMs) {
		request = new IORequest().command(cdb, cdbLength).nexus(targetID, lunBytes)
				.data(data, 0, data == null ? 0 : data.capacity(), direction).timeoutMs(timeoutMs)
				.listener(x -> done.countDown());
		request.framework = true;
		boundMs = timeoutMs + 4 * settings.abortGraceMs() + 1000;
		admission.submitScan(request);
	}

	/** Submits the command and returns at once. */
	static ScanCommand start(Admission admission, EngineSettings settings, long targetID, long lunBytes, byte[] cdb,
			int cdbLength, ByteBuffer data, int direction, long timeoutMs) {
		return new ScanCommand(admission, settings, targetID, lunBytes, cdb, cdbLength, data, direction, timeoutMs);
	}

	/**
	 * @return the completed request, or null if it did not complete within the bound (it stays with the engine,
	 *         which completes it once; nothing waits for it then)
	 */
	IORequest await() throws InterruptedException {
		return done.await(boundMs, TimeUnit.MILLISECONDS) ? request : null;
	}
}
