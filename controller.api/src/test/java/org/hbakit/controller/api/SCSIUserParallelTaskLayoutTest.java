package org.hbakit.controller.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link SCSIUserParallelTask} to the computed LP64 layout of DriverKit's {@code SCSIUserParallelTask}
 * (128 bytes, little-endian): every field is written through the view and checked byte by byte in the memory,
 * with the view placed inside a larger buffer so writes outside the 128 bytes are caught too.
 */
class SCSIUserParallelTaskLayoutTest {
	private static final int BASE = 32;

	private LayoutBytes bytes;
	private SCSIUserParallelTask task;

	@BeforeEach
	void setUp() {
		bytes = new LayoutBytes(BASE + SCSIUserParallelTask.SIZE + 32);
		task = new SCSIUserParallelTask(bytes.memory, BASE);
	}

	@Test
	void sizeAndOffsetConstantsMatchTheCLayout() {
		assertEquals(128, SCSIUserParallelTask.SIZE);
		assertEquals(0, SCSIUserParallelTask.VERSION_OFFSET);
		assertEquals(8, SCSIUserParallelTask.TARGET_ID_OFFSET);
		assertEquals(16, SCSIUserParallelTask.FEATURE_REQUEST_OFFSET);
		assertEquals(40, SCSIUserParallelTask.FEATURE_REQUEST_COUNT_OFFSET);
		assertEquals(48, SCSIUserParallelTask.CONTROLLER_TASK_IDENTIFIER_OFFSET);
		assertEquals(56, SCSIUserParallelTask.REQUESTED_TRANSFER_COUNT_OFFSET);
		assertEquals(64, SCSIUserParallelTask.BUFFER_IOVM_ADDR_OFFSET);
		assertEquals(72, SCSIUserParallelTask.TASK_ATTRIBUTE_OFFSET);
		assertEquals(80, SCSIUserParallelTask.TASK_TAG_IDENTIFIER_OFFSET);
		assertEquals(88, SCSIUserParallelTask.LOGICAL_UNIT_BYTES_OFFSET);
		assertEquals(96, SCSIUserParallelTask.COMMAND_DESCRIPTOR_BLOCK_OFFSET);
		assertEquals(112, SCSIUserParallelTask.COMMAND_SIZE_OFFSET);
		assertEquals(113, SCSIUserParallelTask.TRANSFER_DIRECTION_OFFSET);
		assertEquals(116, SCSIUserParallelTask.TIMEOUT_IN_MILLISEC_OFFSET);
		assertEquals(120, SCSIUserParallelTask.RESERVED_OFFSET);
		assertEquals(1L, SCSIUserParallelTask.CURRENT_VERSION);
		assertEquals(16, SCSIUserParallelTask.MAX_CDB_SIZE);
	}

