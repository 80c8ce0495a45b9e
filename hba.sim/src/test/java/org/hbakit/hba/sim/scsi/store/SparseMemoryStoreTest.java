package org.hbakit.hba.sim.scsi.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.Test;

class SparseMemoryStoreTest {
	private static final long TIB = 1L << 40;

	private static ByteBuffer random(int n, long seed) {
		byte[] b = new byte[n];
		new SplittableRandom(seed).nextBytes(b);
		return ByteBuffer.wrap(b);
	}

	private static byte[] read(BlockStore s, long offset, int n) throws Exception {
		ByteBuffer b = ByteBuffer.allocate(n);
		s.read(offset, b, 0, n);
		return b.array();
	}

	@Test
	void unwrittenBytesReadAsZerosAndCostNothing() throws Exception {
		SparseMemoryStore s = new SparseMemoryStore();
		ByteBuffer b = random(4096, 1); // garbage that must be overwritten with zeros
		s.read(3 * TIB, b, 0, 4096);
		assertArrayEquals(new byte[4096], b.array());
		assertEquals(0, s.allocatedChunks());
		assertFalse(s.isMapped(0));
	}

	@Test
	void fourTebibyteUnitCostsMemoryOnlyForWhatWasWritten() throws Exception {
		SparseMemoryStore s = new SparseMemoryStore();
		assertTrue(s.maxCapacityBytes() >= 4 * TIB);
		long[] offsets = { 0, 2 * TIB + 512, 4 * TIB - 512 };
		for (int i = 0; i < offsets.length; i++) {
			s.write(offsets[i], random(512, i), 0, 512);
		}
		assertEquals(3, s.allocatedChunks());
		assertEquals(3L * SparseMemoryStore.DEFAULT_CHUNK_SIZE, s.allocatedBytes());
		for (int i = 0; i < offsets.length; i++) {
			assertArrayEquals(random(512, i).array(), read(s, offsets[i], 512));
			assertTrue(s.isMapped(offsets[i]));
		}
		assertFalse(s.isMapped(TIB));
	}

	@Test
	void writesSpanningChunksRoundTrip() throws Exception {
		SparseMemoryStore s = new SparseMemoryStore(4096);
		ByteBuffer data = random(3 * 4096 + 100, 7);
		s.write(4096 - 50, data, 0, data.capacity());
		assertEquals(5, s.allocatedChunks(), "touches chunks 0..4");
		assertArrayEquals(data.array(), read(s, 4096 - 50, data.capacity()));
		assertEquals(0, read(s, 4096 - 51, 1)[0]);
	}

	@Test
	void bufferIndexAndPositionAreHonoured() throws Exception {
		SparseMemoryStore s = new SparseMemoryStore();
		ByteBuffer src = random(1024, 3);
		src.limit(1000).position(100); // absolute indices up to the limit
		s.write(0, src, 488, 512);
		assertEquals(100, src.position());
		assertEquals(1000, src.limit());
		byte[] expected = java.util.Arrays.copyOfRange(random(1024, 3).array(), 488, 1000);
		assertArrayEquals(expected, read(s, 0, 512));
	}

	@Test
	void unmapFreesWholeChunksAndZeroesPartialOnes() throws Exception {
		SparseMemoryStore s = new SparseMemoryStore(4096);
		s.write(0, random(4 * 4096, 1), 0, 4 * 4096);
		assertEquals(4, s.allocatedChunks());
		s.unmap(4096, 2 * 4096); // chunks 1 and 2 exactly
		assertEquals(2, s.allocatedChunks());
		assertFalse(s.isMapped(4096));
		assertArrayEquals(new byte[2 * 4096], read(s, 4096, 2 * 4096));
		s.unmap(3 * 4096 + 512, 1024); // part of chunk 3
		assertEquals(2, s.allocatedChunks(), "a partly unmapped chunk stays");
		byte[] chunk3 = read(s, 3 * 4096, 4096);
		byte[] original = java.util.Arrays.copyOfRange(random(4 * 4096, 1).array(), 3 * 4096, 4 * 4096);
		for (int i = 0; i < 4096; i++) {
			assertEquals(i >= 512 && i < 1536 ? 0 : original[i], chunk3[i], "byte " + i);
		}
		s.unmap(0, 3 * TIB); // a huge range over mostly empty directories is quick
		assertEquals(0, s.allocatedChunks());
	}

	@Test
	void runLengthFollowsTheMappedState() throws Exception {
		SparseMemoryStore s = new SparseMemoryStore(4096);
		s.write(8192, random(8192, 1), 0, 8192); // chunks 2 and 3
		assertEquals(8192, s.runLength(0, TIB), "two unmapped chunks");
		assertEquals(8192, s.runLength(8192, TIB), "two mapped chunks");
		assertEquals(8192 - 100, s.runLength(8192 + 100, TIB), "from the middle of a mapped run");
		assertEquals(TIB - 16384, s.runLength(16384, TIB - 16384), "the rest is unmapped, bounded by the limit");
		assertEquals(100, s.runLength(0, 100));
		assertEquals(s.maxCapacityBytes() - 16384, s.runLength(16384, Long.MAX_VALUE));
	}

	@Test
	void closeReleasesEverything() throws Exception {
		SparseMemoryStore s = new SparseMemoryStore();
		s.write(0, random(512, 1), 0, 512);
		s.close();
		assertEquals(0, s.allocatedChunks());
		assertArrayEquals(new byte[512], read(s, 0, 512));
	}

	@Test
	void rangesOutsideTheStoreAreRejected() {
		SparseMemoryStore s = new SparseMemoryStore(4096);
		assertEquals(4096L << 36, s.maxCapacityBytes());
		ByteBuffer b = ByteBuffer.allocate(512);
		assertThrows(IllegalArgumentException.class, () -> s.read(-1, b, 0, 1));
		assertThrows(IllegalArgumentException.class, () -> s.write(s.maxCapacityBytes() - 1, b, 0, 2));
		assertThrows(IllegalArgumentException.class, () -> new SparseMemoryStore(1000));
		assertThrows(IllegalArgumentException.class, () -> new SparseMemoryStore(256));
	}

	@Test
	void concurrentWritersOfDisjointRangesInTheSameChunksLoseNothing() throws Exception {
		SparseMemoryStore s = new SparseMemoryStore(4096);
		int threads = 4;
		int blocksPerThread = 256;
		CyclicBarrier start = new CyclicBarrier(threads);
		List<Thread> workers = new ArrayList<>();
		List<Throwable> failures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int id = t;
			Thread w = new Thread(() -> {
				try {
					start.await();
					for (int i = 0; i < blocksPerThread; i++) {
						// interleaved 512-byte blocks: every chunk gets written by every thread, racing to allocate it
						long offset = (long) (i * threads + id) * 512;
						s.write(offset, random(512, offset), 0, 512);
					}
				} catch (Throwable e) {
					synchronized (failures) {
						failures.add(e);
					}
				}
			});
			workers.add(w);
			w.start();
		}
		for (Thread w : workers) {
			w.join();
		}
		assertTrue(failures.isEmpty(), failures::toString);
		long total = (long) threads * blocksPerThread * 512;
		assertEquals(total / 4096, s.allocatedChunks());
		for (long offset = 0; offset < total; offset += 512) {
			assertArrayEquals(random(512, offset).array(), read(s, offset, 512), "block at " + offset);
		}
	}
}
