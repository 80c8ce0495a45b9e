package org.hbakit.iscsi.pdu;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Frames the iSCSI PDUs of one connection (RFC 7143 §11.2): Basic Header Segment, additional header segments,
 * header digest, data segment padded to 4 bytes, data digest. Each complete PDU is handed to the {@link Sink} in
 * place, inside the cumulation buffer (no copy, no object per PDU); the sink copies what it keeps. Memory is bounded:
 * a PDU announcing more data than {@link #maxDataSegmentLength} is refused before its data is buffered, and the
 * connection stops reading after a framing error.
 * <p>
 * Runs on the connection's event loop; the sink may change the limits and digests between PDUs (login switches
 * them on after its final response).
 */
public final class PduReader extends ByteToMessageDecoder {
	/** Receives framed PDUs. */
	public interface Sink {
		/**
		 * One complete PDU whose digests (if any) were verified: header at {@code in[header]}, data segment of
		 * {@code dataLength} bytes at {@code in[data]}. The buffer is valid during the call only.
		 */
		void pdu(ByteBuf in, int header, int data, int dataLength);

		/** A PDU announced {@code dataLength} bytes, more than the limit; nothing more is read. */
		void oversized(ByteBuf in, int header, int dataLength);

		/** A header digest did not match; framing can no longer be trusted and nothing more is read. */
		void headerDigestError(ByteBuf in, int header);

		/** A data digest did not match; the PDU is skipped and reading goes on. */
		void dataDigestError(ByteBuf in, int header);
	}

	private final Sink sink;
	private final Crc32c crc = new Crc32c();
	/** The most data one PDU may carry (what we declared as MaxRecvDataSegmentLength). */
	public int maxDataSegmentLength = 8192;
	public boolean headerDigest;
	public boolean dataDigest;
	private boolean stopped;

	public PduReader(Sink sink) {
		this.sink = sink;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		while (!stopped && in.readableBytes() >= Bhs.LENGTH) {
			int h = in.readerIndex();
			int ahs = Bhs.ahsBytes(in, h);
			int dsl = Bhs.dataSegmentLength(in, h);
			if (dsl > maxDataSegmentLength) {
				stopped = true;
				sink.oversized(in, h, dsl);
				in.skipBytes(in.readableBytes());
				return;
			}
			int headerLength = Bhs.LENGTH + ahs;
			int headerDigestLength = headerDigest ? Bhs.DIGEST_LENGTH : 0;
			int dataDigestLength = dataDigest && dsl > 0 ? Bhs.DIGEST_LENGTH : 0;
			int total = headerLength + headerDigestLength + Bhs.padded(dsl) + dataDigestLength;
			if (in.readableBytes() < total) {
				return;
			}
			if (headerDigest && crc.of(in, h, headerLength, 0) != Crc32c.read(in, h + headerLength)) {
				stopped = true;
				sink.headerDigestError(in, h);
				in.skipBytes(in.readableBytes());
				return;
			}
			int data = h + headerLength + headerDigestLength;
			if (dataDigestLength != 0) {
				int padded = Bhs.padded(dsl);
				if (crc.of(in, data, padded, 0) != Crc32c.read(in, data + padded)) {
					sink.dataDigestError(in, h);
					in.skipBytes(total);
					continue;
				}
			}
			try {
				sink.pdu(in, h, data, dsl);
			} finally {
				if (in.refCnt() > 0) {
					in.readerIndex(stopped ? in.writerIndex() : h + total);
				}
			}
		}
	}

	/** Stops framing: everything after the current PDU is discarded (the connection is closing). */
	public void stop() {
		stopped = true;
	}
}
