package org.hbakit.controller.api.pci;

/** Offsets of the PCI type-0 configuration header registers that matching and drivers read. */
public final class PCIConfigSpace {
	/** 32 bits: {@code deviceID << 16 | vendorID}; what {@code IOPCIMatch}/{@code IOPCIPrimaryMatch} read. */
	public static final int VENDOR_DEVICE_ID = 0x00;
	/** 16 bits: vendor id. */
	public static final int VENDOR_ID = 0x00;
	/** 16 bits: device id. */
	public static final int DEVICE_ID = 0x02;
	/** 16 bits: command register (memory space enable bit 1, bus master enable bit 2, INTx disable bit 10). */
	public static final int COMMAND = 0x04;
	/** 16 bits: status register. */
	public static final int STATUS = 0x06;
	/** 32 bits: {@code classCode << 8 | revisionID}; what {@code IOPCIClassMatch} reads. */
	public static final int CLASS_CODE_REVISION = 0x08;
	/** 8 bits: revision id. */
	public static final int REVISION_ID = 0x08;
	/** 8 bits: header type. */
	public static final int HEADER_TYPE = 0x0E;
	/** 32 bits each: base address registers 0..5. */
	public static final int BAR0 = 0x10;
	/** 32 bits: {@code subsystemID << 16 | subsystemVendorID}; what {@code IOPCISecondaryMatch} reads. */
	public static final int SUBSYSTEM_VENDOR_DEVICE_ID = 0x2C;
	/** 16 bits: subsystem vendor id. */
	public static final int SUBSYSTEM_VENDOR_ID = 0x2C;
	/** 16 bits: subsystem id. */
	public static final int SUBSYSTEM_ID = 0x2E;
	/** 8 bits: interrupt line. */
	public static final int INTERRUPT_LINE = 0x3C;
	/** 8 bits: interrupt pin. */
	public static final int INTERRUPT_PIN = 0x3D;
	/** Size of the standard header. */
	public static final int HEADER_SIZE = 0x40;

	/** Command register bit: respond to memory space accesses. */
	public static final int COMMAND_MEMORY_SPACE = 1 << 1;
	/** Command register bit: the device may master the bus (DMA). */
	public static final int COMMAND_BUS_MASTER = 1 << 2;

	/** Class code of a SCSI storage controller (base class 01h, subclass 00h, prog-if 00h). */
	public static final int CLASS_SCSI_STORAGE_CONTROLLER = 0x010000;

	private PCIConfigSpace() {
	}
}
