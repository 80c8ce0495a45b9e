package org.hbakit.hba.sim.scsi;

import static org.hbakit.controller.api.scsi.SCSIOperationCode.*;
import static org.hbakit.hba.sim.scsi.CommandDescriptor.MEDIA;
import static org.hbakit.hba.sim.scsi.CommandDescriptor.NEEDS_READY;
import static org.hbakit.hba.sim.scsi.CommandDescriptor.SKIPS_UNIT_ATTENTION;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import org.hbakit.controller.api.scsi.Cdb;

/**
 * The commands a logical unit supports, looked up by operation code and service action in O(1), and encoded for
 * REPORT SUPPORTED OPERATION CODES. Immutable; built once per disk from its provisioning options.
 */
final class CommandSet {
	/** Nominal and recommended command timeouts reported with RCTD, in seconds (0 = not specified). */
	private static final int NOMINAL_TIMEOUT = 0;
	private static final int RECOMMENDED_TIMEOUT = 30;
	private static final boolean[] MEDIA_OPCODES = new boolean[256];

	static {
		for (int op : new int[] { READ_6, WRITE_6, READ_10, WRITE_10, WRITE_AND_VERIFY_10, VERIFY_10, PRE_FETCH_10,
				SYNCHRONIZE_CACHE_10, WRITE_SAME_10, UNMAP, READ_16, COMPARE_AND_WRITE, WRITE_16,
				WRITE_AND_VERIFY_16, VERIFY_16, PRE_FETCH_16, SYNCHRONIZE_CACHE_16, WRITE_SAME_16, READ_12, WRITE_12,
				VERIFY_12, 0xAE, 0x8B, 0x9C }) { // WRITE AND VERIFY(12), ORWRITE(16), WRITE ATOMIC(16)
			MEDIA_OPCODES[op] = true;
		}
	}

	/** The commands a target answers for absent and well-known logical units (usage data only). */
	static final CommandDescriptor TUR = new CommandDescriptor(TEST_UNIT_READY, -1, "00 00 00 00 00 00",
			NEEDS_READY, DiskOp.TEST_UNIT_READY);
	static final CommandDescriptor REQUEST_SENSE_CMD = new CommandDescriptor(REQUEST_SENSE, -1, "03 01 00 00 FF 00",
			SKIPS_UNIT_ATTENTION, DiskOp.REQUEST_SENSE);
	static final CommandDescriptor INQUIRY_CMD = new CommandDescriptor(INQUIRY, -1, "12 01 FF FF FF 00",
			SKIPS_UNIT_ATTENTION, DiskOp.INQUIRY);
	static final CommandDescriptor REPORT_LUNS_CMD = new CommandDescriptor(REPORT_LUNS, -1,
			"A0 00 FF 00 00 00 FF FF FF FF 00 00", SKIPS_UNIT_ATTENTION, DiskOp.REPORT_LUNS);

	private final CommandDescriptor[] byOpcode = new CommandDescriptor[256];
	private final CommandDescriptor[][] byServiceAction = new CommandDescriptor[256][];
	private final List<CommandDescriptor> all;

	private CommandSet(List<CommandDescriptor> commands) {
		List<CommandDescriptor> sorted = new ArrayList<>(commands);
		sorted.sort(Comparator.<CommandDescriptor>comparingInt(c -> c.opcode).thenComparingInt(c -> c.serviceAction));
		for (CommandDescriptor c : sorted) {
			if (c.serviceAction < 0) {
				byOpcode[c.opcode] = c;
			} else {
				if (byServiceAction[c.opcode] == null) {
					byServiceAction[c.opcode] = new CommandDescriptor[32];
				}
				byServiceAction[c.opcode][c.serviceAction] = c;
			}
		}
		this.all = Collections.unmodifiableList(sorted);
	}

