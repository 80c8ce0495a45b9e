package org.hbakit.iscsi.session;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hbakit.iscsi.pdu.Bhs;
import org.hbakit.iscsi.pdu.Opcode;
import org.hbakit.iscsi.target.ExportedTarget;
import org.hbakit.iscsi.text.TextParameters;

import io.netty.buffer.ByteBuf;

/**
 * Text Requests in full feature phase (RFC 7143 §11.10-11): SendTargets discovery (§Appendix C: {@code All} in a
 * discovery session lists every target; a target name lists that one; empty lists the session's own target) and
 * the declarative MaxRecvDataSegmentLength; other keys are answered NotUnderstood. A response longer than the
 * initiator's MaxRecvDataSegmentLength is sent in pieces: each carries the C bit and a Target Transfer Tag, and the
 * initiator fetches the next with an empty Text Request naming it.
 */
final class TextResponder {
	private static final int MAX_REQUEST = 64 * 1024;
	private static final int CONTINUATION_TAG = 0x7E57_0001;

	private final Connection connection;
	private byte[] request = new byte[0];
	private int requestLength;
	private byte[] response;
	private int responseOffset;

	TextResponder(Connection connection) {
		this.connection = connection;
	}

	void request(ByteBuf in, int h, int data, int length) {
		int flags = Bhs.flags(in, h);
		boolean more = (flags & 0x40) != 0;
		int itt = Bhs.word(in, h, Bhs.INITIATOR_TASK_TAG);
		int ttt = Bhs.word(in, h, Bhs.WORD_20);
		if (ttt == CONTINUATION_TAG && response != null) {
			sendPiece(itt);
			return;
		}
		response = null;
		if (requestLength + length > MAX_REQUEST) {
			requestLength = 0;
			connection.reject(RejectReason.PROTOCOL_ERROR, in, h);
			return;
		}
		if (request.length < requestLength + length) {
			request = java.util.Arrays.copyOf(request, requestLength + length);
		}
		in.getBytes(data, request, requestLength, length);
		requestLength += length;
		if (more) {
			answer(itt, new byte[0], false, CONTINUATION_TAG - 1);
			return;
		}
		Map<String, String> keys;
		try {
			keys = TextParameters.parse(request, 0, requestLength);
		} catch (TextParameters.FormatException e) {
			connection.reject(RejectReason.PROTOCOL_ERROR, in, h);
			return;
		} finally {
			requestLength = 0;
		}
		StringBuilder out = new StringBuilder();
		Map<String, String> other = new LinkedHashMap<>();
		for (Map.Entry<String, String> e : keys.entrySet()) {
			switch (e.getKey()) {
				case "SendTargets" -> sendTargets(e.getValue(), out);
				case "MaxRecvDataSegmentLength" -> {
					try {
						int v = Integer.parseInt(e.getValue());
						if (v >= 512 && v <= 0xFF_FFFF) {
							connection.session.parameters.initiatorMaxRecvDataSegmentLength = v;
						} else {
							other.put(e.getKey(), "Reject");
						}
					} catch (NumberFormatException x) {
						other.put(e.getKey(), "Reject");
					}
				}
				default -> other.put(e.getKey(), "NotUnderstood");
			}
		}
		byte[] text = out.toString().getBytes(StandardCharsets.UTF_8);
		byte[] rest = TextParameters.encode(other);
		response = new byte[text.length + rest.length];
		System.arraycopy(text, 0, response, 0, text.length);
		System.arraycopy(rest, 0, response, text.length, rest.length);
		responseOffset = 0;
		sendPiece(itt);
	}

	private void sendTargets(String value, StringBuilder out) {
		Session s = connection.session;
		List<ExportedTarget> targets = connection.door.catalog.targets();
		InetSocketAddress local = connection.localAddress();
		String address = (local.getAddress() instanceof java.net.Inet6Address ? "[" + local.getAddress().getHostAddress()
				+ "]" : local.getAddress().getHostAddress()) + ":" + local.getPort() + ",1";
		for (ExportedTarget t : targets) {
			boolean listed = value.equals("All") ? s.discovery || t == s.target
					: value.isEmpty() ? t == s.target : t.name().equals(value);
			if (listed) {
				out.append("TargetName=").append(t.name()).append('\0');
				out.append("TargetAddress=").append(address).append('\0');
			}
		}
	}

	private void sendPiece(int itt) {
		int max = connection.session.parameters.initiatorMaxRecvDataSegmentLength;
		int n = Math.min(max, response.length - responseOffset);
		byte[] piece = java.util.Arrays.copyOfRange(response, responseOffset, responseOffset + n);
		responseOffset += n;
		boolean last = responseOffset >= response.length;
		answer(itt, piece, last, last ? Bhs.RESERVED_TAG : CONTINUATION_TAG);
		if (last) {
			response = null;
		}
	}

	private void answer(int itt, byte[] data, boolean last, int ttt) {
		ByteBuf r = connection.writer.header(Opcode.TEXT_RESPONSE, last ? Bhs.FINAL : 0x40);
		r.setInt(Bhs.INITIATOR_TASK_TAG, itt);
		r.setInt(Bhs.WORD_20, ttt);
		connection.stamp(r, true);
		connection.writer.write(r, data);
	}
}
