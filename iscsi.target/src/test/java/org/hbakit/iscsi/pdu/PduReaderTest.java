package org.hbakit.iscsi.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/** Framing: PDUs split anywhere are reassembled; limits and digests are enforced before data is kept. */
class PduReaderTest {
	private final List<String> events = new ArrayList<>();
	private final PduReader reader = new PduReader(new PduReader.Sink() {
		@Override
		public void pdu(ByteBuf in, int header, int data, int dataLength) {
			events.add("pdu " + Bhs.opcode(in, header) + " " + dataLength + " " + (dataLength > 0 ? in.getByte(data) : -1));
		}

		@Override
		public void oversized(ByteBuf in, int header, int dataLength) {
			events.add("oversized " + dataLength);
		}

		@Override
		public void headerDigestError(ByteBuf in, int header) {
			events.add("header digest");
		}

		@Override
		public void dataDigestError(ByteBuf in, int header) {
			events.add("data digest");
		}
	});

	private static byte[] pdu(int opcode, int dataLength, boolean headerDigest) {
		int padded = (dataLength + 3) & ~3;
		ByteBuf b = Unpooled.buffer();
		b.writeByte(opcode).writeZero(4).writeMedium(dataLength).writeZero(40);
		if (headerDigest) {
			Crc32c.write(b, new Crc32c().of(b, 0, 48, 0));
		}
		for (int i = 0; i < dataLength; i++) {
			b.writeByte(i + 1);
		}
		b.writeZero(padded - dataLength);
		byte[] a = new byte[b.readableBytes()];
		b.readBytes(a);
		return a;
	}

	@Test
	void pdusSplitAtEveryByteAreReassembled() {
		EmbeddedChannel ch = new EmbeddedChannel(reader);
		byte[] a = pdu(0x01, 5, false);
		byte[] b = pdu(0x05, 0, false);
		byte[] all = new byte[a.length + b.length];
		System.arraycopy(a, 0, all, 0, a.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		for (byte x : all) {
			ch.writeInbound(Unpooled.wrappedBuffer(new byte[] { x }));
		}
		assertThat(events).containsExactly("pdu 1 5 1", "pdu 5 0 -1");
		ch.finishAndReleaseAll();
	}

	@Test
	void anOversizedPduIsRefusedBeforeItsDataArrives() {
		EmbeddedChannel ch = new EmbeddedChannel(reader);
		reader.maxDataSegmentLength = 1024;
		byte[] big = pdu(0x01, 4096, false);
		ch.writeInbound(Unpooled.wrappedBuffer(big, 0, 48));
		assertThat(events).containsExactly("oversized 4096");
		ch.writeInbound(Unpooled.wrappedBuffer(pdu(0x01, 0, false)));
		assertThat(events).as("nothing is read after a framing error").hasSize(1);
		ch.finishAndReleaseAll();
	}

	@Test
	void headerDigestsAreCheckedAndAMismatchStopsFraming() {
		EmbeddedChannel ch = new EmbeddedChannel(reader);
		reader.headerDigest = true;
		ch.writeInbound(Unpooled.wrappedBuffer(pdu(0x00, 4, true)));
		byte[] bad = pdu(0x00, 0, true);
		bad[48] ^= 1;
		ch.writeInbound(Unpooled.wrappedBuffer(bad));
		assertThat(events).containsExactly("pdu 0 4 1", "header digest");
		ch.finishAndReleaseAll();
	}
}