	/**
	 * The command set of a direct-access block device.
	 *
	 * @param unmap whether UNMAP is supported (LBPU)
	 * @param writeSameUnmap whether WRITE SAME(16) accepts the UNMAP bit (LBPWS)
	 * @param writeSame10Unmap whether WRITE SAME(10) accepts the UNMAP bit (LBPWS10)
	 */
	static CommandSet forDisk(boolean unmap, boolean writeSameUnmap, boolean writeSame10Unmap) {
		int rw = MEDIA | NEEDS_READY;
		List<CommandDescriptor> c = new ArrayList<>();
		c.add(TUR);
		c.add(REQUEST_SENSE_CMD);
		// FORMAT UNIT without parameter list only: FMTPINFO and FMTDATA unsupported, LONGLIST/CMPLST/DLF ignored
		c.add(new CommandDescriptor(FORMAT_UNIT, -1, "04 2F 00 00 00 00", NEEDS_READY, DiskOp.FORMAT_UNIT));
		c.add(new CommandDescriptor(READ_6, -1, "08 1F FF FF FF 00", rw, DiskOp.READ));
		c.add(new CommandDescriptor(WRITE_6, -1, "0A 1F FF FF FF 00", rw, DiskOp.WRITE));
		c.add(INQUIRY_CMD);
		c.add(new CommandDescriptor(MODE_SELECT_6, -1, "15 11 00 00 FF 00", 0, DiskOp.MODE_SELECT));
		c.add(new CommandDescriptor(MODE_SENSE_6, -1, "1A 08 FF FF FF 00", 0, DiskOp.MODE_SENSE));
		// START STOP UNIT: IMMED; POWER CONDITION 0 only; NO_FLUSH, LOEJ, START
		c.add(new CommandDescriptor(START_STOP_UNIT, -1, "1B 01 00 00 07 00", 0, DiskOp.START_STOP_UNIT));
		// SEND DIAGNOSTIC: SELF-TEST CODE 0 only; PF, SELFTEST, DEVOFFL, UNITOFFL
		c.add(new CommandDescriptor(SEND_DIAGNOSTIC, -1, "1D 17 00 FF FF 00", 0, DiskOp.SEND_DIAGNOSTIC));
		c.add(new CommandDescriptor(PREVENT_ALLOW_MEDIUM_REMOVAL, -1, "1E 00 00 00 03 00", 0,
				DiskOp.PREVENT_ALLOW_MEDIUM_REMOVAL));
		c.add(new CommandDescriptor(READ_CAPACITY_10, -1, "25 00 FF FF FF FF 00 00 01 00", 0,
				DiskOp.READ_CAPACITY_10));
		// READ: DPO, FUA, RARC; RDPROTECT unsupported
		c.add(new CommandDescriptor(READ_10, -1, "28 1C FF FF FF FF 3F FF FF 00", rw, DiskOp.READ));
		c.add(new CommandDescriptor(WRITE_10, -1, "2A 18 FF FF FF FF 3F FF FF 00", rw, DiskOp.WRITE));
		// VERIFY: DPO, BYTCHK; VRPROTECT unsupported
		c.add(new CommandDescriptor(VERIFY_10, -1, "2F 16 FF FF FF FF 3F FF FF 00", rw, DiskOp.VERIFY));
		c.add(new CommandDescriptor(SYNCHRONIZE_CACHE_10, -1, "35 02 FF FF FF FF 3F FF FF 00", rw,
				DiskOp.SYNCHRONIZE_CACHE));
		c.add(new CommandDescriptor(WRITE_SAME_10, -1, "41 00 FF FF FF FF 3F FF FF 00", rw, DiskOp.WRITE_SAME)
				.withUsage(1, writeSame10Unmap ? 0x08 : 0x00));
		if (unmap) {
			c.add(new CommandDescriptor(UNMAP, -1, "42 00 00 00 00 00 3F FF FF 00", rw, DiskOp.UNMAP));
		}
		c.add(new CommandDescriptor(MODE_SELECT_10, -1, "55 11 00 00 00 00 00 FF FF 00", 0, DiskOp.MODE_SELECT));
		c.add(new CommandDescriptor(MODE_SENSE_10, -1, "5A 18 FF FF 00 00 00 FF FF 00", 0, DiskOp.MODE_SENSE));
		c.add(new CommandDescriptor(READ_16, -1, "88 1C FF FF FF FF FF FF FF FF FF FF FF FF 3F 00", rw, DiskOp.READ));
		c.add(new CommandDescriptor(COMPARE_AND_WRITE, -1, "89 18 FF FF FF FF FF FF FF FF 00 00 00 FF 3F 00", rw,
				DiskOp.COMPARE_AND_WRITE));
		c.add(new CommandDescriptor(WRITE_16, -1, "8A 18 FF FF FF FF FF FF FF FF FF FF FF FF 3F 00", rw,
				DiskOp.WRITE));
		c.add(new CommandDescriptor(VERIFY_16, -1, "8F 16 FF FF FF FF FF FF FF FF FF FF FF FF 3F 00", rw,
				DiskOp.VERIFY));
		c.add(new CommandDescriptor(SYNCHRONIZE_CACHE_16, -1, "91 02 FF FF FF FF FF FF FF FF FF FF FF FF 3F 00", rw,
				DiskOp.SYNCHRONIZE_CACHE));
		// WRITE SAME(16): NDOB always; UNMAP when LBPWS
		c.add(new CommandDescriptor(WRITE_SAME_16, -1, "93 01 FF FF FF FF FF FF FF FF FF FF FF FF 3F 00", rw,
				DiskOp.WRITE_SAME).withUsage(1, writeSameUnmap ? 0x09 : 0x01));
		c.add(new CommandDescriptor(SERVICE_ACTION_IN_16, SA_READ_CAPACITY_16,
				"9E 1F FF FF FF FF FF FF FF FF FF FF FF FF 01 00", 0, DiskOp.READ_CAPACITY_16));
		c.add(new CommandDescriptor(SERVICE_ACTION_IN_16, SA_GET_LBA_STATUS,
				"9E 1F FF FF FF FF FF FF FF FF FF FF FF FF 00 00", 0, DiskOp.GET_LBA_STATUS));
		c.add(REPORT_LUNS_CMD);
		c.add(new CommandDescriptor(MAINTENANCE_IN, SA_REPORT_SUPPORTED_OPERATION_CODES,
				"A3 1F 87 FF FF FF FF FF FF FF 00 00", 0, DiskOp.REPORT_SUPPORTED_OPERATION_CODES));
		c.add(new CommandDescriptor(READ_12, -1, "A8 1C FF FF FF FF FF FF FF FF 3F 00", rw, DiskOp.READ));
		c.add(new CommandDescriptor(WRITE_12, -1, "AA 18 FF FF FF FF FF FF FF FF 3F 00", rw, DiskOp.WRITE));
		c.add(new CommandDescriptor(VERIFY_12, -1, "AF 16 FF FF FF FF FF FF FF FF 3F 00", rw, DiskOp.VERIFY));
		addWriteVariants(c, rw);
		return new CommandSet(c);
	}

