package org.hbakit.controller.api.scsi;

import static org.hbakit.controller.api.scsi.SCSIOperationCode.*;

/**
 * Static helpers over a command descriptor block held in a {@code byte[]}: big-endian field access, decoding
 * of the fields the standard puts in fixed places (LBA, transfer length, allocation length, parameter list
 * length), and builders for the commands drivers send most.
 * <p>
 * Called by drivers and the framework to build CDBs and by simulated targets to decode them, on the I/O path:
 * nothing here allocates. The caller owns every array passed in; builders write into it and keep no reference.
 * Decoders read only the bytes the operation code's group defines, so the caller must have checked the CDB is at
 * least {@link SCSIOperationCode#cdbLength(int)} bytes long.
 */
public final class Cdb {
	/** Largest CDB DriverKit carries. */
	public static final int MAX_LENGTH = 16;
	/** SELECT REPORT of REPORT LUNS: all logical units except well-known ones. */
	public static final int SELECT_REPORT_ALL_LOGICAL_UNITS = 0x00;
	/** SELECT REPORT of REPORT LUNS: well-known logical units only. */
	public static final int SELECT_REPORT_WELL_KNOWN = 0x01;
	/** SELECT REPORT of REPORT LUNS: all logical units. */
	public static final int SELECT_REPORT_ALL = 0x02;

	private Cdb() {
	}

	/** The operation code, byte 0, as 0..255. */
	public static int opcode(byte[] cdb) {
		return cdb[0] & 0xFF;
	}

	/** The unsigned byte at {@code off}. */
	public static int u8(byte[] b, int off) {
		return b[off] & 0xFF;
	}

	/** The big-endian unsigned 16-bit field at {@code off}. */
	public static int u16(byte[] b, int off) {
		return (b[off] & 0xFF) << 8 | b[off + 1] & 0xFF;
	}

	/** The big-endian unsigned 24-bit field at {@code off}. */
	public static int u24(byte[] b, int off) {
		return (b[off] & 0xFF) << 16 | (b[off + 1] & 0xFF) << 8 | b[off + 2] & 0xFF;
	}

	/** The big-endian unsigned 32-bit field at {@code off}, as a non-negative long. */
	public static long u32(byte[] b, int off) {
		return ((long) (b[off] & 0xFF) << 24) | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8
				| b[off + 3] & 0xFF;
	}

	/** The big-endian 64-bit field at {@code off}; values of 2^63 and above come back negative (unsigned). */
	public static long u64(byte[] b, int off) {
		return u32(b, off) << 32 | u32(b, off + 4);
	}

	/** Stores the low 16 bits of {@code v} big-endian at {@code off}. */
	public static void put16(byte[] b, int off, int v) {
		b[off] = (byte) (v >>> 8);
		b[off + 1] = (byte) v;
	}

	/** Stores the low 24 bits of {@code v} big-endian at {@code off}. */
	public static void put24(byte[] b, int off, int v) {
		b[off] = (byte) (v >>> 16);
		b[off + 1] = (byte) (v >>> 8);
		b[off + 2] = (byte) v;
	}

	/** Stores the low 32 bits of {@code v} big-endian at {@code off}. */
	public static void put32(byte[] b, int off, long v) {
		b[off] = (byte) (v >>> 24);
		b[off + 1] = (byte) (v >>> 16);
		b[off + 2] = (byte) (v >>> 8);
		b[off + 3] = (byte) v;
	}

	/** Stores {@code v} big-endian at {@code off}. */
	public static void put64(byte[] b, int off, long v) {
		put32(b, off, v >>> 32);
		put32(b, off + 4, v);
	}

	/** The service action, bits 4-0 of byte 1, of SERVICE ACTION IN/OUT(16) and MAINTENANCE IN/OUT. */
	public static int serviceAction(byte[] cdb) {
		return cdb[1] & 0x1F;
	}

	/** The CONTROL byte (the last byte of the CDB), or -1 if the operation code's group has no fixed length. */
	public static int control(byte[] cdb) {
		int length = cdbLength(opcode(cdb));
		return length == 0 ? -1 : cdb[length - 1] & 0xFF;
	}

