package org.hbakit.itest.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile input gets the RFC's answer and disturbs nobody else: an oversized PDU, garbage instead of a login, a
 * truncated PDU, a bad header digest close that connection; an unknown opcode is rejected and an out-of-window CmdSN
 * ignored while the session goes on; a flood beyond the connection limit is refused. Throughout, a bystander session
 * keeps reading and writing.
 */
class HostileInputTest extends FrontDoorTest {
	@BeforeAll
	static void limitConnections() throws Exception {
		portal = door.configure(Map.of("maxConnections", 12));
	}

	@Test
	void brokenPdusCloseOnlyTheirOwnConnection() throws Exception {
		try (TestInitiator bystander = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:bystander")) {
			bystander.login(FrontDoorFixture.HBA0_0);
			DataThroughIscsiTest.clearUnitAttention(bystander, 0);
			try (TestInitiator big = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:oversized")) {
				big.login(FrontDoorFixture.HBA0_0);
				byte[] h = new byte[48];
				h[0] = 0x40; // NOP-Out announcing 16 MiB - 1 of data, far above MaxRecvDataSegmentLength
				h[1] = (byte) 0x80;
				h[5] = (byte) 0xFF;
				h[6] = (byte) 0xFF;
				h[7] = (byte) 0xFF;
				big.sendBytes(h);
				assertThat(big.closedByTarget()).as("oversized PDU").isTrue();
			}
			try (TestInitiator garbage = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:garbage")) {
				byte[] noise = new byte[48];
				new java.util.Random(1).nextBytes(noise);
				noise[0] = 0x01; // a SCSI command before any login
				noise[4] = 0;
				noise[5] = noise[6] = noise[7] = 0;
				garbage.sendBytes(noise);
				assertThat(garbage.closedByTarget()).as("a command before login").isTrue();
			}
			try (TestInitiator digest = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:digest")) {
				digest.login(FrontDoorFixture.HBA0_0, null, null, null, null, Map.of("HeaderDigest", "CRC32C"));
				byte[] h = new byte[48];
				h[0] = 0x40;
				h[1] = (byte) 0x80;
				digest.sendBytes(h);
				digest.sendBytes(new byte[] { 1, 2, 3, 4 }); // a wrong header digest
				assertThat(digest.closedByTarget()).as("bad header digest").isTrue();
			}
			try (Socket truncated = new Socket()) {
				truncated.connect(portal);
				truncated.getOutputStream().write(new byte[] { 0x43, (byte) 0x87, 0, 0, 0, 0, 0x10 });
				truncated.getOutputStream().flush();
			} // closed half-way through a header
			byte[] data = Scsi.pattern(300, 4, 512, 9);
			assertThat(bystander.scsi(0, Scsi.write10(300, 4), data, 0).good()).isTrue();
			assertThat(bystander.scsi(0, Scsi.read10(300, 4), null, data.length).data()).isEqualTo(data);
		}
	}

	@Test
	void anUnknownOpcodeIsRejectedAndAnOutOfWindowCommandIgnored() throws Exception {
		try (TestInitiator i = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:reject")) {
			i.login(FrontDoorFixture.HBA0_0);
			byte[] h = new byte[48];
			h[0] = 0x1C; // not an initiator opcode
			h[1] = (byte) 0x80;
			java.nio.ByteBuffer.wrap(h).putInt(16, 0x4242);
			i.sendRaw(h, new byte[0]);
			TestInitiator.Pdu reject = i.readPdu(true);
			assertThat(reject.opcode()).isEqualTo(0x3F);
			assertThat(reject.header()[2]).as("reason: command not supported").isEqualTo((byte) 0x05);
			assertThat(reject.data()).hasSize(48);
			// a TEST UNIT READY numbered beyond MaxCmdSN is ignored: the next in-window command is answered first
			int saved = i.cmdSN;
			i.cmdSN = i.maxCmdSN + 10;
			i.submit(0, Scsi.testUnitReady(), null, 0);
			i.cmdSN = saved;
			int tag = i.submit(0, Scsi.inquiry(36), null, 36);
			TestInitiator.Result r = i.await(tag, null);
			assertThat(r.data()).hasSize(36);
		}
	}

	@Test
	void aFloodOfConnectionsIsRefusedBeyondTheLimit() throws Exception {
		List<Socket> flood = new ArrayList<>();
		java.util.Set<Socket> closed = new java.util.HashSet<>();
		try {
			for (int n = 0; n < 14; n++) {
				Socket s = new Socket();
				s.connect(portal);
				s.setSoTimeout(50);
				flood.add(s);
			}
			// connections are admitted on two event loops, so which two of the fourteen are refused may vary
			org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
				for (Socket s : flood) {
					if (!closed.contains(s)) {
						try {
							if (s.getInputStream().read() == -1) {
								closed.add(s);
							}
						} catch (java.net.SocketTimeoutException e) {
							// still open
						}
					}
				}
				return closed.size() >= 2;
			});
			// at least the two beyond the limit; a connection another test left closing may still count against it
			assertThat(closed.size()).as("connections beyond the limit of 12").isGreaterThanOrEqualTo(2);
			assertThat(flood.size() - closed.size()).as("connections kept").isLessThanOrEqualTo(12);
		} finally {
			for (Socket s : flood) {
				s.close();
			}
		}
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
			try (TestInitiator i = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:after-flood")) {
				i.login(FrontDoorFixture.HBA0_0);
				return i.logout() == 0;
			}
		});
	}
}
