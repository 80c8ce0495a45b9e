package org.hbakit.controller.api.simhba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;

import org.hbakit.controller.api.LayoutBytes;
import org.junit.jupiter.api.Test;

/**
 * Pins the simulated HBA's host interface to {@code docs/simulated-hba.md}: register offsets and fields, the 64-byte
 * request frame written byte by byte, the 16-byte completion entry decoded from bytes placed at the documented
 * offsets. A change here is a change of the hardware every controller for it was written against.
 */
class SimHbaLayoutTest {
	private static final int BASE = 64;

	@Test
	void registerOffsetsAndFieldsAreTheDocumentedOnes() {
		assertEquals(0, HBARegisters.BAR);
		assertEquals(16 * 1024, HBARegisters.BAR0_SIZE);
		assertEquals(0x000, HBARegisters.VS);
		assertEquals(0x004, HBARegisters.CAP);
		assertEquals(0x008, HBARegisters.TARGETS);
		assertEquals(0x00C, HBARegisters.INITIATOR_ID);
		assertEquals(0x010, HBARegisters.CC);
		assertEquals(0x014, HBARegisters.CSTS);
		assertEquals(0x018, HBARegisters.QSIZE);
		assertEquals(0x020, HBARegisters.SQ_BASE);
		assertEquals(0x028, HBARegisters.CQ_BASE);
		assertEquals(0x030, HBARegisters.INTMS);
		assertEquals(0x034, HBARegisters.INTMC);
		assertEquals(0x038, HBARegisters.INTCOAL);
		assertEquals(0x040, HBARegisters.ABORT);
		assertEquals(0x048, HBARegisters.TMF);
		assertEquals(0x050, HBARegisters.TMF_STATUS);
		assertEquals(0x1000, HBARegisters.SQ_TAIL);
		assertEquals(0x1004, HBARegisters.CQ_HEAD);
		assertEquals(1, HBARegisters.CC_EN);
		assertEquals(1, HBARegisters.CSTS_RDY);
		assertEquals(2, HBARegisters.CSTS_CFS);
		assertEquals(0, HBARegisters.COMPLETION_VECTOR);
		assertEquals(0x1B4B, HBARegisters.PCI_VENDOR_ID);
		assertEquals(0x5CD1, HBARegisters.PCI_DEVICE_ID);
	}

	@Test
	void registerValuesEncodeAndDecodeTheirFields() {
		assertEquals(0x0001_0001, HBARegisters.VERSION, "1.1: posted ABORT and TMF, TMF_STATUS.BUSY");
		assertEquals(1, HBARegisters.versionMajor(HBARegisters.VERSION));
		assertEquals(1, HBARegisters.versionMinor(HBARegisters.VERSION));
		assertEquals(0x0003_0FFF, HBARegisters.cap(4096, 3));
		assertEquals(4095, HBARegisters.capMaxQueueEntriesMinusOne(0x0003_0FFF));
		assertEquals(3, HBARegisters.capInterruptVectors(0x0003_0FFF));
		assertEquals(0x00FF_003F, HBARegisters.qsize(64, 256));
		assertEquals(64, HBARegisters.qsizeSqEntries(0x00FF_003F));
		assertEquals(256, HBARegisters.qsizeCqEntries(0x00FF_003F));
		assertEquals(20 << 8 | 32, HBARegisters.intcoal(32, 20));
		assertEquals(0xFFFF << 8 | 0xFF, HBARegisters.intcoal(1000, 1 << 20), "clamped to the field widths");
		assertEquals(1, HBARegisters.intcoalThreshold(0), "threshold 0 means 1");
		assertEquals(20, HBARegisters.intcoalTimeMicros(20 << 8 | 32));
		long tmf = HBARegisters.tmf(HBARegisters.TMF_LOGICAL_UNIT_RESET, 0x1234, 0x3FFF);
		assertEquals(0x3FFF_1234_03L, tmf);
		assertEquals(3, HBARegisters.tmfFunction(tmf));
		assertEquals(0x1234, HBARegisters.tmfTarget(tmf));
		assertEquals(0x3FFF, HBARegisters.tmfLun(tmf));
		assertEquals(1, HBARegisters.TMF_ABORT_TASK_SET);
		assertEquals(2, HBARegisters.TMF_CLEAR_TASK_SET);
		assertEquals(3, HBARegisters.TMF_LOGICAL_UNIT_RESET);
		assertEquals(4, HBARegisters.TMF_TARGET_RESET);
		assertEquals(5, HBARegisters.TMF_CLEAR_ACA);
		assertEquals(0, HBARegisters.TMF_STATUS_COMPLETE);
		assertEquals(1, HBARegisters.TMF_STATUS_REJECTED);
		assertEquals(0x8000_0000, HBARegisters.TMF_STATUS_BUSY);
		assertEquals(1, HBARegisters.TMF_STATUS_RESULT);
	}

	@Test
	void tmfLunNumbersNameSingleLevelLunBytes() {
		assertEquals(0x0005_0000_0000_0000L, HBARegisters.lunBytes(5), "peripheral addressing below 256");
		assertEquals(0x4101_0000_0000_0000L, HBARegisters.lunBytes(257), "flat space addressing from 256");
		assertEquals(0x7FFF_0000_0000_0000L, HBARegisters.lunBytes(16383));
		assertThrows(IllegalArgumentException.class, () -> HBARegisters.lunBytes(16384));
		assertThrows(IllegalArgumentException.class, () -> HBARegisters.lunBytes(-1));
	}