	/**
	 * Whether the operation code carries a LOGICAL BLOCK ADDRESS and a block count at the SBC places: READ, WRITE
	 * (6/10/12/16), VERIFY (10/12/16), WRITE AND VERIFY (10/16), WRITE SAME (10/16), PRE-FETCH (10/16),
	 * SYNCHRONIZE CACHE (10/16) and COMPARE AND WRITE.
	 */
	public static boolean hasLba(int opcode) {
		return lbaOffset(opcode) >= 0;
	}

	/** Offset of the LOGICAL BLOCK ADDRESS field for the commands of {@link #hasLba(int)}, else -1. */
	public static int lbaOffset(int opcode) {
		return switch (opcode) {
			case READ_6, WRITE_6 -> 1;
			case READ_10, WRITE_10, VERIFY_10, WRITE_AND_VERIFY_10, WRITE_SAME_10, PRE_FETCH_10,
					SYNCHRONIZE_CACHE_10, READ_12, WRITE_12, VERIFY_12, READ_16, WRITE_16, VERIFY_16,
					WRITE_AND_VERIFY_16, WRITE_SAME_16, PRE_FETCH_16, SYNCHRONIZE_CACHE_16, COMPARE_AND_WRITE -> 2;
			default -> -1;
		};
	}

	/**
	 * Offset of the field giving the number of blocks (TRANSFER LENGTH, VERIFICATION LENGTH, NUMBER OF LOGICAL
	 * BLOCKS, PREFETCH LENGTH) for the commands of {@link #hasLba(int)}, else -1. Used for the sense-key
	 * specific field pointer when that field is wrong.
	 */
	public static int transferLengthOffset(int opcode) {
		return switch (opcode) {
			case READ_6, WRITE_6 -> 4;
			case READ_12, WRITE_12, VERIFY_12 -> 6;
			case READ_10, WRITE_10, VERIFY_10, WRITE_AND_VERIFY_10, WRITE_SAME_10, PRE_FETCH_10,
					SYNCHRONIZE_CACHE_10 -> 7;
			case READ_16, WRITE_16, VERIFY_16, WRITE_AND_VERIFY_16, WRITE_SAME_16, PRE_FETCH_16,
					SYNCHRONIZE_CACHE_16 -> 10;
			case COMPARE_AND_WRITE -> 13;
			default -> -1;
		};
	}

	/**
	 * The LOGICAL BLOCK ADDRESS of a command of {@link #hasLba(int)}: 21 bits for the 6-byte commands, 32 for
	 * the 10- and 12-byte ones, 64 (unsigned, possibly negative as a long) for the 16-byte ones.
	 *
	 * @throws IllegalArgumentException if the operation code carries no LBA
	 */
	public static long lba(byte[] cdb) {
		int opcode = opcode(cdb);
		return switch (cdbLength(opcode)) {
			case 6 -> {
				requireLba(opcode);
				yield u24(cdb, 1) & 0x1F_FFFF;
			}
			case 10, 12 -> {
				requireLba(opcode);
				yield u32(cdb, 2);
			}
			case 16 -> {
				requireLba(opcode);
				yield u64(cdb, 2);
			}
			default -> throw noLba(opcode);
		};
	}

	/**
	 * The number of logical blocks a command of {@link #hasLba(int)} addresses. For READ(6) and WRITE(6) a
	 * TRANSFER LENGTH of 0 means 256 blocks (SBC-3 §5.15, §5.34); for every other command 0 means 0 (or, for
	 * SYNCHRONIZE CACHE and WRITE SAME, "to the end of the medium", which the caller interprets).
	 *
	 * @throws IllegalArgumentException if the operation code carries no block count
	 */
	public static long transferLength(byte[] cdb) {
		int opcode = opcode(cdb);
		int off = transferLengthOffset(opcode);
		return switch (off) {
			case 4 -> {
				int n = cdb[4] & 0xFF;
				yield n == 0 ? 256 : n;
			}
			case 6 -> u32(cdb, 6);
			case 7 -> u16(cdb, 7);
			case 10 -> u32(cdb, 10);
			case 13 -> cdb[13] & 0xFF;
			default -> throw noLba(opcode);
		};
	}

