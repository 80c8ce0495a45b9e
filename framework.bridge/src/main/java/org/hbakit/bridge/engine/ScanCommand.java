package org.hbakit.bridge.engine;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One command of the supervisor's scan: it goes through the gate's scan lane (served from the SCAN state on, never
 * past a closed gate) and the supervisor waits for it, bounded by the command's own timeout plus its whole
 * escalation.
 */
final class ScanCommand {
	private ScanCommand() {
	}

	/**
	 * @return the completed request, or null if it did not complete within the bound (it stays with the engine,
	 *         which completes it once; nothing waits for it then)
	 */
	static IORequest run(Admission admission, EngineSettings settings, long targetID, long lunBytes, byte[] cdb,
			int cdbLength, ByteBuffer data, int direction, long timeoutMs) throws InterruptedException {
		CountDownLatch done = new CountDownLatch(1);
		IORequest r = new IORequest().command(cdb, cdbLength).nexus(targetID, lunBytes)
				.data(data, 0, data == null ? 0 : data.capacity(), direction).timeoutMs(timeoutMs)
				.listener(x -> done.countDown());
		r.framework = true;
		admission.submitScan(r);
		long bound = timeoutMs + 4 * settings.abortGraceMs() + 1000;
		return done.await(bound, TimeUnit.MILLISECONDS) ? r : null;
	}
}
