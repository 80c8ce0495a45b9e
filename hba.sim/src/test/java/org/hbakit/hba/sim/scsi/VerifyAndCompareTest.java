package org.hbakit.hba.sim.scsi;

import static org.hbakit.hba.sim.scsi.Io.assertCheck;
import static org.hbakit.hba.sim.scsi.Io.assertGood;
import static org.hbakit.hba.sim.scsi.Io.assertInvalidCdb;
import static org.hbakit.hba.sim.scsi.Io.assertSense;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.hbakit.controller.api.scsi.SenseCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** VERIFY (BYTCHK 00b, 01b, 11b) and COMPARE AND WRITE, with their miscompare sense. */
class VerifyAndCompareTest {
	private final SimulatedDisk disk = SimulatedDisk.builder().capacityBlocks(1000).build();
	private final Io io = new Io(disk::execute);
	private final byte[] data = new byte[4 * 512];

	@BeforeEach
	void writeFourBlocks() {
		io.clearUnitAttentions();
		for (int i = 0; i < data.length; i++) {
			data[i] = (byte) (i * 7);
		}
		assertGood(io.out("2A 00 00 00 00 64 00 00 04 00", data)); // LBA 100..103
	}

	@Test
	void verifyWithoutCompareChecksTheRangeOnly() {
		assertGood(io.none("2F 00 00 00 00 64 00 00 04 00"));
		assertGood(io.none("8F 00 00 00 00 00 00 00 00 00 00 00 03 E8 00 00")); // all 1000 blocks
		assertCheck(io.none("2F 00 00 00 03 E7 00 00 02 00"), SenseCode.LBA_OUT_OF_RANGE);
	}

	@Test
	void verifyCompareMatches() {
		var x = io.out("2F 02 00 00 00 64 00 00 04 00", data);
		assertGood(x);
		assertEquals(data.length, x.bytesTransferred());
		assertGood(io.out("AF 02 00 00 00 65 00 00 00 02 00 00", Arrays.copyOfRange(data, 512, 1536)));
	}

	@Test
	void verifyMiscompareReportsTheOffsetInInformation() {
		byte[] wrong = data.clone();
		wrong[700] ^= 1;
		var x = io.out("2F 02 00 00 00 64 00 00 04 00", wrong);
		// MISCOMPARE, VALID, INFORMATION = 700 (2BCh), 1D/00
		assertSense(x, "F0 00 0E 00 00 02 BC 0A 00 00 00 00 1D 00 00 00 00 00");
	}

	@Test
	void verifyOneBlockAgainstEveryBlock() {
		byte[] zeros = new byte[512];
		assertGood(io.out("2F 06 00 00 00 00 00 00 0A 00", zeros)); // unwritten blocks 0..9 are all zeros
		var x = io.out("2F 06 00 00 00 63 00 00 02 00", zeros); // LBA 99 zero, LBA 100 is data
		assertCheck(x, SenseCode.MISCOMPARE_DURING_VERIFY);
		assertEquals(512 + 1, org.hbakit.controller.api.scsi.SenseData.information(x.sense(), x.senseLength()),
				"the first differing byte is byte 1 of the second block (data[0] is 0)");
	}

	@Test
	void verifyErrors() {
		assertInvalidCdb(io.out("2F 04 00 00 00 64 00 00 04 00", data), 1, 2); // BYTCHK 10b is reserved
		assertInvalidCdb(io.out("2F 02 00 00 00 64 00 00 05 00", data), 7, -1); // buffer shorter
		assertInvalidCdb(io.out("2F 20 00 00 00 64 00 00 04 00", data), 1, 5); // VRPROTECT
		assertGood(io.none("2F 02 00 00 00 64 00 00 00 00")); // nothing to verify
	}

	@Test
	void compareAndWriteReplacesTheBlockWhenItMatches() {
		byte[] buffer = new byte[1024];
		System.arraycopy(data, 0, buffer, 0, 512);
		Arrays.fill(buffer, 512, 1024, (byte) 0xEE);
		var x = io.out("89 00 00 00 00 00 00 00 00 64 00 00 00 01 00 00", buffer);
		assertGood(x);
		assertEquals(1024, x.bytesTransferred());
		byte[] back = Io.dataIn(io.in("28 00 00 00 00 64 00 00 01 00", 512));
		assertEquals((byte) 0xEE, back[0]);
		assertEquals((byte) 0xEE, back[511]);
	}

	@Test
	void compareAndWriteMiscompareWritesNothing() {
		byte[] buffer = new byte[2048];
		System.arraycopy(data, 0, buffer, 0, 1024);
		buffer[1000] ^= 0x40;
		var x = io.out("89 00 00 00 00 00 00 00 00 64 00 00 00 02 00 00", buffer);
		assertSense(x, "F0 00 0E 00 00 03 E8 0A 00 00 00 00 1D 00 00 00 00 00");
		byte[] back = Io.dataIn(io.in("28 00 00 00 00 64 00 00 02 00", 1024));
		assertEquals(Arrays.toString(Arrays.copyOf(data, 1024)), Arrays.toString(back));
	}

	@Test
	void compareAndWriteErrors() {
		assertGood(io.none("89 00 00 00 00 00 00 00 00 64 00 00 00 00 00 00")); // zero blocks
		// zero blocks but data sent (e.g. a 256-block request whose one-byte count wrapped): CDB and transfer disagree
		assertInvalidCdb(io.out("89 00 00 00 00 00 00 00 00 64 00 00 00 00 00 00", new byte[1024]), 13, -1);
		assertInvalidCdb(io.out("89 00 00 00 00 00 00 00 00 64 00 00 00 11 00 00", new byte[34 * 512]), 13, -1);
		assertInvalidCdb(io.out("89 00 00 00 00 00 00 00 00 64 00 00 00 02 00 00", new byte[1024]), 13, -1);
		assertCheck(io.out("89 00 00 00 00 00 00 00 03 E8 00 00 00 01 00 00", new byte[1024]),
				SenseCode.LBA_OUT_OF_RANGE);
		assertInvalidCdb(io.out("89 00 00 00 00 00 00 00 00 64 00 01 00 01 00 00", new byte[1024]), 11, 0);
		disk.setWriteProtected(true);
		assertCheck(io.out("89 00 00 00 00 00 00 00 00 64 00 00 00 01 00 00", new byte[1024]),
				SenseCode.WRITE_PROTECTED);
	}

	@Test
	void concurrentCompareAndWritesActLikeALock() throws Exception {
		// every thread tries to move block 0 from value v to v+1; each success must be unique
		AtomicInteger successes = new AtomicInteger();
		int threads = 2;
		int attempts = 500;
		Thread[] workers = new Thread[threads];
		for (int t = 0; t < threads; t++) {
			workers[t] = new Thread(() -> {
				Io tio = new Io(disk::execute);
				for (int i = 0; i < attempts; i++) {
					int current = Io.dataIn(tio.in("28 00 00 00 00 00 00 00 01 00", 512))[0] & 0xFF;
					byte[] buffer = new byte[1024];
					Arrays.fill(buffer, 0, 512, (byte) current);
					Arrays.fill(buffer, 512, 1024, (byte) (current + 1));
					if (tio.out("89 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00", buffer).isGood()) {
						successes.incrementAndGet();
					}
				}
			});
			workers[t].start();
		}
		for (Thread w : workers) {
			w.join();
		}
		int last = Io.dataIn(io.in("28 00 00 00 00 00 00 00 01 00", 512))[0] & 0xFF;
		assertEquals(successes.get() % 256, last, "no two compare-and-writes succeeded on the same old value");
	}
}
