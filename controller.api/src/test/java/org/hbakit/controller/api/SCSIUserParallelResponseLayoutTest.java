package org.hbakit.controller.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link SCSIUserParallelResponse} to the computed LP64 layout of DriverKit's
 * {@code SCSIUserParallelResponse} (384 bytes, little-endian, sense length at 72 and sense bytes at 73),
 * byte by byte, inside a larger buffer so writes outside the 384 bytes are caught.
 */
class SCSIUserParallelResponseLayoutTest {
	private static final int BASE = 16;

	private LayoutBytes bytes;
	private SCSIUserParallelResponse response;

	@BeforeEach
	void setUp() {
		bytes = new LayoutBytes(BASE + SCSIUserParallelResponse.SIZE + 16);
		response = new SCSIUserParallelResponse(bytes.memory, BASE);
	}

	@Test
	void sizeAndOffsetConstantsMatchTheCLayout() {
		assertEquals(384, SCSIUserParallelResponse.SIZE);
		assertEquals(0, SCSIUserParallelResponse.VERSION_OFFSET);
		assertEquals(8, SCSIUserParallelResponse.TARGET_ID_OFFSET);
		assertEquals(16, SCSIUserParallelResponse.FEATURE_RESULT_OFFSET);
		assertEquals(40, SCSIUserParallelResponse.FEATURE_RESULT_COUNT_OFFSET);
		assertEquals(48, SCSIUserParallelResponse.CONTROLLER_TASK_IDENTIFIER_OFFSET);
		assertEquals(56, SCSIUserParallelResponse.COMPLETION_STATUS_OFFSET);
		assertEquals(60, SCSIUserParallelResponse.SERVICE_RESPONSE_OFFSET);
		assertEquals(64, SCSIUserParallelResponse.BYTES_TRANSFERRED_OFFSET);
		assertEquals(72, SCSIUserParallelResponse.SENSE_LENGTH_OFFSET);
		assertEquals(73, SCSIUserParallelResponse.SENSE_BUFFER_OFFSET);
		assertEquals(329, SCSIUserParallelResponse.RESERVED_OFFSET);
		assertEquals(256, SCSIUserParallelResponse.MAX_SENSE_BUFFER_SIZE, "kMaxSenseBufferSize");
		assertEquals(1L, SCSIUserParallelResponse.CURRENT_VERSION);
	}

	@Test
	void everyFieldLandsLittleEndianAtItsOffsetAndNothingElseIsTouched() {
		response.setVersion(SCSIUserParallelResponse.CURRENT_VERSION);
		bytes.le(BASE + 0, 1L, 8).verify("version at 0");

		response.setTargetID(0x0102030405060708L);
		bytes.le(BASE + 8, 0x0102030405060708L, 8).verify("fTargetID at 8");

		for (int f = 0; f < SCSIParallelFeature.TOTAL_FEATURE_COUNT; f++) {
			response.setFeatureResult(f, 0x71727370 + f);
			bytes.le(BASE + 16 + 4 * f, 0x71727370 + f, 4).verify("fSCSIParallelFeatureResult[" + f + "]");
		}

		response.setFeatureResultCount(0x1112131415161718L);
		bytes.le(BASE + 40, 0x1112131415161718L, 8).verify("fSCSIParallelFeatureRequestResultCount at 40");

		response.setControllerTaskIdentifier(0x2122232425262728L);
		bytes.le(BASE + 48, 0x2122232425262728L, 8).verify("fControllerTaskIdentifier at 48");

		response.setCompletionStatus(SCSITaskStatus.CHECK_CONDITION);
		bytes.le(BASE + 56, 2, 4).verify("fCompletionStatus, 4 bytes at 56");

		response.setServiceResponse(SCSIServiceResponse.TASK_COMPLETE);
		bytes.le(BASE + 60, 2, 4).verify("fServiceResponse, 4 bytes at 60");

		response.setBytesTransferred(0x3132333435363738L);
		bytes.le(BASE + 64, 0x3132333435363738L, 8).verify("fBytesTransferred at 64");

		byte[] sense = new byte[18];
		for (int i = 0; i < sense.length; i++) {
			sense[i] = (byte) (0x80 + i);
		}
		response.setSense(sense, 18);
		bytes.le(BASE + 72, 18, 1).bytes(BASE + 73, sense)
				.verify("fSenseLength one byte at 72, fSenseBuffer from 73; rest of the sense buffer and reserved untouched");

		for (int i = BASE + 329; i < BASE + 384; i++) {
			assertEquals(0xA5, bytes.rawByte(i), "reserved byte " + (i - BASE));
		}
	}

