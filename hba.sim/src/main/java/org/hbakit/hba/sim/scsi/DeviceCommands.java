package org.hbakit.hba.sim.scsi;

import java.io.IOException;
import java.util.Arrays;

import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SenseCode;
import org.hbakit.controller.api.scsi.SenseData;

/**
 * The non-media commands of {@link SimulatedDisk}: INQUIRY, REQUEST SENSE, READ CAPACITY(10/16), START STOP UNIT,
 * PREVENT ALLOW MEDIUM REMOVAL, SEND DIAGNOSTIC and REPORT SUPPORTED OPERATION CODES (SPC-4, SBC-3). Called by the
 * disk after the generic checks; builds parameter data in the thread's work buffer and copies it to host memory.
 */
final class DeviceCommands {
	private final SimulatedDisk disk;
	private final DiskConfig config;
	private final CommandSet commands;

	DeviceCommands(SimulatedDisk disk, DiskConfig config, CommandSet commands) {
		this.disk = disk;
		this.config = config;
		this.commands = commands;
	}

	/** INQUIRY: standard data, or a VPD page with EVPD. */
	void inquiry(ScsiExchange x, boolean d) {
		byte[] cdb = x.cdb();
		boolean evpd = (cdb[1] & 0x01) != 0;
		int page = cdb[2] & 0xFF;
		int allocation = Cdb.u16(cdb, 3);
		DiskInquiry data = disk.inquiry();
		if (!evpd) {
			if (page != 0) {
				Replies.invalidCdb(x, d, 2, -1); // a page code needs EVPD
				return;
			}
			Replies.dataIn(x, data.standard(), DiskInquiry.STANDARD_LENGTH, allocation);
			return;
		}
		byte[] vpd = data.vpd(page);
		if (vpd == null) {
			Replies.invalidCdb(x, d, 2, -1);
			return;
		}
		Replies.dataIn(x, vpd, vpd.length, allocation);
	}

	/**
	 * REQUEST SENSE: GOOD with the highest pending unit attention (which it clears, SPC-4 §5.14 option b), else
	 * NOT READY 02/04/02 while the unit is stopped, else NO SENSE; in descriptor format when DESC is set.
	 */
	void requestSense(ScsiExchange x, LogicalUnitContext ctx) {
		byte[] cdb = x.cdb();
		boolean desc = (cdb[1] & 0x01) != 0;
		int allocation = cdb[4] & 0xFF;
		SenseCode code = disk.attentions().take(ctx.target);
		if (code == null) {
			code = disk.isStarted() ? SenseCode.NO_SENSE : SenseCode.INITIALIZING_COMMAND_REQUIRED;
		}
		// the exchange's sense array serves as work space: the command completes GOOD with no sense
		int n = SenseData.build(x.sense(), desc, code);
		Replies.dataIn(x, x.sense(), n, allocation);
	}

	/** READ CAPACITY(10): last LBA (FFFFFFFFh when it does not fit) and block length. */
	void readCapacity10(ScsiExchange x, boolean d) {
		byte[] cdb = x.cdb();
		if (!checkPmi(x, d, (cdb[8] & 0x01) != 0, Cdb.u32(cdb, 2))) {
			return;
		}
		byte[] out = Scratch.get().array();
		long last = disk.capacityBlocks() - 1;
		Cdb.put32(out, 0, Long.compareUnsigned(last, 0xFFFF_FFFFL) >= 0 ? 0xFFFF_FFFFL : last);
		Cdb.put32(out, 4, config.blockSize);
		Replies.dataIn(x, out, 8, 8);
	}

	/** READ CAPACITY(16): last LBA, block length, physical block exponent, LBPME and LBPRZ. */
	void readCapacity16(ScsiExchange x, boolean d) {
		byte[] cdb = x.cdb();
		if (!checkPmi(x, d, (cdb[14] & 0x01) != 0, Cdb.u64(cdb, 2))) {
			return;
		}
		byte[] out = Scratch.get().array();
		Arrays.fill(out, 0, 32, (byte) 0);
		Cdb.put64(out, 0, disk.capacityBlocks() - 1);
		Cdb.put32(out, 8, config.blockSize);
		out[13] = (byte) (config.physicalBlockExponent & 0x0F);
		out[14] = (byte) ((config.lbpme ? 0x80 : 0) | (config.lbprz ? 0x40 : 0)); // lowest aligned LBA 0
		Replies.dataIn(x, out, 32, Cdb.u32(cdb, 10));
	}