	/**
	 * WRITE AND VERIFY (DPO, BYTCHK; WRPROTECT unsupported), ORWRITE (DPO, FUA; ORPROTECT unsupported), WRITE ATOMIC
	 * (DPO, FUA), PRE-FETCH (IMMED) and READ DEFECT DATA (see {@link WriteVariantCommands} and {@link DefectData}).
	 */
	private static void addWriteVariants(List<CommandDescriptor> c, int rw) {
		c.add(new CommandDescriptor(0x2E, -1, "2E 16 FF FF FF FF 3F FF FF 00", rw, DiskOp.WRITE_AND_VERIFY));
		c.add(new CommandDescriptor(0xAE, -1, "AE 16 FF FF FF FF FF FF FF FF 3F 00", rw, DiskOp.WRITE_AND_VERIFY));
		c.add(new CommandDescriptor(0x8E, -1, "8E 16 FF FF FF FF FF FF FF FF FF FF FF FF 3F 00", rw,
				DiskOp.WRITE_AND_VERIFY));
		c.add(new CommandDescriptor(0x8B, -1, "8B 18 FF FF FF FF FF FF FF FF FF FF FF FF 1F 00", rw, DiskOp.OR_WRITE));
		c.add(new CommandDescriptor(0x9C, -1, "9C 18 FF FF FF FF FF FF FF FF FF FF FF FF 3F 00", rw,
				DiskOp.WRITE_ATOMIC));
		c.add(new CommandDescriptor(0x34, -1, "34 02 FF FF FF FF 3F FF FF 00", rw, DiskOp.PRE_FETCH));
		c.add(new CommandDescriptor(0x90, -1, "90 02 FF FF FF FF FF FF FF FF FF FF FF FF 3F 00", rw, DiskOp.PRE_FETCH));
		c.add(new CommandDescriptor(0x37, -1, "37 00 1F 00 00 00 00 FF FF 00", NEEDS_READY, DiskOp.READ_DEFECT_DATA));
		c.add(new CommandDescriptor(0xB7, -1, "B7 1F 00 00 00 00 FF FF FF FF 00 00", NEEDS_READY,
				DiskOp.READ_DEFECT_DATA));
	}

