package org.hbakit.hba.sim.scsi;

import org.hbakit.controller.api.scsi.SCSIOperationCode;

/**
 * One command a simulated logical unit supports: operation code, service action, CDB length, the CDB usage data
 * of REPORT SUPPORTED OPERATION CODES (which bits of each CDB byte the device server accepts; anything else set is
 * answered with 05/24/00, like scsi_debug's {@code strict} mode), what the command needs, and the handler. Immutable.
 */
final class CommandDescriptor {
	/** The command accesses the medium (fault plans with {@code media_only}). */
	static final int MEDIA = 1;
	/** The command needs a started unit: NOT READY 02/04/02 when stopped. */
	static final int NEEDS_READY = 2;
	/** INQUIRY, REPORT LUNS, REQUEST SENSE: pending unit attentions are neither reported nor cleared by them. */
	static final int SKIPS_UNIT_ATTENTION = 4;

	final int opcode;
	/** The service action, or -1 for a command without one. */
	final int serviceAction;
	final int cdbLength;
	final byte[] usage;
	final int flags;
	final DiskOp op;

	CommandDescriptor(int opcode, int serviceAction, String usageHex, int flags, DiskOp op) {
		this.opcode = opcode;
		this.serviceAction = serviceAction;
		this.usage = hex(usageHex);
		this.cdbLength = usage.length;
		this.flags = flags;
		this.op = op;
		if (usage[0] != (byte) opcode || cdbLength != SCSIOperationCode.cdbLength(opcode)) {
			throw new IllegalArgumentException("usage data " + usageHex + " does not fit opcode " + opcode);
		}
	}

	boolean has(int flag) {
		return (flags & flag) != 0;
	}

	/** This descriptor with byte {@code index} of the usage data replaced (for options that enable bits). */
	CommandDescriptor withUsage(int index, int mask) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < usage.length; i++) {
			sb.append(String.format("%02X", i == index ? mask : usage[i] & 0xFF));
		}
		return new CommandDescriptor(opcode, serviceAction, sb.toString(), flags, op);
	}

	private static byte[] hex(String s) {
		String h = s.replace(" ", "");
		byte[] b = new byte[h.length() / 2];
		for (int i = 0; i < b.length; i++) {
			b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
		}
		return b;
	}

	@Override
	public String toString() {
		return SCSIOperationCode.name(opcode, serviceAction);
	}
}