	/**
	 * Offset of the ALLOCATION LENGTH field of a command that returns parameter data (INQUIRY, REQUEST SENSE,
	 * MODE SENSE(6/10), LOG SENSE, REPORT LUNS, SERVICE ACTION IN(16), MAINTENANCE IN, RECEIVE DIAGNOSTIC
	 * RESULTS, PERSISTENT RESERVE IN, READ DEFECT DATA(10), READ BUFFER, SECURITY PROTOCOL IN), else -1.
	 */
	public static int allocationLengthOffset(int opcode) {
		return switch (opcode) {
			case INQUIRY, RECEIVE_DIAGNOSTIC_RESULTS -> 3;
			case REQUEST_SENSE, MODE_SENSE_6 -> 4;
			case REPORT_LUNS, MAINTENANCE_IN, READ_BUFFER, SECURITY_PROTOCOL_IN -> 6;
			case MODE_SENSE_10, LOG_SENSE, PERSISTENT_RESERVE_IN, READ_DEFECT_DATA_10 -> 7;
			case SERVICE_ACTION_IN_16 -> 10;
			default -> -1;
		};
	}

	/** The ALLOCATION LENGTH of the commands of {@link #allocationLengthOffset(int)}, or -1 for others. */
	public static long allocationLength(byte[] cdb) {
		int opcode = opcode(cdb);
		return switch (opcode) {
			case REQUEST_SENSE, MODE_SENSE_6 -> cdb[4] & 0xFF;
			case INQUIRY, RECEIVE_DIAGNOSTIC_RESULTS -> u16(cdb, 3);
			case MODE_SENSE_10, LOG_SENSE, PERSISTENT_RESERVE_IN, READ_DEFECT_DATA_10 -> u16(cdb, 7);
			case READ_BUFFER -> u24(cdb, 6);
			case REPORT_LUNS, MAINTENANCE_IN, SECURITY_PROTOCOL_IN -> u32(cdb, 6);
			case SERVICE_ACTION_IN_16 -> u32(cdb, 10);
			default -> -1;
		};
	}

	/**
	 * Offset of the PARAMETER LIST LENGTH field of a command that sends a parameter list (MODE SELECT(6/10),
	 * UNMAP, SEND DIAGNOSTIC, LOG SELECT, PERSISTENT RESERVE OUT, WRITE BUFFER, SECURITY PROTOCOL OUT), else -1.
	 */
	public static int parameterListLengthOffset(int opcode) {
		return switch (opcode) {
			case SEND_DIAGNOSTIC -> 3;
			case MODE_SELECT_6 -> 4;
			case PERSISTENT_RESERVE_OUT -> 5;
			case WRITE_BUFFER, SECURITY_PROTOCOL_OUT -> 6;
			case MODE_SELECT_10, UNMAP, LOG_SELECT -> 7;
			default -> -1;
		};
	}

	/** The PARAMETER LIST LENGTH of the commands of {@link #parameterListLengthOffset(int)}, or -1 for others. */
	public static long parameterListLength(byte[] cdb) {
		int opcode = opcode(cdb);
		return switch (opcode) {
			case MODE_SELECT_6 -> cdb[4] & 0xFF;
			case SEND_DIAGNOSTIC -> u16(cdb, 3);
			case MODE_SELECT_10, UNMAP, LOG_SELECT -> u16(cdb, 7);
			case WRITE_BUFFER -> u24(cdb, 6);
			case PERSISTENT_RESERVE_OUT -> u32(cdb, 5);
			case SECURITY_PROTOCOL_OUT -> u32(cdb, 6);
			default -> -1;
		};
	}

	// ---- builders: each zeroes the CDB's bytes, fills them and returns the CDB length ----

	/** TEST UNIT READY. */
	public static int testUnitReady(byte[] cdb) {
		return start(cdb, TEST_UNIT_READY);
	}

