package org.hbakit.hba.sim.scsi;

import static org.hbakit.hba.sim.scsi.Io.assertCheck;
import static org.hbakit.hba.sim.scsi.Io.assertGood;
import static org.hbakit.hba.sim.scsi.Io.assertInvalidCdb;
import static org.hbakit.hba.sim.scsi.Io.assertInvalidParameter;
import static org.hbakit.hba.sim.scsi.Io.assertSense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.hba.sim.scsi.store.SparseMemoryStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WRITE SAME, UNMAP and GET LBA STATUS on a thin-provisioned unit (4 KiB chunks = 8 blocks). */
class ProvisioningTest {
	private final SparseMemoryStore store = new SparseMemoryStore(4096);
	private final SimulatedDisk disk = SimulatedDisk.builder().capacityBlocks(1 << 20).store(store)
			.unmapLimits(1000, 4).build();
	private final Io io = new Io(disk::execute);

	@BeforeEach
	void ready() {
		io.clearUnitAttentions();
	}

	private static byte[] block(int value) {
		byte[] b = new byte[512];
		Arrays.fill(b, (byte) value);
		return b;
	}

	private byte[] read(long lba, int blocks) {
		byte[] cdb = new byte[16];
		return Io.dataIn(io.in(Io.hex(cdb, 0, Cdb.read16(cdb, lba, blocks)), blocks * 512));
	}

	/** An UNMAP parameter list with descriptors {lba, blocks}. */
	private static byte[] unmapList(long[]... descriptors) {
		byte[] p = new byte[8 + 16 * descriptors.length];
		Cdb.put16(p, 0, p.length - 2);
		Cdb.put16(p, 2, 16 * descriptors.length);
		for (int i = 0; i < descriptors.length; i++) {
			Cdb.put64(p, 8 + 16 * i, descriptors[i][0]);
			Cdb.put32(p, 16 + 16 * i, descriptors[i][1]);
		}
		return p;
	}

	private ScsiExchange unmap(byte[] list) {
		byte[] cdb = new byte[10];
		cdb[0] = 0x42;
		Cdb.put16(cdb, 7, list.length);
		return io.out(Io.hex(cdb, 0, 10), list);
	}

	@Test
	void writeSameReplicatesTheBlock() {
		var x = io.out("41 00 00 00 00 10 00 00 05 00", block(0xAB));
		assertGood(x);
		assertEquals(512, x.bytesTransferred());
		byte[] expected = new byte[7 * 512];
		Arrays.fill(expected, 512, 6 * 512, (byte) 0xAB);
		assertArrayEquals(expected, read(15, 7));
	}

	@Test
	void writeSameLongerThanTheWorkBufferStillWritesEveryBlock() {
		assertGood(io.out("93 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00", block(7))); // 256 blocks
		byte[] all = read(0, 256);
		for (byte b : all) {
			assertEquals(7, b);
		}
	}

	@Test
	void writeSameWithUnmapAndZerosDeallocates() {
		assertGood(io.out("2A 00 00 00 00 00 00 00 40 00", new byte[64 * 512]));
		assertEquals(8, store.allocatedChunks());
		assertGood(io.out("93 08 00 00 00 00 00 00 00 08 00 00 00 20 00 00", block(0))); // LBA 8, 32 blocks
		assertEquals(4, store.allocatedChunks());
		assertGood(io.out("41 08 00 00 00 28 00 00 18 00", block(0))); // WRITE SAME(10), LBA 40, 24 blocks
		assertEquals(1, store.allocatedChunks());
		assertArrayEquals(new byte[64 * 512], read(0, 64));
	}

	@Test
	void writeSameWithUnmapButDataWrites() {
		assertGood(io.out("93 08 00 00 00 00 00 00 00 00 00 00 00 08 00 00", block(0x5A)));
		assertEquals(1, store.allocatedChunks());
		assertEquals(0x5A, read(7, 1)[511]);
	}

	@Test
	void writeSameWithoutDataOutBufferWritesOrUnmapsZeros() {
		assertGood(io.out("8A 00 00 00 00 00 00 00 00 00 00 00 00 10 00 00", blockPattern(16, 0x11)));
		var x = io.none("93 01 00 00 00 00 00 00 00 00 00 00 00 04 00 00"); // NDOB, blocks 0..3
		assertGood(x);
		assertEquals(0, x.bytesTransferred());
		assertArrayEquals(new byte[4 * 512], read(0, 4));
		assertEquals(0x11, read(4, 1)[0]);
		assertGood(io.none("93 09 00 00 00 00 00 00 00 08 00 00 00 08 00 00")); // NDOB + UNMAP: chunk 1 freed
		assertEquals(1, store.allocatedChunks());
	}

