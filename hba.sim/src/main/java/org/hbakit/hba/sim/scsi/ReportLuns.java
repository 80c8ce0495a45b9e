package org.hbakit.hba.sim.scsi;

import java.nio.ByteBuffer;

import org.hbakit.controller.api.SCSITaskStatus;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.LogicalUnitNumber;

/**
 * The REPORT LUNS parameter data (SPC-4 §6.33): LUN LIST LENGTH, 4 reserved bytes, then one 8-byte LUN per
 * logical unit in ascending order (peripheral addressing below 256, flat above), and the REPORT LUNS well-known
 * logical unit for SELECT REPORT 01h and 02h. Written straight into host memory, truncated to the allocation
 * length and the buffer, so even 16384 LUNs need no allocation.
 */
final class ReportLuns {
	private ReportLuns() {
	}

	/**
	 * Answers REPORT LUNS for {@code luns} (sorted): SELECT REPORT above 02h or an ALLOCATION LENGTH below 16 give
	 * 05/24/00 with the field pointer.
	 */
	static void answer(ScsiExchange x, boolean descriptorSense, int[] luns) {
		byte[] cdb = x.cdb();
		int select = cdb[2] & 0xFF;
		long allocation = Cdb.u32(cdb, 6);
		if (select > Cdb.SELECT_REPORT_ALL) {
			Replies.invalidCdb(x, descriptorSense, 2, -1);
			return;
		}
		if (allocation < 16) {
			Replies.invalidCdb(x, descriptorSense, 6, -1);
			return;
		}
		int ordinary = select == Cdb.SELECT_REPORT_WELL_KNOWN ? 0 : luns.length;
		int wellKnown = select == Cdb.SELECT_REPORT_ALL_LOGICAL_UNITS ? 0 : 1;
		long listLength = 8L * (ordinary + wellKnown);
		int length = (int) Math.min(Math.min(allocation, x.dataInCapacity()), 8 + listLength);
		ByteBuffer data = x.data();
		int base = x.dataIndex();
		int end = base + length;
		BigEndian.put32(data, end, base, listLength);
		BigEndian.put32(data, end, base + 4, 0);
		long at = base + 8;
		for (int i = 0; i < ordinary && at < end; i++, at += 8) {
			BigEndian.put64(data, end, at, LogicalUnitNumber.encode(luns[i]));
		}
		if (wellKnown == 1 && at < end) {
			BigEndian.put64(data, end, at, LogicalUnitNumber.encode(LogicalUnitNumber.REPORT_LUNS_WELL_KNOWN_LUN));
		}
		x.setBytesTransferred(length);
		x.complete(SCSITaskStatus.GOOD);
	}
}
