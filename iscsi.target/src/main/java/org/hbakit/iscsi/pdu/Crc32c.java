package org.hbakit.iscsi.pdu;

import java.util.zip.CRC32C;

import io.netty.buffer.ByteBuf;

/**
 * The iSCSI digest (CRC32C, RFC 7143 §13.1), computed with the JDK's intrinsic CRC32C over a buffer's memory
 * without copying. iSCSI sends the digest least significant byte first. One instance per connection, used by its
 * event loop only.
 */
public final class Crc32c {
	private final CRC32C crc = new CRC32C();

	/** The digest of {@code length} bytes at {@code index} of {@code buf}, followed by {@code padding} zero bytes. */
	public int of(ByteBuf buf, int index, int length, int padding) {
		crc.reset();
		update(buf, index, length);
		for (int i = 0; i < padding; i++) {
			crc.update(0);
		}
		return (int) crc.getValue();
	}

	/** Starts a digest over several pieces. */
	public void reset() {
		crc.reset();
	}

	/** Adds {@code length} bytes at {@code index} of {@code buf}. */
	public void update(ByteBuf buf, int index, int length) {
		if (length == 0) {
			return;
		}
		if (buf.nioBufferCount() == 1) {
			crc.update(buf.internalNioBuffer(index, length));
		} else {
			for (java.nio.ByteBuffer b : buf.nioBuffers(index, length)) {
				crc.update(b);
			}
		}
	}

	/** Adds a zero byte (padding). */
	public void updateZero() {
		crc.update(0);
	}

	/** The digest so far. */
	public int value() {
		return (int) crc.getValue();
	}

	/** Reads a digest as it travels (least significant byte first). */
	public static int read(ByteBuf buf, int index) {
		return buf.getIntLE(index);
	}

	/** Writes a digest as it travels (least significant byte first). */
	public static void write(ByteBuf buf, int digest) {
		buf.writeIntLE(digest);
	}
}