	@Test
	void gettersReadTheSameBytesBack() {
		response.setVersion(1).setTargetID(7).setFeatureResult(0, SCSIParallelFeature.RESULT_NEGOTIATION_SUCCESS)
				.setFeatureResultCount(1).setControllerTaskIdentifier(42)
				.setCompletionStatus(SCSITaskStatus.NO_STATUS)
				.setServiceResponse(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE).setBytesTransferred(-1L)
				.setSense(new byte[] { 0x70, 0, 0x05 }, 3);
		assertEquals(1, response.version());
		assertEquals(7, response.targetID());
		assertEquals(SCSIParallelFeature.RESULT_NEGOTIATION_SUCCESS, response.featureResult(0));
		assertEquals(1, response.featureResultCount());
		assertEquals(42, response.controllerTaskIdentifier());
		assertEquals(0xFF, response.completionStatus());
		assertEquals(SCSIServiceResponse.SERVICE_DELIVERY_OR_TARGET_FAILURE, response.serviceResponse());
		assertEquals(-1L, response.bytesTransferred());
		assertEquals(3, response.senseLength());
		assertEquals(0x70, response.senseByte(0));
		assertEquals(0x05, response.senseByte(2));
		byte[] dst = new byte[10];
		assertEquals(3, response.senseBuffer(dst));
		assertEquals(0x05, dst[2]);
		assertEquals(0, dst[3], "only senseLength bytes are copied");
	}

	@Test
	void setSenseCapsTheLengthAt255() {
		byte[] sense = new byte[300];
		java.util.Arrays.fill(sense, (byte) 0x3C);
		response.setSense(sense, 300);
		assertEquals(255, response.senseLength());
		bytes.le(BASE + 72, 255, 1).fill(BASE + 73, 255, 0x3C)
				.verify("255 sense bytes at 73..327; byte 328 (the 256th) and reserved untouched");
		assertEquals(0xA5, response.senseByte(255));
		assertThrows(IndexOutOfBoundsException.class, () -> response.senseByte(256));

		response.setSense(sense, -5);
		assertEquals(0, response.senseLength(), "a negative length records nothing");
	}

	@Test
	void setSenseFromAnotherResponseCopiesLengthAndBytes() {
		SCSIUserParallelResponse other = new SCSIUserParallelResponse().setSense(new byte[] { 0x72, 0x06, 0x29 }, 3);
		response.setSense(other);
		bytes.le(BASE + 72, 3, 1).bytes(BASE + 73, (byte) 0x72, (byte) 0x06, (byte) 0x29).verify("copied sense");
	}

	@Test
	void clearZeroesTheFixedFieldsAndSenseLengthOnly() {
		response.clear();
		bytes.fill(BASE, 73, 0).verify("bytes 0..72 zeroed; sense bytes and reserved left as they were");
	}

	@Test
	void featureIndexIsChecked() {
		assertThrows(IndexOutOfBoundsException.class, () -> response.featureResult(5));
		assertThrows(IndexOutOfBoundsException.class, () -> response.setFeatureResult(-1, 0));
	}

	@Test
	void moveToStaysWithinTheMemory() {
		ByteBuffer memory = ByteBuffer.allocateDirect(2 * 384);
		SCSIUserParallelResponse view = new SCSIUserParallelResponse(memory, 0);
		view.moveTo(384).setBytesTransferred(0x0A0B);
		assertEquals(0x0B, memory.get(384 + 64));
		assertEquals(0x0A, memory.get(384 + 65));
		assertThrows(IndexOutOfBoundsException.class, () -> view.moveTo(385));
		assertThrows(IndexOutOfBoundsException.class, () -> view.moveTo(-1));
		assertEquals(384, view.offset());
		assertThrows(IndexOutOfBoundsException.class, () -> new SCSIUserParallelResponse(ByteBuffer.allocate(383), 0));
	}
}
