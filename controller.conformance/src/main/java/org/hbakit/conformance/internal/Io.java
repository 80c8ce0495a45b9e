package org.hbakit.conformance.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.scsi.Cdb;

/** The SCSI commands the checks send, and the data patterns they verify. */
final class Io {
	/** Timeout of the checks' commands, milliseconds (a dropped command's is shorter, see {@code tm.abort}). */
	static final long TIMEOUT_MS = 10_000;

	private Io() {
	}

	static SCSITaskResult read(SCSILogicalUnit u, long lba, ByteBuffer dst, long timeoutMs) throws InterruptedException {
		byte[] cdb = new byte[16];
		int n = Cdb.read16(cdb, lba, dst.remaining() / u.blockSize());
		return u.execute(cdb, n, dst, SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, timeoutMs);
	}

	static CompletableFuture<SCSITaskResult> submitRead(SCSILogicalUnit u, long lba, int blocks, long timeoutMs) {
		byte[] cdb = new byte[16];
		int n = Cdb.read16(cdb, lba, blocks);
		return u.submit(cdb, n, ByteBuffer.allocateDirect(blocks * u.blockSize()),
				SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, timeoutMs).toCompletableFuture();
	}

	static SCSITaskResult write(SCSILogicalUnit u, long lba, ByteBuffer src) throws InterruptedException {
		byte[] cdb = new byte[16];
		int n = Cdb.write16(cdb, lba, src.remaining() / u.blockSize());
		return u.execute(cdb, n, src, SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET, TIMEOUT_MS);
	}

	static SCSITaskResult testUnitReady(SCSILogicalUnit u) throws InterruptedException {
		byte[] cdb = new byte[16];
		int n = Cdb.testUnitReady(cdb);
		return u.execute(cdb, n, null, SCSIDataTransferDirection.NO_DATA_TRANSFER, TIMEOUT_MS);
	}

	/** Whether the result is TASK_COMPLETE with {@code status}. */
	static boolean completed(SCSITaskResult r, int status) {
		return r.serviceResponse() == SCSIServiceResponse.TASK_COMPLETE && r.status() == status;
	}

	/** {@code {key, asc, ascq}} of fixed or descriptor sense, or null without sense. */
	static int[] sense(byte[] s) {
		if (s.length < 4) {
			return null;
		}
		int code = s[0] & 0x7F;
		if (code == 0x72 || code == 0x73) {
			return new int[] { s[1] & 0x0F, s[2] & 0xFF, s[3] & 0xFF };
		}
		if (s.length < 14) {
			return null;
		}
		return new int[] { s[2] & 0x0F, s[12] & 0xFF, s[13] & 0xFF };
	}

	/** Whether {@code r} is CHECK CONDITION with that sense key and ASC. */
	static boolean checkCondition(SCSITaskResult r, int key, int asc) {
		int[] s = sense(r.sense());
		return completed(r, SCSITaskStatus.CHECK_CONDITION) && s != null && s[0] == key && s[1] == asc;
	}

	/** Fills {@code b} with the pattern of ({@code seed}, {@code lba}): every 8 bytes a different long. */
	static void fill(ByteBuffer b, long seed, long lba) {
		for (int i = 0; i + 8 <= b.limit(); i += 8) {
			b.putLong(i, mix(seed, lba, i));
		}
	}

	/** The offset of the first byte of {@code b} (up to {@code length}) that is not the pattern, or -1. */
	static int firstMismatch(ByteBuffer b, int length, long seed, long lba) {
		for (int i = 0; i + 8 <= length; i += 8) {
			if (b.getLong(i) != mix(seed, lba, i)) {
				return i;
			}
		}
		return -1;
	}

	private static long mix(long seed, long lba, int offset) {
		long z = seed * 0x9E3779B97F4A7C15L + lba * 0xBF58476D1CE4E5B9L + offset;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
