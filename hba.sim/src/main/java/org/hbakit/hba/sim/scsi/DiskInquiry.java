package org.hbakit.hba.sim.scsi;

import org.hbakit.controller.api.scsi.Cdb;

/**
 * The INQUIRY data of a simulated direct-access disk, encoded once per identity and served by copying: standard data
 * (SPC-4 §6.4.2: version 6 = SPC-4, response data format 2, HiSup, CmdQue, version descriptors SAM-5, SPC-4,
 * SBC-3) and the vital product data pages 00h supported pages, 80h unit serial number, 83h device identification
 * (an NAA designator from the WWN and a T10 vendor ID designator), B0h block limits, B1h block device
 * characteristics (non-rotating) and B2h logical block provisioning. Immutable; replaced as a whole when the
 * identity changes.
 */
final class DiskInquiry {
	/** Length of the standard data returned (additional length 91, like scsi_debug). */
	static final int STANDARD_LENGTH = 96;
	/** The VPD pages supported, ascending. */
	static final int[] VPD_PAGES = { 0x00, 0x80, 0x83, 0xB0, 0xB1, 0xB2 };

	private static final int VERSION_SPC4 = 0x06;
	private static final int SAM5 = 0x00A0;
	private static final int SPC4 = 0x0460;
	private static final int SBC3 = 0x04C0;

	final InquiryIdentity identity;
	private final byte[] standard;
	private final byte[][] vpd = new byte[256][];

	DiskInquiry(DiskConfig config, InquiryIdentity identity) {
		this.identity = identity;
		this.standard = standard(config, identity);
		vpd[0x00] = supportedPages();
		vpd[0x80] = serialNumber(identity);
		vpd[0x83] = deviceIdentification(config, identity);
		vpd[0xB0] = blockLimits(config);
		vpd[0xB1] = blockDeviceCharacteristics();
		vpd[0xB2] = logicalBlockProvisioning(config);
	}

	/** The standard INQUIRY data; do not modify. */
	byte[] standard() {
		return standard;
	}

	/** VPD page {@code page} (header included), or null if unsupported; do not modify. */
	byte[] vpd(int page) {
		return vpd[page & 0xFF];
	}

	private static byte[] standard(DiskConfig config, InquiryIdentity id) {
		byte[] b = new byte[STANDARD_LENGTH];
		b[0] = 0x00; // peripheral qualifier 0, direct-access block device
		b[1] = (byte) (config.removable ? 0x80 : 0);
		b[2] = VERSION_SPC4;
		b[3] = 0x12; // HISUP, RESPONSE DATA FORMAT 2
		b[4] = (byte) (STANDARD_LENGTH - 5);
		b[7] = 0x02; // CMDQUE
		InquiryIdentity.putAscii(b, 8, id.vendor(), 8);
		InquiryIdentity.putAscii(b, 16, id.product(), 16);
		InquiryIdentity.putAscii(b, 32, id.revision(), 4);
		Cdb.put16(b, 58, SAM5);
		Cdb.put16(b, 60, SPC4);
		Cdb.put16(b, 62, SBC3);
		return b;
	}

	private static byte[] supportedPages() {
		byte[] b = page(0x00, VPD_PAGES.length);
		for (int i = 0; i < VPD_PAGES.length; i++) {
			b[4 + i] = (byte) VPD_PAGES[i];
		}
		return b;
	}

	private static byte[] serialNumber(InquiryIdentity id) {
		byte[] b = page(0x80, id.serial().length());
		InquiryIdentity.putAscii(b, 4, id.serial(), id.serial().length());
		return b;
	}

	private static byte[] deviceIdentification(DiskConfig config, InquiryIdentity id) {
		int t10Length = 8 + id.serial().length();
		byte[] b = page(0x83, 12 + 4 + t10Length);
		// NAA designator: code set 1 (binary), association 0 (logical unit), designator type 3 (NAA)
		b[4] = 0x01;
		b[5] = 0x03;
		b[7] = 8;
		Cdb.put64(b, 8, config.wwn);
		// T10 vendor ID designator: code set 2 (ASCII), association 0, type 1
		b[16] = 0x02;
		b[17] = 0x01;
		b[19] = (byte) t10Length;
		InquiryIdentity.putAscii(b, 20, id.vendor(), 8);
		InquiryIdentity.putAscii(b, 28, id.serial(), id.serial().length());
		return b;
	}

	private static byte[] blockLimits(DiskConfig c) {
		byte[] b = page(0xB0, 0x3C);
		b[4] = 0x01; // WSNZ: WRITE SAME with NUMBER OF LOGICAL BLOCKS 0 is rejected
		b[5] = (byte) c.maxCompareAndWriteBlocks;
		Cdb.put16(b, 6, 1 << c.physicalBlockExponent); // OPTIMAL TRANSFER LENGTH GRANULARITY
		Cdb.put32(b, 8, c.maxTransferBlocks);
		Cdb.put32(b, 12, c.optimalTransferBlocks);
		Cdb.put32(b, 20, c.maxUnmapBlocks);
		Cdb.put32(b, 24, c.maxUnmapDescriptors);
		if (c.lbpme) {
			Cdb.put32(b, 28, c.unmapGranularityBlocks);
			b[32] = (byte) 0x80; // UGAVALID, UNMAP GRANULARITY ALIGNMENT 0
		}
		Cdb.put64(b, 36, c.maxWriteSameBlocks);
		Cdb.put32(b, 44, WriteVariantCommands.MAX_ATOMIC_BLOCKS); // MAXIMUM ATOMIC TRANSFER LENGTH
		Cdb.put32(b, 48, 1); // ATOMIC ALIGNMENT
		Cdb.put32(b, 52, 1); // ATOMIC TRANSFER LENGTH GRANULARITY
		return b;
	}

	private static byte[] blockDeviceCharacteristics() {
		byte[] b = page(0xB1, 0x3C);
		Cdb.put16(b, 4, 0x0001); // MEDIUM ROTATION RATE: non-rotating medium
		return b;
	}

	private static byte[] logicalBlockProvisioning(DiskConfig c) {
		byte[] b = page(0xB2, 4);
		b[4] = 0; // THRESHOLD EXPONENT: no thresholds
		b[5] = (byte) ((c.lbpu ? 0x80 : 0) | (c.lbpws ? 0x40 : 0) | (c.lbpws10 ? 0x20 : 0) | (c.lbprz ? 0x04 : 0));
		b[6] = (byte) (c.lbpme ? 0x02 : 0x00); // PROVISIONING TYPE: thin, or not reported (fully provisioned)
		return b;
	}

	private static byte[] page(int code, int length) {
		byte[] b = new byte[4 + length];
		b[1] = (byte) code;
		Cdb.put16(b, 2, length);
		return b;
	}
}