	@Test
	void requestFrameFieldsLandAtTheirOffsetsAndNothingOutsideIsTouched() {
		assertEquals(64, RequestFrame.SIZE);
		LayoutBytes bytes = new LayoutBytes(BASE + RequestFrame.SIZE + 64);
		bytes.memory.order(ByteOrder.LITTLE_ENDIAN);
		int flags = RequestFrame.flags(RequestFrame.DIR_FROM_TARGET, 2);
		RequestFrame.write(bytes.memory, BASE, 0xBEEF, flags, 10, 0x01020304, 0x1122334455667788L,
				0x2122232425262728L, 0x3132333435363738L, 0x4142434445464748L, 0x51525354, 0x6162636465666768L, 255);
		bytes.le(BASE + 0, 0xBEEF, 2).le(BASE + 2, 0x0A, 1).le(BASE + 3, 10, 1).le(BASE + 4, 0x01020304, 4)
				.le(BASE + 8, 0x1122334455667788L, 8).le(BASE + 16, 0x2122232425262728L, 8)
				.le(BASE + 24, 0x3132333435363738L, 8).le(BASE + 32, 0x4142434445464748L, 8)
				.le(BASE + 40, 0x51525354, 4).le(BASE + 44, 0, 4).le(BASE + 48, 0x6162636465666768L, 8)
				.le(BASE + 56, 255, 4).le(BASE + 60, 0, 4);
		bytes.verify("request frame");
		assertEquals(0, RequestFrame.TAG_OFFSET);
		assertEquals(2, RequestFrame.FLAGS_OFFSET);
		assertEquals(3, RequestFrame.CDB_LEN_OFFSET);
		assertEquals(4, RequestFrame.TARGET_OFFSET);
		assertEquals(8, RequestFrame.LUN_OFFSET);
		assertEquals(16, RequestFrame.CDB_OFFSET);
		assertEquals(32, RequestFrame.DATA_OFFSET);
		assertEquals(40, RequestFrame.LENGTH_OFFSET);
		assertEquals(48, RequestFrame.SENSE_OFFSET);
		assertEquals(56, RequestFrame.SENSE_LEN_OFFSET);

		int word0 = bytes.memory.getInt(BASE);
		assertEquals(0xBEEF, RequestFrame.tag(word0));
		assertEquals(10, RequestFrame.cdbLength(word0));
		assertEquals(RequestFrame.DIR_FROM_TARGET, RequestFrame.direction(RequestFrame.flags(word0)));
		assertEquals(2, RequestFrame.taskAttribute(RequestFrame.flags(word0)));
		assertEquals(0, RequestFrame.DIR_NONE);
		assertEquals(1, RequestFrame.DIR_TO_TARGET);
		assertEquals(2, RequestFrame.DIR_FROM_TARGET);
	}

	@Test
	void completionEntryFieldsAreReadFromTheirOffsets() {
		assertEquals(16, CompletionEntry.SIZE);
		LayoutBytes bytes = new LayoutBytes(CompletionEntry.SIZE);
		bytes.memory.order(ByteOrder.LITTLE_ENDIAN);
		bytes.memory.putShort(CompletionEntry.TAG_OFFSET, (short) 0xCAFE);
		bytes.memory.put(CompletionEntry.STATUS_OFFSET, (byte) 0x02);
		bytes.memory.put(CompletionEntry.SR_OFFSET, (byte) CompletionEntry.SR_ABORTED);
		bytes.memory.putInt(CompletionEntry.XFER_OFFSET, 0x00AB_CDEF);
		bytes.memory.put(CompletionEntry.SENSE_LEN_OFFSET, (byte) 18);
		bytes.memory.put(CompletionEntry.PHASE_OFFSET, (byte) 1);
		assertEquals(2, CompletionEntry.STATUS_OFFSET);
		assertEquals(3, CompletionEntry.SR_OFFSET);
		assertEquals(4, CompletionEntry.XFER_OFFSET);
		assertEquals(8, CompletionEntry.SENSE_LEN_OFFSET);
		assertEquals(11, CompletionEntry.PHASE_OFFSET);
		long word0 = bytes.memory.getLong(0);
		int statusWord = bytes.memory.getInt(CompletionEntry.STATUS_WORD_OFFSET);
		assertEquals(0xCAFE, CompletionEntry.tag(word0));
		assertEquals(0x02, CompletionEntry.status(word0));
		assertEquals(CompletionEntry.SR_ABORTED, CompletionEntry.serviceResponse(word0));
		assertEquals(0x00AB_CDEFL, CompletionEntry.transferred(word0));
		assertEquals(18, CompletionEntry.senseLength(statusWord));
		assertEquals(1, CompletionEntry.phase(statusWord));
		assertEquals((int) word0, CompletionEntry.header(0xCAFE, 0x02, CompletionEntry.SR_ABORTED));
		assertEquals(statusWord & 0x0100_00FF, CompletionEntry.statusWord(18, 1));
		assertEquals(0, CompletionEntry.SR_COMPLETED);
		assertEquals(1, CompletionEntry.SR_DELIVERY_FAILURE);
		assertEquals(0x01, CompletionEntry.PS_TASK_TIMEOUT);
		assertEquals(0x04, CompletionEntry.PS_DEVICE_NOT_PRESENT);
		assertEquals(0x05, CompletionEntry.PS_DELIVERY_FAILURE);
		assertEquals(0x40, CompletionEntry.STATUS_TASK_ABORTED);
	}
}