	@Test
	void everyFieldLandsLittleEndianAtItsOffsetAndNothingElseIsTouched() {
		task.setVersion(SCSIUserParallelTask.CURRENT_VERSION);
		bytes.le(BASE + 0, 1L, 8).verify("version at 0");

		task.setTargetID(0x0102030405060708L);
		bytes.le(BASE + 8, 0x0102030405060708L, 8).verify("fTargetID at 8");

		for (int f = 0; f < SCSIParallelFeature.TOTAL_FEATURE_COUNT; f++) {
			task.setFeatureRequest(f, 0x11223340 + f);
			bytes.le(BASE + 16 + 4 * f, 0x11223340 + f, 4).verify("fSCSIParallelFeatureRequest[" + f + "]");
		}

		task.setFeatureRequestCount(0x1112131415161718L);
		bytes.le(BASE + 40, 0x1112131415161718L, 8).verify("fSCSIParallelFeatureRequestCount at 40");

		task.setControllerTaskIdentifier(0x2122232425262728L);
		bytes.le(BASE + 48, 0x2122232425262728L, 8).verify("fControllerTaskIdentifier at 48");

		task.setRequestedTransferCount(0x3132333435363738L);
		bytes.le(BASE + 56, 0x3132333435363738L, 8).verify("fRequestedTransferCount at 56");

		task.setBufferIOVMAddr(0x4142434445464748L);
		bytes.le(BASE + 64, 0x4142434445464748L, 8).verify("fBufferIOVMAddr at 64");

		task.setTaskAttribute(SCSITaskAttribute.HEAD_OF_QUEUE);
		bytes.le(BASE + 72, 2, 4).verify("fTaskAttribute at 72, 4 bytes; padding 76..79 untouched");

		task.setTaskTagIdentifier(0x5152535455565758L);
		bytes.le(BASE + 80, 0x5152535455565758L, 8).verify("fTaskTagIdentifier at 80");

		task.setLogicalUnitBytes(0x0102030405060708L);
		bytes.bytes(BASE + 88, (byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5, (byte) 6, (byte) 7, (byte) 8)
				.verify("fLogicalUnitBytes[0..7] in array order at 88");

		byte[] cdb = new byte[16];
		for (int i = 0; i < 16; i++) {
			cdb[i] = (byte) (0xC0 + i);
		}
		task.setCommandDescriptorBlock(cdb, 16);
		bytes.bytes(BASE + 96, cdb).le(BASE + 112, 16, 1).verify("fCommandDescriptorBlock[0..15] at 96, fCommandSize at 112");

		task.setTransferDirection(SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR);
		bytes.le(BASE + 113, 2, 1).verify("fTransferDirection, one byte at 113; padding 114..115 untouched");

		task.setTimeoutInMilliSec(0xFEDCBA98L);
		bytes.le(BASE + 116, 0xFEDCBA98L, 4).verify("fTimeoutInMilliSec, uint32 at 116; reserved 120..127 untouched");

		for (int i = BASE + 120; i < BASE + 128; i++) {
			assertEquals(0xA5, bytes.rawByte(i), "reserved byte " + (i - BASE));
		}
	}

	@Test
	void gettersReadTheSameBytesBack() {
		task.setVersion(1).setTargetID(-2L).setFeatureRequest(4, -3).setFeatureRequestCount(5)
				.setControllerTaskIdentifier(0xFFFF_FFFFL).setRequestedTransferCount(1L << 40)
				.setBufferIOVMAddr(0x8000_0000_0000_1000L).setTaskAttribute(SCSITaskAttribute.ACA)
				.setTaskTagIdentifier(Long.MIN_VALUE).setLogicalUnitBytes(0x0005_0000_0000_0000L)
				.setTransferDirection(SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET)
				.setTimeoutInMilliSec(0xFFFF_FFFFL);
		task.setCommandDescriptorBlock(new byte[] { 0x28, 0, 0, 0, 0, 1, 0, 0, 8, 0 }, 10);

		assertEquals(1, task.version());
		assertEquals(-2L, task.targetID());
		assertEquals(-3, task.featureRequest(4));
		assertEquals(5, task.featureRequestCount());
		assertEquals(0xFFFF_FFFFL, task.controllerTaskIdentifier());
		assertEquals(1L << 40, task.requestedTransferCount());
		assertEquals(0x8000_0000_0000_1000L, task.bufferIOVMAddr());
		assertEquals(SCSITaskAttribute.ACA, task.taskAttribute());
		assertEquals(Long.MIN_VALUE, task.taskTagIdentifier());
		assertEquals(0x0005_0000_0000_0000L, task.logicalUnitBytes());
		assertEquals(0x00, task.logicalUnitByte(0));
		assertEquals(0x05, task.logicalUnitByte(1));
		assertEquals(0x28, task.cdbByte(0));
		assertEquals(0x08, task.cdbByte(8));
		assertEquals(10, task.commandSize());
		assertEquals(SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET, task.transferDirection());
		assertEquals(0xFFFF_FFFFL, task.timeoutInMilliSec(), "uint32 read back unsigned");
		assertEquals(0x05, bytes.rawByte(BASE + 89), "LUN byte 1 sits at 89");
	}

	@Test
	void highBytesOfSingleByteFieldsReadUnsigned() {
		task.setTransferDirection(0xFF);
		task.setCommandDescriptorBlock(new byte[] { (byte) 0xFF }, 1);
		assertEquals(0xFF, task.transferDirection());
		assertEquals(0xFF, task.cdbByte(0));
		assertEquals(1, task.commandSize());
	}

	@Test
	void setCommandDescriptorBlockZeroesTheTailAndSetsTheSize() {
		byte[] ones = new byte[16];
		java.util.Arrays.fill(ones, (byte) 0xFF);
		task.setCommandDescriptorBlock(ones, 16);
		task.setCommandDescriptorBlock(new byte[] { 0x12, 0, 0, 0, 36, 0 }, 6);

		bytes.bytes(BASE + 96, (byte) 0x12, (byte) 0, (byte) 0, (byte) 0, (byte) 36, (byte) 0).fill(BASE + 102, 10, 0)
				.le(BASE + 112, 6, 1).verify("6-byte CDB, bytes 6..15 zeroed, fCommandSize 6");
		byte[] copy = new byte[16];
		task.commandDescriptorBlock(copy);
		assertEquals(36, copy[4]);
		assertEquals(0, copy[15]);
	}

	@Test
	void setCommandDescriptorBlockRejectsZeroAndSeventeenWithoutWriting() {
		assertThrows(IllegalArgumentException.class, () -> task.setCommandDescriptorBlock(new byte[17], 0));
		assertThrows(IllegalArgumentException.class, () -> task.setCommandDescriptorBlock(new byte[17], 17));
		bytes.verify("a rejected CDB writes nothing");
	}

	@Test
	void arrayIndicesAreChecked() {
		assertThrows(IndexOutOfBoundsException.class, () -> task.featureRequest(5));
		assertThrows(IndexOutOfBoundsException.class, () -> task.setFeatureRequest(-1, 0));
		assertThrows(IndexOutOfBoundsException.class, () -> task.logicalUnitByte(8));
		assertThrows(IndexOutOfBoundsException.class, () -> task.cdbByte(16));
	}

	@Test
	void clearZeroesExactlyTheTask() {
		task.clear();
		bytes.fill(BASE, 128, 0).verify("clear zeroes 128 bytes and nothing around them");
	}

	@Test
	void copyFromCopiesAllBytes() {
		task.setControllerTaskIdentifier(77).setTimeoutInMilliSec(30_000);
		SCSIUserParallelTask other = new SCSIUserParallelTask().copyFrom(task);
		assertEquals(77, other.controllerTaskIdentifier());
		assertEquals(30_000, other.timeoutInMilliSec());
		assertEquals(task.taskTagIdentifier(), other.taskTagIdentifier(), "sentinel bytes copied too");
	}

	@Test
	void viewIsLittleEndianWhateverTheBufferOrder() {
		ByteBuffer little = ByteBuffer.allocate(128).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		new SCSIUserParallelTask(little, 0).setTargetID(0x0102L);
		ByteBuffer big = ByteBuffer.allocate(128);
		new SCSIUserParallelTask(big, 0).setTargetID(0x0102L);
		assertEquals(0x02, big.get(8));
		assertEquals(0x01, big.get(9));
		assertEquals(little, big);
		assertEquals(java.nio.ByteOrder.BIG_ENDIAN, big.order(), "the caller's buffer keeps its order");
	}

	@Test
	void moveToStaysWithinTheMemory() {
		ByteBuffer memory = ByteBuffer.allocateDirect(256);
		SCSIUserParallelTask view = new SCSIUserParallelTask(memory, 0);
		assertSame(view, view.moveTo(128));
		assertEquals(128, view.offset());
		view.setVersion(9);
		assertEquals(9, memory.get(128));
		assertThrows(IndexOutOfBoundsException.class, () -> view.moveTo(129));
		assertThrows(IndexOutOfBoundsException.class, () -> view.moveTo(-1));
		assertEquals(128, view.offset(), "a rejected move keeps the old offset");
		assertThrows(IndexOutOfBoundsException.class, () -> new SCSIUserParallelTask(ByteBuffer.allocate(127), 0));
		assertThrows(IndexOutOfBoundsException.class, () -> new SCSIUserParallelTask(memory, 200));
	}
}