	/** Whether an operation code accesses the medium, whether or not a unit supports it. */
	static boolean isMediaAccess(int opcode) {
		return opcode >= 0 && opcode < 256 && MEDIA_OPCODES[opcode];
	}

	/** Whether the operation code is supported, with or without service actions. */
	boolean supports(int opcode) {
		return byOpcode[opcode] != null || byServiceAction[opcode] != null;
	}

	/** Whether the supported operation code multiplexes service actions (byte 1 bits 4-0). */
	boolean hasServiceActions(int opcode) {
		return byServiceAction[opcode] != null;
	}

	/** The command without service action for {@code opcode}, or null. */
	CommandDescriptor find(int opcode) {
		return byOpcode[opcode];
	}

	/** The command for {@code opcode} and service action {@code sa} (0..31), or null. */
	CommandDescriptor find(int opcode, int sa) {
		CommandDescriptor[] s = byServiceAction[opcode];
		return s == null || sa < 0 || sa > 31 ? null : s[sa];
	}

	/** Every supported command, by operation code then service action. */
	List<CommandDescriptor> all() {
		return all;
	}

	/**
	 * Encodes the all-commands parameter data of REPORT SUPPORTED OPERATION CODES (SPC-4 §6.35.2) into
	 * {@code dst}: COMMAND DATA LENGTH, then an 8-byte command descriptor per command, each followed by a 12-byte
	 * command timeouts descriptor when {@code rctd}. Returns the length.
	 */
	int encodeAll(byte[] dst, boolean rctd) {
		int at = 4;
		for (CommandDescriptor c : all) {
			dst[at] = (byte) c.opcode;
			dst[at + 1] = 0;
			Cdb.put16(dst, at + 2, Math.max(c.serviceAction, 0));
			dst[at + 4] = 0;
			dst[at + 5] = (byte) ((rctd ? 0x02 : 0) | (c.serviceAction >= 0 ? 0x01 : 0));
			Cdb.put16(dst, at + 6, c.cdbLength);
			at += 8;
			if (rctd) {
				at = encodeTimeouts(dst, at);
			}
		}
		Cdb.put32(dst, 0, at - 4);
		return at;
	}

	/**
	 * Encodes the one-command parameter data (SPC-4 §6.35.3) for {@code c}, or "not supported" (SUPPORT 001b) when
	 * {@code c} is null. Returns the length.
	 */
	static int encodeOne(byte[] dst, CommandDescriptor c, boolean rctd) {
		dst[0] = 0;
		if (c == null) {
			dst[1] = 0x01;
			Cdb.put16(dst, 2, 0);
			return 4;
		}
		dst[1] = (byte) ((rctd ? 0x80 : 0) | 0x03); // supported, conforming to a standard
		Cdb.put16(dst, 2, c.cdbLength);
		System.arraycopy(c.usage, 0, dst, 4, c.cdbLength);
		int at = 4 + c.cdbLength;
		return rctd ? encodeTimeouts(dst, at) : at;
	}

	private static int encodeTimeouts(byte[] dst, int at) {
		Cdb.put16(dst, at, 0x0A);
		dst[at + 2] = 0;
		dst[at + 3] = 0;
		Cdb.put32(dst, at + 4, NOMINAL_TIMEOUT);
		Cdb.put32(dst, at + 8, RECOMMENDED_TIMEOUT);
		return at + 12;
	}
}
