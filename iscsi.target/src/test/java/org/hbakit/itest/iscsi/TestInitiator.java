package org.hbakit.itest.iscsi;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A small blocking iSCSI initiator for the in-framework tests (RFC 7143): login with or without CHAP (one-way or
 * mutual), SendTargets, SCSI commands with immediate data, unsolicited data and R2T, task management, NOP, logout,
 * and raw PDUs for hostile input. One thread uses an instance at a time; asynchronous messages that arrive while
 * waiting are kept in {@link #asyncMessages}. It is test code: it allocates freely and blocks on its socket.
 */
final class TestInitiator implements AutoCloseable {
	/** A received PDU: its 48-byte header and data segment. */
	record Pdu(byte[] header, byte[] data) {
		int opcode() {
			return header[0] & 0x3F;
		}

		int flags() {
			return header[1] & 0xFF;
		}

		int word(int off) {
			return ByteBuffer.wrap(header).getInt(off);
		}

		int itt() {
			return word(16);
		}
	}

	/** How a SCSI command ended. */
	record Result(int response, int status, byte[] sense, byte[] data, int residualFlags, int residual) {
		boolean good() {
			return response == 0 && status == 0;
		}

		int senseKey() {
			return sense.length > 2 ? sense[2] & 0x0F : -1;
		}

		int asc() {
			return sense.length > 12 ? sense[12] & 0xFF : -1;
		}

		int ascq() {
			return sense.length > 13 ? sense[13] & 0xFF : -1;
		}
	}

	/** A failed login: status class and detail. */
	static final class LoginFailed extends IOException {
		private static final long serialVersionUID = 1L;
		final int status;

		LoginFailed(int status) {
			super(String.format("login failed with status 0x%04x", status));
			this.status = status;
		}
	}

	final String initiatorName;
	private final Socket socket;
	private final DataInputStream in;
	private final OutputStream out;
	private int itt = 0x1000;
	int cmdSN = 1;
	int expStatSN;
	int maxCmdSN;
	boolean headerDigest;
	int maxBurst = 262144;
	int firstBurst = 65536;
	boolean initialR2T = true;
	boolean immediateData = true;
	int targetMaxRecv = 8192;
	final List<Pdu> asyncMessages = new ArrayList<>();
	final long isid;

	TestInitiator(InetSocketAddress portal, String initiatorName) throws IOException {
		this(portal, initiatorName, 0x400001_000000L | (System.nanoTime() & 0xFFFFFF));
	}

	TestInitiator(InetSocketAddress portal, String initiatorName, long isid) throws IOException {
		this.initiatorName = initiatorName;
		this.isid = isid;
		socket = new Socket();
		socket.connect(portal, 5000);
		socket.setSoTimeout(20_000);
		socket.setTcpNoDelay(true);
		in = new DataInputStream(socket.getInputStream());
		out = socket.getOutputStream();
	}

	// ---- login ----

	/** Logs in to {@code target} (null: a discovery session), optionally with CHAP; returns the final response keys. */
	Map<String, String> login(String target, String chapUser, String chapSecret, String mutualUser,
			String mutualSecret, Map<String, String> operational) throws IOException {
		Map<String, String> first = new LinkedHashMap<>();
		first.put("InitiatorName", initiatorName);
		first.put("SessionType", target == null ? "Discovery" : "Normal");
		if (target != null) {
			first.put("TargetName", target);
		}
		Map<String, String> answer;
		if (chapUser != null) {
			first.put("AuthMethod", "CHAP,None");
			answer = loginRequest(0, 0, false, first);
			if (!"CHAP".equals(answer.get("AuthMethod"))) {
				throw new IOException("target did not choose CHAP: " + answer);
			}
			answer = loginRequest(0, 0, false, Map.of("CHAP_A", "5"));
			int id = Integer.parseInt(answer.get("CHAP_I"));
			byte[] challenge = HexFormat.of().parseHex(answer.get("CHAP_C").substring(2));
			Map<String, String> resp = new LinkedHashMap<>();
			resp.put("CHAP_N", chapUser);
			resp.put("CHAP_R", "0x" + HexFormat.of().formatHex(md5(id, chapSecret, challenge)));
			byte[] myChallenge = new byte[16];
			new java.util.Random().nextBytes(myChallenge);
			int myId = 7;
			if (mutualUser != null) {
				resp.put("CHAP_I", Integer.toString(myId));
				resp.put("CHAP_C", "0x" + HexFormat.of().formatHex(myChallenge));
			}
			answer = loginRequest(0, 1, true, resp);
			if (mutualUser != null) {
				if (!mutualUser.equals(answer.get("CHAP_N")) || !java.util.Arrays.equals(md5(myId, mutualSecret,
						myChallenge), HexFormat.of().parseHex(answer.get("CHAP_R").substring(2)))) {
					throw new IOException("the target failed mutual CHAP: " + answer);
				}
			}
		} else {
			first.put("AuthMethod", "None");
			answer = loginRequest(0, 1, true, first);
		}
		Map<String, String> op = new LinkedHashMap<>();
		op.put("HeaderDigest", "None");
		op.put("DataDigest", "None");
		op.put("MaxRecvDataSegmentLength", "262144");
		op.put("InitialR2T", "No");
		op.put("ImmediateData", "Yes");
		op.put("MaxBurstLength", "262144");
		op.put("FirstBurstLength", "65536");
		op.put("MaxOutstandingR2T", "1");
		op.put("ErrorRecoveryLevel", "0");
		op.putAll(operational);
		Map<String, String> fin = loginRequest(1, 3, true, op);
		headerDigest = "CRC32C".equals(fin.get("HeaderDigest"));
		maxBurst = Integer.parseInt(fin.getOrDefault("MaxBurstLength", "262144"));
		firstBurst = Integer.parseInt(fin.getOrDefault("FirstBurstLength", "65536"));
		initialR2T = !"No".equals(fin.getOrDefault("InitialR2T", "Yes"));
		immediateData = "Yes".equals(fin.getOrDefault("ImmediateData", "Yes"));
		targetMaxRecv = Integer.parseInt(fin.getOrDefault("MaxRecvDataSegmentLength", "8192"));
		return fin;
	}

	/** Logs in without CHAP with the default keys. */
	Map<String, String> login(String target) throws IOException {
		return login(target, null, null, null, null, Map.of());
	}

	private Map<String, String> loginRequest(int csg, int nsg, boolean transit, Map<String, String> keys)
			throws IOException {
		byte[] h = new byte[48];
		h[0] = 0x43; // immediate Login Request
		h[1] = (byte) ((transit ? 0x80 : 0) | csg << 2 | (transit ? nsg : 0));
		ByteBuffer b = ByteBuffer.wrap(h);
		b.putLong(8, isid << 16);
		b.putInt(16, itt);
		b.putInt(24, cmdSN);
		b.putInt(28, expStatSN);
		sendRaw(h, encode(keys));
		Pdu r = readPdu(false);
		if (r.opcode() != 0x23) {
			throw new IOException("expected a Login Response, got opcode 0x" + Integer.toHexString(r.opcode()));
		}
		int status = ByteBuffer.wrap(r.header()).getShort(36) & 0xFFFF;
		if (status != 0) {
			throw new LoginFailed(status);
		}
		expStatSN = r.word(24) + 1;
		maxCmdSN = r.word(32);
		return decode(r.data());
	}

	// ---- full feature phase ----

	/** SendTargets=All; returns the text keys as a list of key=value strings. */
	List<String> sendTargets(String value) throws IOException {
		byte[] h = new byte[48];
		h[0] = 0x04;
		h[1] = (byte) 0x80;
		ByteBuffer b = ByteBuffer.wrap(h);
		b.putInt(16, ++itt);
		b.putInt(20, 0xFFFFFFFF);
		b.putInt(24, cmdSN++);
		b.putInt(28, expStatSN);
		sendRaw(h, ("SendTargets=" + value + "\0").getBytes(StandardCharsets.UTF_8));
		Pdu r = readResponse(itt);
		List<String> keys = new ArrayList<>();
		for (String s : new String(r.data(), StandardCharsets.UTF_8).split("\0")) {
			if (!s.isEmpty()) {
				keys.add(s);
			}
		}
		return keys;
	}

	/** Runs a SCSI command; {@code dataOut} null for none; reads up to {@code readLength} bytes. */
	Result scsi(int lun, byte[] cdb, byte[] dataOut, int readLength) throws IOException {
		int tag = submit(lun, cdb, dataOut, readLength);
		return await(tag, dataOut);
	}

	/** Sends a SCSI Command (and its immediate and unsolicited data); returns its ITT. */
	int submit(int lun, byte[] cdb, byte[] dataOut, int readLength) throws IOException {
		int tag = ++itt;
		int edtl = dataOut != null ? dataOut.length : readLength;
		int immediate = dataOut == null || !immediateData ? 0 : Math.min(Math.min(firstBurst, targetMaxRecv), dataOut.length);
		int unsolicited = dataOut == null || initialR2T ? immediate : Math.min(firstBurst, dataOut.length);
		byte[] h = new byte[48];
		h[0] = 0x01;
		h[1] = (byte) ((unsolicited == immediate ? 0x80 : 0) | (dataOut != null ? 0x20 : 0)
				| (dataOut == null && readLength > 0 ? 0x40 : 0) | 0x01);
		ByteBuffer b = ByteBuffer.wrap(h);
		b.putShort(8, (short) lun);
		b.putInt(16, tag);
		b.putInt(20, edtl);
		b.putInt(24, cmdSN++);
		b.putInt(28, expStatSN);
		System.arraycopy(cdb, 0, h, 32, cdb.length);
		sendRaw(h, immediate == 0 ? new byte[0] : java.util.Arrays.copyOf(dataOut, immediate));
		int offset = immediate;
		int dataSN = 0;
		while (offset < unsolicited) {
			int n = Math.min(targetMaxRecv, unsolicited - offset);
			dataOut(tag, 0xFFFFFFFF, lun, dataSN++, offset, dataOut, n, offset + n == unsolicited);
			offset += n;
		}
		return tag;
	}

	/** Waits for the status of {@code tag}, answering R2Ts with the rest of {@code dataOut}. */
	Result await(int tag, byte[] dataOut) throws IOException {
		java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
		while (true) {
			Pdu r = readPdu(true);
			switch (r.opcode()) {
				case 0x31 -> { // R2T
					int ttt = r.word(20);
					int offset = r.word(40);
					int length = r.word(44);
					int dataSN = 0;
					int end = offset + length;
					while (offset < end) {
						int n = Math.min(targetMaxRecv, end - offset);
						dataOut(r.itt(), ttt, 0, dataSN++, offset, dataOut, n, offset + n == end);
						offset += n;
					}
				}
				case 0x25 -> { // Data-In
					data.write(r.data());
					if ((r.flags() & 0x01) != 0) {
						statSN(r);
						return new Result(0, r.header()[3] & 0xFF, new byte[0], data.toByteArray(), r.flags() & 0x06,
								r.word(44));
					}
				}
				case 0x21 -> { // SCSI Response
					statSN(r);
					byte[] sense = new byte[0];
					if (r.data().length >= 2) {
						int n = (r.data()[0] & 0xFF) << 8 | r.data()[1] & 0xFF;
						sense = java.util.Arrays.copyOfRange(r.data(), 2, 2 + n);
					}
					return new Result(r.header()[2] & 0xFF, r.header()[3] & 0xFF, sense, data.toByteArray(),
							r.flags() & 0x06, r.word(44));
				}
				default -> throw new IOException("unexpected opcode 0x" + Integer.toHexString(r.opcode()));
			}
		}
	}

	private void dataOut(int tag, int ttt, int lun, int dataSN, int offset, byte[] data, int n, boolean fin)
			throws IOException {
		byte[] h = new byte[48];
		h[0] = 0x05;
		h[1] = (byte) (fin ? 0x80 : 0);
		ByteBuffer b = ByteBuffer.wrap(h);
		b.putShort(8, (short) lun);
		b.putInt(16, tag);
		b.putInt(20, ttt);
		b.putInt(28, expStatSN);
		b.putInt(36, dataSN);
		b.putInt(40, offset);
		sendRaw(h, java.util.Arrays.copyOfRange(data, offset, offset + n));
	}

	/** A header of an immediate request: byte 0 and 1, ITT, word 20, CmdSN (not advanced) and ExpStatSN set. */
	private byte[] immediateHeader(int opcode, int flags, int tag, int word20) {
		byte[] h = new byte[48];
		h[0] = (byte) (0x40 | opcode);
		h[1] = (byte) flags;
		ByteBuffer b = ByteBuffer.wrap(h);
		b.putInt(16, tag);
		b.putInt(20, word20);
		b.putInt(24, cmdSN);
		b.putInt(28, expStatSN);
		return h;
	}

	/** A task management request; returns the response code. */
	int taskManagement(int function, int lun, int referencedTag, int referencedCmdSN) throws IOException {
		int tag = ++itt;
		byte[] h = immediateHeader(0x02, 0x80 | function, tag, referencedTag);
		ByteBuffer b = ByteBuffer.wrap(h);
		b.putShort(8, (short) lun);
		b.putInt(32, referencedCmdSN);
		sendRaw(h, new byte[0]);
		Pdu r = readResponse(tag);
		return r.header()[2] & 0xFF;
	}

	/** A NOP-Out ping with data; returns the echoed data. */
	byte[] ping(byte[] data) throws IOException {
		int tag = ++itt;
		sendRaw(immediateHeader(0x00, 0x80, tag, 0xFFFFFFFF), data);
		return readResponse(tag).data();
	}

	/** Logout (close the session); returns the response code. */
	int logout() throws IOException {
		int tag = ++itt;
		sendRaw(immediateHeader(0x06, 0x80, tag, 0), new byte[0]);
		return readResponse(tag).header()[2] & 0xFF;
	}

	/** Reads PDUs until the one answering {@code tag}; async messages are kept, R2T and others are errors. */
	Pdu readResponse(int tag) throws IOException {
		while (true) {
			Pdu r = readPdu(true);
			if (r.itt() == tag) {
				statSN(r);
				return r;
			}
			throw new IOException("unexpected PDU opcode 0x" + Integer.toHexString(r.opcode()) + " itt " + r.itt());
		}
	}

	private void statSN(Pdu r) {
		expStatSN = r.word(24) + 1;
		maxCmdSN = r.word(32);
	}

	// ---- raw PDUs ----

	/** Sends a PDU: the header (with its DataSegmentLength set from {@code data}), digest, padded data. */
	void sendRaw(byte[] header, byte[] data) throws IOException {
		header[5] = (byte) (data.length >> 16);
		header[6] = (byte) (data.length >> 8);
		header[7] = (byte) data.length;
		out.write(header);
		if (headerDigest) {
			out.write(crcBytes(header));
		}
		out.write(data);
		out.write(new byte[(4 - data.length % 4) % 4]);
		out.flush();
	}

	/** Sends bytes as they are. */
	void sendBytes(byte[] bytes) throws IOException {
		out.write(bytes);
		out.flush();
	}

	/** Reads one PDU; with {@code skipAsync}, asynchronous messages are kept and the next PDU is read. */
	Pdu readPdu(boolean skipAsync) throws IOException {
		while (true) {
			byte[] h = new byte[48];
			in.readFully(h);
			int ahs = (h[4] & 0xFF) * 4;
			in.skipNBytes(ahs);
			if (headerDigest) {
				byte[] d = new byte[4];
				in.readFully(d);
				if (!java.util.Arrays.equals(d, crcBytes(h))) {
					throw new IOException("bad header digest from the target");
				}
			}
			int dsl = (h[5] & 0xFF) << 16 | (h[6] & 0xFF) << 8 | h[7] & 0xFF;
			byte[] data = new byte[dsl];
			in.readFully(data);
			in.skipNBytes((4 - dsl % 4) % 4);
			Pdu p = new Pdu(h, data);
			if (skipAsync && p.opcode() == 0x32) {
				asyncMessages.add(p);
				statSN(p);
				continue;
			}
			return p;
		}
	}

	/** Whether the target closed the connection (reads until end of stream, ignoring PDUs). */
	boolean closedByTarget() {
		try {
			while (true) {
				readPdu(false);
			}
		} catch (java.io.EOFException | java.net.SocketException e) {
			return true;
		} catch (IOException e) {
			return false;
		}
	}

	int nextTag() {
		return ++itt;
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}

	private static byte[] crcBytes(byte[] header) {
		CRC32C c = new CRC32C();
		c.update(header, 0, 48);
		int v = (int) c.getValue();
		return new byte[] { (byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24) };
	}

	static byte[] encode(Map<String, String> keys) {
		StringBuilder sb = new StringBuilder();
		keys.forEach((k, v) -> sb.append(k).append('=').append(v).append('\0'));
		return sb.toString().getBytes(StandardCharsets.UTF_8);
	}

	static Map<String, String> decode(byte[] data) {
		Map<String, String> m = new LinkedHashMap<>();
		for (String s : new String(data, StandardCharsets.UTF_8).split("\0")) {
			int eq = s.indexOf('=');
			if (eq > 0) {
				m.put(s.substring(0, eq), s.substring(eq + 1));
			}
		}
		return m;
	}

	static byte[] md5(int id, String secret, byte[] challenge) {
		try {
			MessageDigest md = MessageDigest.getInstance("MD5");
			md.update((byte) id);
			md.update(secret.getBytes(StandardCharsets.UTF_8));
			md.update(challenge);
			return md.digest();
		} catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