	/** SBC-3: with PMI clear the (obsolete) LOGICAL BLOCK ADDRESS field must be zero. */
	private static boolean checkPmi(ScsiExchange x, boolean d, boolean pmi, long lba) {
		if (!pmi && lba != 0) {
			Replies.invalidCdb(x, d, 2, -1);
			return false;
		}
		return true;
	}

	/** START STOP UNIT with power condition 0: START, LOEJ (removable units), NO_FLUSH. */
	void startStopUnit(ScsiExchange x, boolean d) {
		int b4 = x.cdb()[4] & 0xFF;
		boolean start = (b4 & 0x01) != 0;
		boolean loadEject = (b4 & 0x02) != 0;
		boolean noFlush = (b4 & 0x04) != 0;
		if (loadEject && !config.removable) {
			Replies.invalidCdb(x, d, 4, 1);
			return;
		}
		if (loadEject && !start && disk.isRemovalPrevented()) {
			Replies.check(x, d, SenseCode.MEDIUM_REMOVAL_PREVENTED);
			return;
		}
		if (!start && !noFlush) {
			try {
				disk.store().flush(); // stopping writes the cache back unless NO_FLUSH
			} catch (IOException e) {
				Replies.check(x, d, SenseCode.WRITE_ERROR);
				return;
			}
		}
		disk.setStarted(start);
		x.complete(SCSITaskStatus.GOOD);
	}

	/** PREVENT ALLOW MEDIUM REMOVAL: 00b allow, 01b prevent; 10b/11b (obsolete) are rejected. */
	void preventAllowMediumRemoval(ScsiExchange x, boolean d) {
		int prevent = x.cdb()[4] & 0x03;
		if (prevent > 1) {
			Replies.invalidCdb(x, d, 4, 1);
			return;
		}
		disk.setRemovalPrevented(prevent == 1);
		x.complete(SCSITaskStatus.GOOD);
	}

	/**
	 * SEND DIAGNOSTIC: the default self-test (SELFTEST=1) passes at once; no diagnostic pages are supported, so a
	 * parameter list is rejected.
	 */
	void sendDiagnostic(ScsiExchange x, boolean d) {
		byte[] cdb = x.cdb();
		boolean selfTest = (cdb[1] & 0x04) != 0;
		int length = Cdb.u16(cdb, 3);
		if (length == 0) {
			x.complete(SCSITaskStatus.GOOD);
			return;
		}
		if (selfTest || length > x.dataOutLength()) {
			Replies.invalidCdb(x, d, 3, -1); // SELFTEST requires an empty list
			return;
		}
		x.setBytesTransferred(length);
		Replies.invalidParameter(x, d, 0, 5); // the page code of the first diagnostic page
	}

	/** REPORT SUPPORTED OPERATION CODES: all commands (000b) or one command (001b, 010b, 011b), with RCTD. */
	void reportSupportedOperationCodes(ScsiExchange x, boolean d) {
		byte[] cdb = x.cdb();
		boolean rctd = (cdb[2] & 0x80) != 0;
		int options = cdb[2] & 0x07;
		int opcode = cdb[3] & 0xFF;
		int sa = Cdb.u16(cdb, 4);
		long allocation = Cdb.u32(cdb, 6);
		byte[] out = Scratch.get().array();
		int n;
		switch (options) {
			case 0 -> n = commands.encodeAll(out, rctd);
			case 1 -> {
				if (commands.hasServiceActions(opcode)) {
					Replies.invalidCdb(x, d, 3, -1);
					return;
				}
				n = CommandSet.encodeOne(out, commands.find(opcode), rctd);
			}
			case 2 -> {
				if (commands.supports(opcode) && !commands.hasServiceActions(opcode)) {
					Replies.invalidCdb(x, d, 3, -1);
					return;
				}
				n = CommandSet.encodeOne(out, sa > 31 ? null : commands.find(opcode, sa), rctd);
			}
			case 3 -> n = CommandSet.encodeOne(out, commands.hasServiceActions(opcode)
					? sa > 31 ? null : commands.find(opcode, sa)
					: commands.find(opcode), rctd);
			default -> {
				Replies.invalidCdb(x, d, 2, 2);
				return;
			}
		}
		Replies.dataIn(x, out, n, allocation);
	}
}
