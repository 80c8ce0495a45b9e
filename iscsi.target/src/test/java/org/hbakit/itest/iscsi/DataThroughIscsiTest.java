package org.hbakit.itest.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Map;

import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

/**
 * Data written through iSCSI reaches the logical unit and reads back, over every way data travels: immediate data,
 * unsolicited Data-Out, R2T bursts with several Data-Out PDUs, Data-In split over PDUs and bursts; residuals; a LUN
 * the target lacks; header digests.
 */
class DataThroughIscsiTest extends FrontDoorTest {

	@Test
	void writesOfEverySizeReadBackThroughIscsiAndThroughTheUnit(
			@InjectService(filter = "(&(hba.name=hba0)(scsi.target=0)(scsi.lun=1))") SCSILogicalUnit unit)
			throws Exception {
		try (TestInitiator i = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:data")) {
			i.login(FrontDoorFixture.HBA0_0, null, null, null, null, Map.of("MaxRecvDataSegmentLength", "8192",
					"MaxBurstLength", "65536", "FirstBurstLength", "16384"));
			clearUnitAttention(i, 1);
			int lba = 4096;
			for (int blocks : new int[] { 1, 8, 32, 200, 1024 }) { // up to 512 KiB: immediate, unsolicited, R2T
				byte[] data = Scsi.pattern(lba, blocks, 512, blocks);
				TestInitiator.Result w = i.scsi(1, Scsi.write10(lba, blocks), data, 0);
				assertThat(w.good()).as("write of %d blocks", blocks).isTrue();
				TestInitiator.Result r = i.scsi(1, Scsi.read10(lba, blocks), null, data.length);
				assertThat(r.good()).isTrue();
				assertThat(r.data()).as("read of %d blocks", blocks).isEqualTo(data);
				ByteBuffer direct = ByteBuffer.allocate(data.length);
				unit.read(lba, direct);
				assertThat(direct.array()).as("the unit's own view").isEqualTo(data);
				lba += blocks;
			}
		}
	}

	@Test
	void residualsFollowTheExpectedLength() throws Exception {
		try (TestInitiator i = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:residuals")) {
			i.login(FrontDoorFixture.HBA0_0);
			clearUnitAttention(i, 0);
			TestInitiator.Result under = i.scsi(0, Scsi.read10(0, 1), null, 10_000);
			assertThat(under.good()).isTrue();
			assertThat(under.data()).hasSize(512);
			assertThat(under.residualFlags()).isEqualTo(0x02);
			assertThat(under.residual()).isEqualTo(10_000 - 512);
			TestInitiator.Result over = i.scsi(0, Scsi.read10(0, 2), null, 512);
			assertThat(over.good()).isTrue();
			assertThat(over.data()).hasSize(512);
			assertThat(over.residualFlags()).isEqualTo(0x04);
			assertThat(over.residual()).isEqualTo(512);
		}
	}

	@Test
	void anAbsentLunAnswersLikeATargetWithoutIt() throws Exception {
		try (TestInitiator i = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:absent")) {
			i.login(FrontDoorFixture.HBA0_0);
			TestInitiator.Result inq = i.scsi(5, Scsi.inquiry(36), null, 36);
			assertThat(inq.good()).isTrue();
			assertThat(inq.data()[0] & 0xFF).as("peripheral qualifier 011b, type 1Fh").isEqualTo(0x7F);
			TestInitiator.Result tur = i.scsi(5, Scsi.testUnitReady(), null, 0);
			assertThat(tur.status()).isEqualTo(2);
			assertThat(tur.senseKey()).isEqualTo(5);
			assertThat(tur.asc()).isEqualTo(0x25);
			TestInitiator.Result luns = i.scsi(0, Scsi.reportLuns(256), null, 256);
			assertThat(Scsi.luns(luns.data())).containsExactly(0, 1);
		}
	}

	@Test
	void headerDigestsProtectEveryPdu() throws Exception {
		try (TestInitiator i = new TestInitiator(portal, "iqn.2026-12.org.hbakit.test:digest")) {
			Map<String, String> keys = i.login(FrontDoorFixture.HBA0_0, null, null, null, null,
					Map.of("HeaderDigest", "CRC32C,None"));
			assertThat(keys).containsEntry("HeaderDigest", "CRC32C");
			clearUnitAttention(i, 0);
			byte[] data = Scsi.pattern(77, 16, 512, 3);
			assertThat(i.scsi(0, Scsi.write10(77, 16), data, 0).good()).isTrue();
			assertThat(i.scsi(0, Scsi.read10(77, 16), null, data.length).data()).isEqualTo(data);
		}
	}

	/** Takes any unit attention (e.g. power on) so the next command's outcome is its own. */
	static void clearUnitAttention(TestInitiator i, int lun) throws Exception {
		for (int n = 0; n < 10; n++) {
			if (i.scsi(lun, Scsi.testUnitReady(), null, 0).good()) {
				return;
			}
		}
	}
}
