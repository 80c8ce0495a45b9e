package org.hbakit.iscsi.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Sends the target's PDUs on one connection: fills the DataSegmentLength, appends the header digest, padding and the
 * data digest, and writes without flushing; {@link #flush()} sends what was written, so the completions handled in
 * one event-loop turn leave in one system call. Headers come from the channel's pooled allocator and data segments
 * are passed as (retained slices of) the task buffers, so nothing is copied or allocated beyond Netty's recycled
 * buffers. Used on the connection's event loop only.
 */
public final class PduWriter {
	private static final byte[] ZEROS = new byte[4];
	private final ChannelHandlerContext ctx;
	private final ChannelPromise voidPromise;
	private final Crc32c crc = new Crc32c();
	public boolean headerDigest;
	public boolean dataDigest;
	private boolean unflushed;

	public PduWriter(ChannelHandlerContext ctx) {
		this.ctx = ctx;
		this.voidPromise = ctx.voidPromise();
	}

	/** A zeroed 48-byte header with {@code opcode} and the byte 1 {@code flags}; the caller sets the other fields. */
	public ByteBuf header(int opcode, int flags) {
		ByteBuf h = ctx.alloc().directBuffer(Bhs.LENGTH + Bhs.DIGEST_LENGTH);
		h.writeZero(Bhs.LENGTH);
		h.setByte(0, opcode);
		h.setByte(1, flags);
		return h;
	}

	/**
	 * Writes a PDU: {@code header} (from {@link #header}) and {@code dataLength} readable bytes of {@code data} (null
	 * for none). Ownership of both buffers passes to the writer.
	 */
	public void write(ByteBuf header, ByteBuf data, int dataLength) {
		header.setMedium(Bhs.DATA_SEGMENT_LENGTH, dataLength);
		if (headerDigest) {
			Crc32c.write(header, crc.of(header, 0, Bhs.LENGTH, 0));
		}
		ctx.write(header, voidPromise);
		if (data != null) {
			int pad = Bhs.padded(dataLength) - dataLength;
			int digest = 0;
			if (dataDigest) {
				crc.reset();
				crc.update(data, data.readerIndex(), dataLength);
				for (int i = 0; i < pad; i++) {
					crc.updateZero();
				}
				digest = crc.value();
			}
			ctx.write(data, voidPromise);
			if (pad > 0 || dataDigest) {
				ByteBuf trailer = ctx.alloc().directBuffer(pad + Bhs.DIGEST_LENGTH);
				trailer.writeBytes(ZEROS, 0, pad);
				if (dataDigest) {
					Crc32c.write(trailer, digest);
				}
				ctx.write(trailer, voidPromise);
			}
		}
		unflushed = true;
	}

	/** Writes a PDU whose data segment is {@code data} (copied). */
	public void write(ByteBuf header, byte[] data) {
		if (data == null || data.length == 0) {
			write(header, null, 0);
			return;
		}
		ByteBuf d = ctx.alloc().directBuffer(data.length);
		d.writeBytes(data);
		write(header, d, data.length);
	}

	/** Flushes what was written since the last flush. */
	public void flush() {
		if (unflushed) {
			unflushed = false;
			ctx.flush();
		}
	}

	/** Whether something was written and not flushed. */
	public boolean hasUnflushed() {
		return unflushed;
	}
}
