package org.hbakit.conformance.internal;

import static org.hbakit.conformance.internal.CheckFailure.require;

import java.nio.ByteBuffer;

import org.hbakit.controller.api.client.SCSITaskResult;

/**
 * {@code io.residual}: a READ the device answers with half its blocks (GOOD, short transfer) reports exactly the
 * bytes the device moved: the count is half the request, and the bytes counted are the data written before.
 */
final class ResidualCheck implements Check {
	static final int BLOCKS = 8;

	@Override
	public String id() {
		return "io.residual";
	}

	@Override
	public String run(RunContext run) throws Exception {
		var unit = run.unit(RunHba.Unit.SHORT_TRANSFER);
		int length = BLOCKS * unit.blockSize();
		ByteBuffer out = ByteBuffer.allocateDirect(length);
		Io.fill(out, 7, 0);
		SCSITaskResult w = Io.write(unit, 0, out);
		require(w.isGood(), "WRITE(16) ended " + w);
		ByteBuffer in = ByteBuffer.allocateDirect(length);
		SCSITaskResult r = Io.read(unit, 0, in, Io.TIMEOUT_MS);
		require(r.isGood(), "a short READ(16) ended " + r + ", not GOOD");
		require(r.bytesTransferred() == length / 2, "a READ(16) whose device moved " + length / 2 + " of " + length
				+ " bytes reported " + r.bytesTransferred());
		int bad = Io.firstMismatch(in, (int) r.bytesTransferred(), 7, 0);
		require(bad < 0, "the bytes reported transferred differ from the data written, first at byte " + bad);
		return "short READ reported " + r.bytesTransferred() + " of " + length + " bytes, the data the device moved";
	}
}
