package org.hbakit.bridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SCSIOperationCode;
import org.junit.jupiter.api.Test;

/** The parts of a split READ or WRITE keep the original's fields. */
class BlockCommandTest {
	@Test
	void aPartKeepsTheOperationCodeFlagsGroupAndControl() {
		byte[] cdb = new byte[16];
		Cdb.write10(cdb, 1000, 4096);
		cdb[1] = 0x18; // DPO, FUA
		cdb[6] = 0x05; // group number
		cdb[9] = 0x04; // control
		byte[] part = new byte[16];
		assertThat(BlockCommand.part(cdb, part, 3048, 2048)).isEqualTo(10);
		assertThat(part[0] & 0xFF).isEqualTo(SCSIOperationCode.WRITE_10);
		assertThat(part[1]).isEqualTo((byte) 0x18);
		assertThat(Cdb.lba(part)).isEqualTo(3048);
		assertThat(Cdb.transferLength(part)).isEqualTo(2048);
		assertThat(part[6]).isEqualTo((byte) 0x05);
		assertThat(part[9]).isEqualTo((byte) 0x04);
	}

	@Test
	void aSixByteReadKeeps256BlocksAsZero() {
		byte[] cdb = new byte[16];
		Cdb.read6(cdb, 0x1F_0000, 256);
		byte[] part = new byte[16];
		assertThat(BlockCommand.part(cdb, part, 0x1F_0100, 256)).isEqualTo(6);
		assertThat(Cdb.lba(part)).isEqualTo(0x1F_0100);
		assertThat(Cdb.transferLength(part)).isEqualTo(256);
	}

	@Test
	void aPartWhoseAddressDoesNotFitBecomesTheSixteenByteCommandWithTheSameFields() {
		byte[] cdb = new byte[16];
		Cdb.read12(cdb, 0xFFFF_FF00L, 4096);
		cdb[1] = 0x08; // FUA
		cdb[10] = 0x03; // group number
		cdb[11] = 0x01;
		byte[] part = new byte[16];
		assertThat(BlockCommand.part(cdb, part, 0x1_0000_0000L, 256)).isEqualTo(16);
		assertThat(part[0] & 0xFF).isEqualTo(SCSIOperationCode.READ_16);
		assertThat(part[1]).isEqualTo((byte) 0x08);
		assertThat(Cdb.lba(part)).isEqualTo(0x1_0000_0000L);
		assertThat(Cdb.transferLength(part)).isEqualTo(256);
		assertThat(part[14]).isEqualTo((byte) 0x03);
		assertThat(part[15]).isEqualTo((byte) 0x01);
		Cdb.write6(cdb, 0x1F_FFFF, 16);
		assertThat(BlockCommand.part(cdb, part, 0x20_0000, 8)).isEqualTo(16);
		assertThat(part[0] & 0xFF).isEqualTo(SCSIOperationCode.WRITE_16);
		assertThat(part[1]).isZero();
	}

	@Test
	void onlyBlockReadsAndWritesAreSplittable() {
		assertThat(BlockCommand.splittable(SCSIOperationCode.READ_16)).isTrue();
		assertThat(BlockCommand.splittable(SCSIOperationCode.WRITE_6)).isTrue();
		assertThat(BlockCommand.splittable(SCSIOperationCode.VERIFY_16)).isFalse();
		assertThat(BlockCommand.splittable(SCSIOperationCode.INQUIRY)).isFalse();
	}
}
