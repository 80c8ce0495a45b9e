package org.hbakit.iscsi.scsi;

import org.hbakit.controller.api.client.SCSITaskResult;
import org.hbakit.controller.api.scsi.Cdb;
import org.hbakit.controller.api.scsi.LogicalUnitNumber;
import org.hbakit.controller.api.scsi.SenseData;
import org.hbakit.iscsi.target.ExportedTarget;

import io.netty.buffer.ByteBuf;

/**
 * The front door's answers for a LUN its target does not have (no {@code SCSILogicalUnit} behind it), as SPC-4
 * §4.6.4 and the simulated target itself answer: INQUIRY with peripheral qualifier 011b and device type 1Fh, REPORT
 * LUNS with the target's LUNs, REQUEST SENSE with LOGICAL UNIT NOT SUPPORTED as parameter data, and CHECK CONDITION
 * 05/25/00 LOGICAL UNIT NOT SUPPORTED for everything else.
 */
public final class AbsentUnit {
	private AbsentUnit() {
	}

	/** The outcome of {@code cdb} addressed to an absent LUN of {@code target}; data goes to {@code buffer}. */
	public static SCSITaskResult answer(byte[] cdb, ByteBuf buffer, int room, ExportedTarget target) {
		int opcode = cdb[0] & 0xFF;
		switch (opcode) {
			case 0x12 -> { // INQUIRY
				byte[] d = new byte[36];
				d[0] = 0x7F; // peripheral qualifier 011b, device type 1Fh
				d[2] = 0x06; // SPC-4
				d[3] = 0x02;
				d[4] = 31;
				return data(d, Math.min(36, Cdb.u16(cdb, 3)), buffer, room);
			}
			case 0xA0 -> { // REPORT LUNS
				long allocation = Cdb.u32(cdb, 6);
				int select = cdb[2] & 0xFF;
				if (allocation < 16 || select > 2) {
					return check(0x05, 0x24, 0x00);
				}
				int[] luns = select == Cdb.SELECT_REPORT_WELL_KNOWN ? new int[0] : target.luns();
				byte[] d = new byte[8 + 8 * luns.length];
				Cdb.put32(d, 0, 8L * luns.length);
				for (int i = 0; i < luns.length; i++) {
					LogicalUnitNumber.encode(luns[i], d, 8 + 8 * i);
				}
				return data(d, (int) Math.min(d.length, allocation), buffer, room);
			}
			case 0x03 -> { // REQUEST SENSE
				byte[] d = new byte[18];
				SenseData.fixed(d, 0x05, 0x25, 0x00);
				return data(d, Math.min(18, cdb[4] & 0xFF), buffer, room);
			}
			default -> {
				return check(0x05, 0x25, 0x00);
			}
		}
	}

	private static SCSITaskResult data(byte[] d, int length, ByteBuf buffer, int room) {
		int n = buffer == null ? 0 : Math.min(length, room);
		if (n > 0) {
			buffer.setBytes(0, d, 0, n);
		}
		return Outcomes.good(n);
	}

	private static SCSITaskResult check(int key, int asc, int ascq) {
		return Outcomes.check(key, asc, ascq);
	}
}