	/** REQUEST SENSE for fixed-format sense, {@code allocationLength} 0..255. */
	public static int requestSense(byte[] cdb, int allocationLength) {
		int n = start(cdb, REQUEST_SENSE);
		cdb[4] = (byte) range("allocationLength", allocationLength, 0xFF);
		return n;
	}

	/**
	 * INQUIRY: standard data when {@code evpd} is false (then {@code page} must be 0), else the vital product
	 * data page {@code page}; {@code allocationLength} 0..65535.
	 */
	public static int inquiry(byte[] cdb, boolean evpd, int page, int allocationLength) {
		range("page", page, 0xFF);
		if (!evpd && page != 0) {
			throw new IllegalArgumentException("page " + page + " requires EVPD");
		}
		int n = start(cdb, INQUIRY);
		cdb[1] = (byte) (evpd ? 1 : 0);
		cdb[2] = (byte) page;
		put16(cdb, 3, range("allocationLength", allocationLength, 0xFFFF));
		return n;
	}

	/** REPORT LUNS with SELECT REPORT 0 (all logical units except well-known ones). */
	public static int reportLuns(byte[] cdb, int allocationLength) {
		return reportLuns(cdb, SELECT_REPORT_ALL_LOGICAL_UNITS, allocationLength);
	}

	/** REPORT LUNS with the given SELECT REPORT code (0..255, so invalid codes can be sent on purpose). */
	public static int reportLuns(byte[] cdb, int selectReport, int allocationLength) {
		int n = start(cdb, REPORT_LUNS);
		cdb[2] = (byte) range("selectReport", selectReport, 0xFF);
		put32(cdb, 6, range("allocationLength", allocationLength, Integer.MAX_VALUE));
		return n;
	}

	/** READ CAPACITY(10). */
	public static int readCapacity10(byte[] cdb) {
		return start(cdb, READ_CAPACITY_10);
	}

	/** READ CAPACITY(16): SERVICE ACTION IN(16) with service action 10h. */
	public static int readCapacity16(byte[] cdb, int allocationLength) {
		int n = start(cdb, SERVICE_ACTION_IN_16);
		cdb[1] = SA_READ_CAPACITY_16;
		put32(cdb, 10, range("allocationLength", allocationLength, Integer.MAX_VALUE));
		return n;
	}

	/** MODE SENSE(6) of {@code page}/{@code subpage} with page control {@code pc} (0 current … 3 saved). */
	public static int modeSense6(byte[] cdb, boolean dbd, int pc, int page, int subpage, int allocationLength) {
		int n = start(cdb, MODE_SENSE_6);
		cdb[1] = (byte) (dbd ? 0x08 : 0);
		cdb[2] = (byte) (range("pc", pc, 3) << 6 | range("page", page, 0x3F));
		cdb[3] = (byte) range("subpage", subpage, 0xFF);
		cdb[4] = (byte) range("allocationLength", allocationLength, 0xFF);
		return n;
	}

	/** MODE SENSE(10) of {@code page}/{@code subpage} with page control {@code pc} (0 current … 3 saved). */
	public static int modeSense10(byte[] cdb, boolean dbd, int pc, int page, int subpage, int allocationLength) {
		int n = start(cdb, MODE_SENSE_10);
		cdb[1] = (byte) (dbd ? 0x08 : 0);
		cdb[2] = (byte) (range("pc", pc, 3) << 6 | range("page", page, 0x3F));
		cdb[3] = (byte) range("subpage", subpage, 0xFF);
		put16(cdb, 7, range("allocationLength", allocationLength, 0xFFFF));
		return n;
	}

	/** SYNCHRONIZE CACHE(10) of the whole medium (LBA 0, NUMBER OF LOGICAL BLOCKS 0). */
	public static int synchronizeCache10(byte[] cdb) {
		return start(cdb, SYNCHRONIZE_CACHE_10);
	}

	/** READ(6): {@code lba} 0..2^21-1, {@code blocks} 1..256 (256 is encoded as 0). */
	public static int read6(byte[] cdb, long lba, int blocks) {
		return rw6(cdb, READ_6, lba, blocks);
	}

