package org.hbakit.hba.sim.scsi;

import static org.hbakit.controller.api.scsi.SCSIOperationCode.MODE_SELECT_6;
import static org.hbakit.controller.api.scsi.SCSIOperationCode.MODE_SENSE_6;

import java.util.Arrays;

import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.SenseCode;

/**
 * MODE SENSE(6/10) and MODE SELECT(6/10) of {@link SimulatedDisk} (SPC-4 §6.11-6.14, §7.5): the mode parameter
 * header, a short or long LBA block descriptor, and the pages of {@link ModePages}; page control current,
 * changeable, default and saved. A disk on a persistent medium saves pages ({@link SavedModePages}): its pages
 * report PS, MODE SELECT with SP=1 saves the resulting pages (all of them; with an empty list, the current ones)
 * before they take effect, and a failed save is 04/44/00 with nothing changed. Other disks do not: SP=1 is
 * 05/24/00 (CDB byte 1 bit 0), saved values are 05/39/00.
 * <p>
 * MODE SELECT checks the whole parameter list before it changes anything: header and block descriptor lengths,
 * block length, page codes and lengths, PS and SPF bits, and that only changeable bits differ from the current
 * values (05/26/00 with the field pointer otherwise; 05/1A/00 when the list truncates a header, descriptor or page).
 */
final class ModeCommands {
	private static final int WP = 0x80;
	private static final int DPOFUA = 0x10;

	private final SimulatedDisk disk;
	private final DiskConfig config;

	ModeCommands(SimulatedDisk disk, DiskConfig config) {
		this.disk = disk;
		this.config = config;
	}

	/** MODE SENSE(6) or (10). */
	void sense(ScsiExchange x, boolean d) {
		byte[] cdb = x.cdb();
		boolean six = (cdb[0] & 0xFF) == MODE_SENSE_6;
		boolean dbd = (cdb[1] & 0x08) != 0;
		boolean llbaa = !six && (cdb[1] & 0x10) != 0;
		int pc = (cdb[2] & 0xFF) >> 6;
		int page = cdb[2] & 0x3F;
		int subpage = cdb[3] & 0xFF;
		long allocation = six ? cdb[4] & 0xFF : Cdb.u16(cdb, 7);
		boolean saveable = disk.savesModePages();
		if (pc == 3 && !saveable) {
			Replies.check(x, d, SenseCode.SAVING_PARAMETERS_NOT_SUPPORTED);
			return;
		}
		if (page != 0x3F && !ModePages.supported(page)) {
			Replies.invalidCdb(x, d, 2, 5);
			return;
		}
		if (subpage != 0x00 && subpage != 0xFF) {
			Replies.invalidCdb(x, d, 3, -1); // no page has subpages
			return;
		}
		ModePages current = disk.mode();
		ModePages defaults = disk.defaultMode();
		ModePages saved = disk.savedMode();
		byte[] out = Scratch.get().array();
		int header = six ? 4 : 8;
		int descriptorLength = dbd ? 0 : llbaa ? 16 : 8;
		int at = header;
		Arrays.fill(out, 0, header + descriptorLength, (byte) 0);
		if (descriptorLength > 0 && pc != 1) { // nothing in the block descriptor is changeable
			long blocks = disk.capacityBlocks();
			if (llbaa) {
				Cdb.put64(out, at, blocks);
				Cdb.put32(out, at + 12, config.blockSize);
			} else {
				Cdb.put32(out, at, Math.min(blocks, 0xFFFF_FFFFL));
				Cdb.put24(out, at + 5, config.blockSize);
			}
		}
		at += descriptorLength;
		for (int code : ModePages.CODES) {
			if (page == 0x3F || page == code) {
				at = current.copy(code, pc, defaults, saved, saveable, out, at);
			}
		}
		int deviceSpecific = pc == 1 ? 0 : (disk.isWriteProtected() ? WP : 0) | DPOFUA;
		if (six) {
			out[0] = (byte) (at - 1);
			out[2] = (byte) deviceSpecific;
			out[3] = (byte) descriptorLength;
		} else {
			Cdb.put16(out, 0, at - 2);
			out[3] = (byte) deviceSpecific;
			out[4] = (byte) (descriptorLength == 16 ? 0x01 : 0); // LONGLBA
			Cdb.put16(out, 6, descriptorLength);
		}
		Replies.dataIn(x, out, at, allocation);
	}