	private static byte[] blockPattern(int blocks, int value) {
		byte[] b = new byte[blocks * 512];
		Arrays.fill(b, (byte) value);
		return b;
	}

	@Test
	void writeSameErrors() {
		assertInvalidCdb(io.out("41 00 00 00 00 00 00 00 00 00", block(1)), 7, -1); // WSNZ
		assertInvalidCdb(io.out("93 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00", block(1)), 10, -1); // > 65535
		assertCheck(io.out("41 00 00 0F FF FF 00 00 02 00", block(1)), SenseCode.LBA_OUT_OF_RANGE);
		assertInvalidCdb(io.out("41 10 00 00 00 00 00 00 01 00", block(1)), 1, 4); // ANCHOR
		assertInvalidCdb(io.out("41 04 00 00 00 00 00 00 01 00", block(1)), 1, 2); // PBDATA
		assertInvalidCdb(io.out("41 01 00 00 00 00 00 00 01 00", block(1)), 1, 0); // NDOB is (16) only
		assertInvalidCdb(io.out("41 00 00 00 00 00 00 00 01 00", new byte[100]), 7, -1); // short buffer
	}

	@Test
	void unmapDeallocatesWholeChunksAndZeroesTheRest() {
		assertGood(io.out("2A 00 00 00 00 00 00 00 20 00", blockPattern(32, 0x77)));
		assertEquals(4, store.allocatedChunks());
		var x = unmap(unmapList(new long[] { 4, 12 }, new long[] { 24, 0 }));
		assertGood(x);
		assertEquals(40, x.bytesTransferred());
		assertEquals(3, store.allocatedChunks(), "chunk 1 (LBA 8-15) freed, LBA 4-7 zeroed in chunk 0");
		byte[] back = read(0, 32);
		for (int lba = 0; lba < 32; lba++) {
			assertEquals(lba >= 4 && lba < 16 ? 0 : 0x77, back[lba * 512 + 100], "LBA " + lba);
		}
	}

	@Test
	void unmapParameterListChecks() {
		assertGood(io.none("42 00 00 00 00 00 00 00 00 00")); // no list: nothing to do
		assertSense(io.out("42 00 00 00 00 00 00 00 06 00", new byte[6]),
				"70 00 05 00 00 00 00 0A 00 00 00 00 1A 00 00 00 00 00");
		assertInvalidCdb(io.out("42 00 00 00 00 00 00 00 28 00", new byte[24]), 7, -1); // list > buffer
		assertInvalidCdb(io.out("42 01 00 00 00 00 00 00 18 00", unmapList(new long[] { 0, 1 })), 1, 0); // ANCHOR
		// five descriptors, four allowed: points at UNMAP BLOCK DESCRIPTOR DATA LENGTH
		var x = unmap(unmapList(new long[] { 0, 1 }, new long[] { 1, 1 }, new long[] { 2, 1 }, new long[] { 3, 1 },
				new long[] { 4, 1 }));
		assertInvalidParameter(x, 2, -1);
		assertSense(x, "70 00 05 00 00 00 00 0A 00 00 00 00 26 00 00 80 00 02");
		// 1001 blocks in one descriptor, or 1001 in total: points at the NUMBER OF LOGICAL BLOCKS concerned
		assertInvalidParameter(unmap(unmapList(new long[] { 0, 1001 })), 16, -1);
		assertInvalidParameter(unmap(unmapList(new long[] { 0, 600 }, new long[] { 1000, 401 })), 32, -1);
		assertCheck(unmap(unmapList(new long[] { (1 << 20) - 1, 2 })), SenseCode.LBA_OUT_OF_RANGE);
		assertCheck(unmap(unmapList(new long[] { -1L, 1 })), SenseCode.LBA_OUT_OF_RANGE);
	}

	@Test
	void unmapChecksEveryDescriptorBeforeDeallocatingAny() {
		assertGood(io.out("2A 00 00 00 00 00 00 00 08 00", blockPattern(8, 0x33)));
		assertCheck(unmap(unmapList(new long[] { 0, 8 }, new long[] { 1 << 20, 1 })), SenseCode.LBA_OUT_OF_RANGE);
		assertEquals(1, store.allocatedChunks());
		assertEquals(0x33, read(0, 1)[0]);
	}

