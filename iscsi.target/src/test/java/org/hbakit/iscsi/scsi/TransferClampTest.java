package org.hbakit.iscsi.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Residual overflow: the CDB is cut to what the Expected Data Transfer Length covers. */
class TransferClampTest {
	private final int[] length = { 10 };

	@Test
	void aWriteIsCutToWholeBlocksAndAReadRoundedUp() {
		byte[] write = { 0x2A, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0 };
		assertThat(TransferClamp.clamp(write, length, 512, 512, true)).isEqualTo(512);
		assertThat(TransferClamp.blocks(write)).isEqualTo(1);
		byte[] read = { 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 };
		assertThat(TransferClamp.clamp(read, length, 200, 512, false)).isEqualTo(312);
		assertThat(TransferClamp.blocks(read)).isEqualTo(1);
		assertThat(TransferClamp.clamp(read, length, 0, 512, false)).isEqualTo(512);
		assertThat(TransferClamp.blocks(read)).isZero();
	}

	@Test
	void aFittingCdbIsLeftAloneAndOtherCommandsAreNotTouched() {
		byte[] read16 = new byte[16];
		read16[0] = (byte) 0x88;
		read16[13] = 4;
		assertThat(TransferClamp.clamp(read16, length, 4096, 512, false)).isZero();
		assertThat(TransferClamp.blocks(read16)).isEqualTo(4);
		byte[] inquiry = { 0x12, 0, 0, 0, (byte) 0xFF, 0 };
		assertThat(TransferClamp.applies(0x12)).isFalse();
		assertThat(TransferClamp.clamp(inquiry, length, 36, 512, false)).isZero();
	}

	@Test
	void aSixByteCommandCutToNothingBecomesItsTenByteForm() {
		int[] len = { 6 };
		byte[] read6 = new byte[16];
		read6[0] = 0x08;
		read6[3] = 0x10; // LBA 16, transfer length 0 = 256 blocks
		read6[5] = 0x00;
		assertThat(TransferClamp.clamp(read6, len, 0, 512, false)).isEqualTo(256 * 512);
		assertThat(len[0]).isEqualTo(10);
		assertThat(read6[0]).isEqualTo((byte) 0x28);
		assertThat(read6[5]).isEqualTo((byte) 0x10);
		assertThat(TransferClamp.blocks(read6)).isZero();
	}
}
