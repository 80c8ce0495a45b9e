package org.hbakit.hba.sim.scsi;

import org.hbakit.controller.api.scsi.Cdb;

/**
 * READ DEFECT DATA (10/12) of {@link SimulatedDisk} (SBC-4 §5.11-12): a RAM medium has no defects, so the
 * parameter data is the header alone — PLISTV and GLISTV as requested, the requested DEFECT LIST FORMAT, and a
 * defect list length of 0.
 */
final class DefectData {
	private DefectData() {
	}

	static void read(ScsiExchange x) {
		byte[] cdb = x.cdb();
		boolean ten = (cdb[0] & 0xFF) == 0x37;
		int request = (ten ? cdb[2] : cdb[1]) & 0x1F; // REQ_PLIST, REQ_GLIST, DEFECT LIST FORMAT
		byte[] header = new byte[ten ? 4 : 8];
		header[1] = (byte) request; // PLISTV, GLISTV and the format, echoing the request; length 0
		Replies.dataIn(x, header, header.length, ten ? Cdb.u16(cdb, 7) : Cdb.u32(cdb, 6));
	}
}