	@Test
	void unmapIgnoresAnIncompleteTrailingDescriptor() {
		assertGood(io.out("2A 00 00 00 00 00 00 00 10 00", blockPattern(16, 0x44)));
		byte[] list = unmapList(new long[] { 0, 8 }, new long[] { 8, 8 });
		byte[] truncated = Arrays.copyOf(list, 8 + 16 + 10); // the second descriptor is cut
		var x = unmap(truncated);
		assertGood(x);
		assertEquals(1, store.allocatedChunks());
		assertEquals(0x44, read(8, 1)[0]);
	}

	@Test
	void getLbaStatusDescribesMappedAndDeallocatedRuns() {
		assertGood(io.out("2A 00 00 00 00 10 00 00 10 00", blockPattern(16, 1))); // LBA 16..31: chunks 2, 3
		var x = io.in("9E 12 00 00 00 00 00 00 00 00 00 00 01 00 00 00", 256);
		assertGood(x);
		byte[] d = Io.dataIn(x);
		assertEquals(8 + 3 * 16, d.length);
		assertEquals("00 00 00 34 00 00 00 00", Io.hex(d, 0, 8), "PARAMETER DATA LENGTH 4 + 3 x 16");
		assertEquals("00 00 00 00 00 00 00 00 00 00 00 10 01 00 00 00", Io.hex(d, 8, 16), "0..15 deallocated");
		assertEquals("00 00 00 00 00 00 00 10 00 00 00 10 00 00 00 00", Io.hex(d, 24, 16), "16..31 mapped");
		assertEquals("00 00 00 00 00 00 00 20 00 0F FF E0 01 00 00 00", Io.hex(d, 40, 16), "the rest deallocated");
	}

	@Test
	void getLbaStatusFromTheMiddleOfARunAndWithSmallAllocations() {
		assertGood(io.out("2A 00 00 00 00 10 00 00 10 00", blockPattern(16, 1)));
		var x = io.in("9E 12 00 00 00 00 00 00 00 14 00 00 00 18 00 00", 256); // from LBA 20, room for one
		byte[] d = Io.dataIn(x);
		assertEquals("00 00 00 14 00 00 00 00 00 00 00 00 00 00 00 14 00 00 00 0C 00 00 00 00", Io.hex(d, 0, 24));
		x = io.in("9E 12 00 00 00 00 00 00 00 00 00 00 00 0C 00 00", 256);
		assertEquals(12, x.bytesTransferred(), "truncated to the allocation length");
		x = io.in("9E 12 00 00 00 00 00 00 00 00 00 00 00 00 00 00", 256);
		assertGood(x);
		assertEquals(0, x.bytesTransferred());
		assertCheck(io.in("9E 12 00 00 00 00 00 10 00 00 00 00 01 00 00 00", 256), SenseCode.LBA_OUT_OF_RANGE);
	}

	@Test
	void formatUnitDeallocatesEverything() {
		assertGood(io.out("2A 00 00 00 00 00 00 00 10 00", blockPattern(16, 9)));
		assertGood(io.none("04 00 00 00 00 00"));
		assertEquals(0, store.allocatedChunks());
		assertArrayEquals(new byte[512], read(0, 1));
		assertInvalidCdb(io.none("04 10 00 00 00 00"), 1, 4); // FMTDATA: no parameter list support
		assertInvalidCdb(io.none("04 80 00 00 00 00"), 1, 7); // FMTPINFO
	}

	@Test
	void noUnmapWithoutThinProvisioning() {
		var thick = SimulatedDisk.builder().thinProvisioning(false).build();
		var tio = new Io(thick::execute);
		tio.clearUnitAttentions();
		assertCheck(tio.out("42 00 00 00 00 00 00 00 18 00", unmapList(new long[] { 0, 1 })),
				SenseCode.INVALID_COMMAND_OPERATION_CODE);
		assertInvalidCdb(tio.out("93 08 00 00 00 00 00 00 00 00 00 00 00 01 00 00", block(0)), 1, 3);
		assertEquals("00 B2 00 04 00 00 00 00", Io.hex(Io.dataIn(tio.in("12 01 B2 00 08 00", 8)), 0, 8));
	}
}
