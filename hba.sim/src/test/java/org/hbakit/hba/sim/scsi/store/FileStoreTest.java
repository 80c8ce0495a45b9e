package org.hbakit.hba.sim.scsi.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest {
	@TempDir
	Path dir;

	private static ByteBuffer random(int n, long seed) {
		byte[] b = new byte[n];
		new SplittableRandom(seed).nextBytes(b);
		return ByteBuffer.wrap(b);
	}

	@Test
	void dataSurvivesCloseAndReopen() throws Exception {
		Path file = dir.resolve("lun0.img");
		try (FileStore s = FileStore.open(file)) {
			s.write(1 << 20, random(4096, 1), 0, 4096);
			s.write(0, random(512, 2), 0, 512);
			s.flush();
		}
		try (FileStore s = FileStore.open(file)) {
			ByteBuffer b = ByteBuffer.allocate(4096);
			s.read(1 << 20, b, 0, 4096);
			assertArrayEquals(random(4096, 1).array(), b.array());
			ByteBuffer c = ByteBuffer.allocate(512);
			s.read(0, c, 0, 512);
			assertArrayEquals(random(512, 2).array(), c.array());
		}
		assertEquals((1 << 20) + 4096, Files.size(file));
	}

	@Test
	void bytesPastTheEndOfTheFileReadAsZeros() throws Exception {
		try (FileStore s = FileStore.open(dir.resolve("f"))) {
			s.write(0, random(100, 1), 0, 100);
			ByteBuffer b = random(1000, 9); // garbage to be replaced
			s.read(0, b, 0, 1000);
			assertArrayEquals(random(100, 1).array(), java.util.Arrays.copyOf(b.array(), 100));
			assertArrayEquals(new byte[900], java.util.Arrays.copyOfRange(b.array(), 100, 1000));
			ByteBuffer far = random(512, 3);
			s.read(1L << 40, far, 0, 512);
			assertArrayEquals(new byte[512], far.array());
		}
	}

	@Test
	void bufferPositionAndLimitAreRestored() throws Exception {
		try (FileStore s = FileStore.open(dir.resolve("f"))) {
			ByteBuffer src = random(2048, 4);
			src.position(10);
			s.write(0, src, 1024, 1024);
			assertEquals(10, src.position());
			assertEquals(2048, src.limit());
			ByteBuffer dst = ByteBuffer.allocateDirect(2048);
			dst.limit(1600).position(1599);
			s.read(0, dst, 512, 1024);
			assertEquals(1599, dst.position());
			assertEquals(1600, dst.limit());
			byte[] got = new byte[1024];
			dst.get(512, got);
			assertArrayEquals(java.util.Arrays.copyOfRange(random(2048, 4).array(), 1024, 2048), got);
		}
	}

	@Test
	void anInterruptedDeviceThreadDoesNotBreakTheStore() throws Exception {
		try (FileStore s = FileStore.open(dir.resolve("f"))) {
			s.write(0, random(512, 1), 0, 512);
			Thread.currentThread().interrupt(); // would close a plain FileChannel for every thread
			try {
				s.write(512, random(512, 2), 0, 512);
				assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the thread's owner");
			} finally {
				Thread.interrupted();
			}
			ByteBuffer b = ByteBuffer.allocate(1024);
			s.read(0, b, 0, 1024);
			assertArrayEquals(random(512, 1).array(), java.util.Arrays.copyOf(b.array(), 512));
			assertArrayEquals(random(512, 2).array(), java.util.Arrays.copyOfRange(b.array(), 512, 1024));
		}
	}

	@Test
	void closedStoreRefusesWork() throws Exception {
		FileStore s = FileStore.open(dir.resolve("f"));
		s.close();
		assertThrows(ClosedChannelException.class, () -> s.read(0, ByteBuffer.allocate(1), 0, 1));
		assertThrows(ClosedChannelException.class, s::flush);
	}

	@Test
	void isFullyProvisioned() throws Exception {
		try (FileStore s = FileStore.open(dir.resolve("f"))) {
			assertFalse(s.supportsUnmap());
			assertEquals(0, s.granularity());
			assertTrue(s.isMapped(12345));
			assertEquals(4096, s.runLength(0, 4096));
		}
	}

	@Test
	void nullStoreMovesNoData() {
		NullStore s = NullStore.INSTANCE;
		ByteBuffer b = random(512, 1);
		s.write(0, ByteBuffer.allocate(512), 0, 512);
		s.read(0, b, 0, 512);
		assertArrayEquals(random(512, 1).array(), b.array(), "the buffer is left as it was");
		assertFalse(s.supportsUnmap());
		assertTrue(s.isMapped(0));
		assertEquals(Long.MAX_VALUE, s.maxCapacityBytes());
	}
}
