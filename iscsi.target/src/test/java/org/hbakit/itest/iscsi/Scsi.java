package org.hbakit.itest.iscsi;

import java.nio.ByteBuffer;

/** CDBs the in-framework iSCSI tests send. */
final class Scsi {
	private Scsi() {
	}

	static byte[] testUnitReady() {
		return new byte[6];
	}

	static byte[] inquiry(int allocation) {
		return new byte[] { 0x12, 0, 0, (byte) (allocation >> 8), (byte) allocation, 0 };
	}

	static byte[] reportLuns(int allocation) {
		byte[] c = new byte[12];
		c[0] = (byte) 0xA0;
		ByteBuffer.wrap(c).putInt(6, allocation);
		return c;
	}

	static byte[] readCapacity16() {
		byte[] c = new byte[16];
		c[0] = (byte) 0x9E;
		c[1] = 0x10;
		c[13] = 32;
		return c;
	}

	static byte[] read10(long lba, int blocks) {
		byte[] c = new byte[10];
		c[0] = 0x28;
		ByteBuffer.wrap(c).putInt(2, (int) lba).putShort(7, (short) blocks);
		return c;
	}

	static byte[] write10(long lba, int blocks) {
		byte[] c = read10(lba, blocks);
		c[0] = 0x2A;
		return c;
	}

	/** The LUNs of REPORT LUNS parameter data (single-level peripheral or flat addressing). */
	static java.util.List<Integer> luns(byte[] data) {
		int n = ByteBuffer.wrap(data).getInt(0) / 8;
		java.util.List<Integer> l = new java.util.ArrayList<>();
		for (int i = 0; i < n && 8 + 8 * i + 1 < data.length; i++) {
			l.add((data[8 + 8 * i] & 0x3F) << 8 | data[9 + 8 * i] & 0xFF);
		}
		return l;
	}

	/** A recognisable pattern for {@code blocks} blocks starting at {@code lba}. */
	static byte[] pattern(long lba, int blocks, int blockSize, int seed) {
		byte[] b = new byte[blocks * blockSize];
		for (int i = 0; i < b.length; i++) {
			b[i] = (byte) (i * 31 + lba * 7 + seed);
		}
		return b;
	}
}