	/** WRITE(6): {@code lba} 0..2^21-1, {@code blocks} 1..256 (256 is encoded as 0). */
	public static int write6(byte[] cdb, long lba, int blocks) {
		return rw6(cdb, WRITE_6, lba, blocks);
	}

	/** READ(10): {@code lba} 0..2^32-1, {@code blocks} 0..65535. */
	public static int read10(byte[] cdb, long lba, int blocks) {
		return rw10(cdb, READ_10, lba, blocks);
	}

	/** WRITE(10): {@code lba} 0..2^32-1, {@code blocks} 0..65535. */
	public static int write10(byte[] cdb, long lba, int blocks) {
		return rw10(cdb, WRITE_10, lba, blocks);
	}

	/** READ(12): {@code lba} 0..2^32-1, {@code blocks} taken as unsigned 32 bits. */
	public static int read12(byte[] cdb, long lba, int blocks) {
		return rw12(cdb, READ_12, lba, blocks);
	}

	/** WRITE(12): {@code lba} 0..2^32-1, {@code blocks} taken as unsigned 32 bits. */
	public static int write12(byte[] cdb, long lba, int blocks) {
		return rw12(cdb, WRITE_12, lba, blocks);
	}

	/** READ(16): {@code lba} taken as unsigned 64 bits, {@code blocks} as unsigned 32 bits. */
	public static int read16(byte[] cdb, long lba, int blocks) {
		return rw16(cdb, READ_16, lba, blocks);
	}

	/** WRITE(16): {@code lba} taken as unsigned 64 bits, {@code blocks} as unsigned 32 bits. */
	public static int write16(byte[] cdb, long lba, int blocks) {
		return rw16(cdb, WRITE_16, lba, blocks);
	}

	private static int rw6(byte[] cdb, int opcode, long lba, int blocks) {
		if (lba < 0 || lba > 0x1F_FFFF) {
			throw new IllegalArgumentException("lba " + lba + " does not fit 21 bits");
		}
		if (blocks < 1 || blocks > 256) {
			throw new IllegalArgumentException("blocks " + blocks + " outside 1..256");
		}
		int n = start(cdb, opcode);
		put24(cdb, 1, (int) lba);
		cdb[4] = (byte) blocks; // 256 wraps to 0, which means 256
		return n;
	}

	private static int rw10(byte[] cdb, int opcode, long lba, int blocks) {
		requireU32("lba", lba);
		int n = start(cdb, opcode);
		put32(cdb, 2, lba);
		put16(cdb, 7, range("blocks", blocks, 0xFFFF));
		return n;
	}

	private static int rw12(byte[] cdb, int opcode, long lba, int blocks) {
		requireU32("lba", lba);
		int n = start(cdb, opcode);
		put32(cdb, 2, lba);
		put32(cdb, 6, blocks);
		return n;
	}

	private static int rw16(byte[] cdb, int opcode, long lba, int blocks) {
		int n = start(cdb, opcode);
		put64(cdb, 2, lba);
		put32(cdb, 10, blocks);
		return n;
	}

	private static int start(byte[] cdb, int opcode) {
		int n = cdbLength(opcode);
		if (cdb.length < n) {
			throw new IllegalArgumentException("CDB array of " + cdb.length + " bytes is shorter than " + n);
		}
		for (int i = 1; i < n; i++) {
			cdb[i] = 0;
		}
		cdb[0] = (byte) opcode;
		return n;
	}

	private static int range(String what, int value, int max) {
		if (value < 0 || value > max) {
			throw new IllegalArgumentException(what + " " + value + " outside 0.." + max);
		}
		return value;
	}

	private static void requireU32(String what, long value) {
		if (value < 0 || value > 0xFFFF_FFFFL) {
			throw new IllegalArgumentException(what + " " + value + " does not fit 32 bits");
		}
	}

	private static void requireLba(int opcode) {
		if (lbaOffset(opcode) < 0) {
			throw noLba(opcode);
		}
	}

	private static IllegalArgumentException noLba(int opcode) {
		return new IllegalArgumentException(name(opcode) + " carries no logical block address");
	}
}
