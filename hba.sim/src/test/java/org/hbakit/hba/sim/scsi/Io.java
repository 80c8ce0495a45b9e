package org.hbakit.hba.sim.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.hbakit.controller.api.SCSIDataTransferDirection;
import org.hbakit.controller.api.SCSIServiceResponse;
import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.controller.api.scsi.SenseData;

/**
 * Test helper: sends one command to a device (a disk's or a target's {@code execute}) the way the HBA does, and
 * checks answers against hex strings.
 */
final class Io {
	private final Consumer<ScsiExchange> device;
	private int lun;

	Io(Consumer<ScsiExchange> device) {
		this.device = device;
	}

	Io lun(int lun) {
		this.lun = lun;
		return this;
	}

	/** A command without data. */
	ScsiExchange none(String cdb) {
		return run(cdb, SCSIDataTransferDirection.NO_DATA_TRANSFER, null);
	}

	/** A data-in command with a host buffer of {@code bufferBytes}. */
	ScsiExchange in(String cdb, int bufferBytes) {
		return run(cdb, SCSIDataTransferDirection.FROM_TARGET_TO_INITIATOR, ByteBuffer.allocate(bufferBytes));
	}

	/** A data-out command sending {@code data}. */
	ScsiExchange out(String cdb, byte[] data) {
		return run(cdb, SCSIDataTransferDirection.FROM_INITIATOR_TO_TARGET, ByteBuffer.wrap(data.clone()));
	}

	ScsiExchange run(String cdb, int direction, ByteBuffer data) {
		return run(bytes(cdb), direction, data);
	}

	ScsiExchange run(byte[] cdb, int direction, ByteBuffer data) {
		ScsiExchange x = new ScsiExchange();
		x.setCdb(cdb, 0, cdb.length);
		x.setLun(lun);
		x.setDirection(direction);
		x.setData(data);
		device.accept(x);
		return x;
	}

	static byte[] bytes(String hex) {
		String s = hex.replace(" ", "");
		byte[] b = new byte[s.length() / 2];
		for (int i = 0; i < b.length; i++) {
			b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
		}
		return b;
	}

	static String hex(byte[] b, int off, int len) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < len; i++) {
			if (i > 0) {
				sb.append(' ');
			}
			sb.append(String.format("%02X", b[off + i] & 0xFF));
		}
		return sb.toString();
	}

	/** The first {@code n} bytes the command transferred in, as hex. */
	static String data(ScsiExchange x, int n) {
		byte[] b = new byte[n];
		x.data().get(0, b, 0, n);
		return hex(b, 0, n);
	}

	/** All bytes the command transferred in. */
	static byte[] dataIn(ScsiExchange x) {
		byte[] b = new byte[(int) x.bytesTransferred()];
		x.data().get(0, b, 0, b.length);
		return b;
	}

	static String sense(ScsiExchange x) {
		return hex(x.sense(), 0, x.senseLength());
	}

	static void assertGood(ScsiExchange x) {
		assertEquals(SCSIServiceResponse.TASK_COMPLETE, x.serviceResponse(), x::toString);
		assertEquals(SCSITaskStatus.GOOD, x.status(), () -> x + " sense " + sense(x));
		assertEquals(0, x.senseLength());
	}

	static void assertCheck(ScsiExchange x, SenseCode code) {
		assertEquals(SCSIServiceResponse.TASK_COMPLETE, x.serviceResponse(), x::toString);
		assertEquals(SCSITaskStatus.CHECK_CONDITION, x.status(), x::toString);
		assertTrue(SenseData.isValid(x.sense(), x.senseLength()), () -> "invalid sense " + sense(x));
		assertTrue(code.matches(x.sense(), x.senseLength()), () -> "expected " + code + ", got " + sense(x));
	}

	/** CHECK CONDITION with exactly these sense bytes. */
	static void assertSense(ScsiExchange x, String senseHex) {
		assertEquals(SCSITaskStatus.CHECK_CONDITION, x.status(), x::toString);
		assertEquals(senseHex, sense(x));
		assertTrue(SenseData.isValid(x.sense(), x.senseLength()));
	}

	/** 05/24/00 with the given field pointer and bit (-1 for none), in the CDB. */
	static void assertInvalidCdb(ScsiExchange x, int field, int bit) {
		assertCheck(x, SenseCode.INVALID_FIELD_IN_CDB);
		assertEquals(field, SenseData.fieldPointer(x.sense(), x.senseLength()), "field pointer " + sense(x));
		assertEquals(bit, SenseData.bitPointer(x.sense(), x.senseLength()), "bit pointer " + sense(x));
		assertTrue(SenseData.fieldPointerInCdb(x.sense(), x.senseLength()), "C/D");
	}

	/** 05/26/00 with the given field pointer and bit (-1 for none), in the parameter list. */
	static void assertInvalidParameter(ScsiExchange x, int field, int bit) {
		assertCheck(x, SenseCode.INVALID_FIELD_IN_PARAMETER_LIST);
		assertEquals(field, SenseData.fieldPointer(x.sense(), x.senseLength()), "field pointer " + sense(x));
		assertEquals(bit, SenseData.bitPointer(x.sense(), x.senseLength()), "bit pointer " + sense(x));
		assertTrue(!SenseData.fieldPointerInCdb(x.sense(), x.senseLength()), "C/D");
	}

	/** Sends TEST UNIT READY until it is GOOD, consuming unit attentions; fails after 16 tries. */
	void clearUnitAttentions() {
		for (int i = 0; i < 16; i++) {
			if (none("00 00 00 00 00 00").isGood()) {
				return;
			}
		}
		throw new AssertionError("unit attentions do not clear");
	}
}