	/** MODE SELECT(6) or (10). */
	void select(ScsiExchange x, boolean d) {
		byte[] cdb = x.cdb();
		boolean six = (cdb[0] & 0xFF) == MODE_SELECT_6;
		boolean pf = (cdb[1] & 0x10) != 0;
		boolean sp = (cdb[1] & 0x01) != 0;
		int length = six ? cdb[4] & 0xFF : Cdb.u16(cdb, 7);
		int lengthField = six ? 4 : 7;
		if (sp && !disk.savesModePages()) {
			Replies.invalidCdb(x, d, 1, 0); // no saved pages
			return;
		}
		if (length == 0) {
			if (sp) {
				// "save all the saveable mode pages": the current values
				synchronized (disk.modeLock) {
					if (!save(x, d, disk.mode())) {
						return;
					}
				}
			}
			x.complete(SCSITaskStatus.GOOD);
			return;
		}
		if (!pf) {
			Replies.invalidCdb(x, d, 1, 4); // only SPC-format (page format) parameters are understood
			return;
		}
		if (length > x.dataOutLength()) {
			Replies.invalidCdb(x, d, lengthField, -1);
			return;
		}
		byte[] p = Scratch.get().array();
		x.data().get(x.dataIndex(), p, 0, length);
		x.setBytesTransferred(length);
		int header = six ? 4 : 8;
		if (length < header) {
			Replies.check(x, d, SenseCode.PARAMETER_LIST_LENGTH_ERROR);
			return;
		}
		int descriptorLength = six ? p[3] & 0xFF : Cdb.u16(p, 6);
		boolean longLba = !six && (p[4] & 0x01) != 0;
		if (descriptorLength != 0 && descriptorLength != (longLba ? 16 : 8)) {
			Replies.invalidParameter(x, d, six ? 3 : 6, -1);
			return;
		}
		if (header + descriptorLength > length) {
			Replies.check(x, d, SenseCode.PARAMETER_LIST_LENGTH_ERROR);
			return;
		}
		if (descriptorLength > 0 && !checkBlockDescriptor(x, d, p, header, longLba)) {
			return;
		}
		synchronized (disk.modeLock) {
			ModePages pages = disk.mode();
			int at = header + descriptorLength;
			while (at < length) {
				if (length - at < 2) {
					Replies.check(x, d, SenseCode.PARAMETER_LIST_LENGTH_ERROR);
					return;
				}
				int b0 = p[at] & 0xFF;
				int code = b0 & 0x3F;
				if ((b0 & 0x80) != 0) {
					Replies.invalidParameter(x, d, at, 7); // PS is reserved in MODE SELECT
					return;
				}
				if ((b0 & 0x40) != 0) {
					Replies.invalidParameter(x, d, at, 6); // no subpages
					return;
				}
				if (!ModePages.supported(code)) {
					Replies.invalidParameter(x, d, at, 5);
					return;
				}
				int pageLength = ModePages.length(code);
				if ((p[at + 1] & 0xFF) != pageLength - 2) {
					Replies.invalidParameter(x, d, at + 1, -1);
					return;
				}
				if (at + pageLength > length) {
					Replies.check(x, d, SenseCode.PARAMETER_LIST_LENGTH_ERROR);
					return;
				}
				byte[] current = pages.page(code);
				byte[] changeable = ModePages.changeable(code);
				for (int i = 2; i < pageLength; i++) {
					int wrong = (p[at + i] ^ current[i]) & ~changeable[i] & 0xFF;
					if (wrong != 0) {
						Replies.invalidParameter(x, d, at + i, 31 - Integer.numberOfLeadingZeros(wrong));
						return;
					}
				}
				pages = pages.with(code, p, at);
				at += pageLength;
			}
			if (sp && !save(x, d, pages)) {
				return;
			}
			disk.setMode(pages);
		}
		x.complete(SCSITaskStatus.GOOD);
	}

	/** Saves {@code pages} as the saved values; false (CHECK CONDITION 04/44/00 sent) if that failed. */
	private boolean save(ScsiExchange x, boolean d, ModePages pages) {
		try {
			disk.saveMode(pages);
			return true;
		} catch (java.io.IOException e) {
			Replies.check(x, d, SenseCode.INTERNAL_TARGET_FAILURE);
			return false;
		}
	}

	/** The block descriptor may restate the geometry but not change it. */
	private boolean checkBlockDescriptor(ScsiExchange x, boolean d, byte[] p, int at, boolean longLba) {
		long blocks = longLba ? Cdb.u64(p, at) : Cdb.u32(p, at);
		long blockLength = longLba ? Cdb.u32(p, at + 12) : Cdb.u24(p, at + 5);
		long capacity = disk.capacityBlocks();
		long stated = longLba ? capacity : Math.min(capacity, 0xFFFF_FFFFL);
		if (blocks != 0 && blocks != stated) {
			Replies.invalidParameter(x, d, at, -1);
			return false;
		}
		if (blockLength != config.blockSize) {
			Replies.invalidParameter(x, d, at + (longLba ? 12 : 5), -1);
			return false;
		}
		return true;
	}
}
