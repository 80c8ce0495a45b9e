package org.hbakit.bridge.matching;

import org.hbakit.controller.api.personality.IOKitPersonalityKeys;
import org.hbakit.controller.api.pci.PCIConfigSpace;

/**
 * The PCI matching keys of {@code IOPCIBridge::matchKeys}: which config registers each key reads and its default
 * mask. {@link #IO_PCI_MATCH} matches when either of its registers does; the others read one register. The
 * declaration order is the order in which matching evaluates (and reports) them.
 */
public enum PCIMatchKey {
	/** Vendor/device register (0x00) <em>or</em> subsystem register (0x2C). */
	IO_PCI_MATCH(IOKitPersonalityKeys.IO_PCI_MATCH, PCIMatchExpression.DEFAULT_MASK,
			PCIConfigSpace.VENDOR_DEVICE_ID, PCIConfigSpace.SUBSYSTEM_VENDOR_DEVICE_ID),
	/** Vendor/device register (0x00) only. */
	IO_PCI_PRIMARY_MATCH(IOKitPersonalityKeys.IO_PCI_PRIMARY_MATCH, PCIMatchExpression.DEFAULT_MASK,
			PCIConfigSpace.VENDOR_DEVICE_ID),
	/** Subsystem register (0x2C) only. */
	IO_PCI_SECONDARY_MATCH(IOKitPersonalityKeys.IO_PCI_SECONDARY_MATCH, PCIMatchExpression.DEFAULT_MASK,
			PCIConfigSpace.SUBSYSTEM_VENDOR_DEVICE_ID),
	/** Class code/revision register (0x08); the default mask drops the revision byte. */
	IO_PCI_CLASS_MATCH(IOKitPersonalityKeys.IO_PCI_CLASS_MATCH, PCIMatchExpression.CLASS_DEFAULT_MASK,
			PCIConfigSpace.CLASS_CODE_REVISION);

	private final String key;
	private final int defaultMask;
	private final int[] registers;

	PCIMatchKey(String key, int defaultMask, int... registers) {
		this.key = key;
		this.defaultMask = defaultMask;
		this.registers = registers;
	}

	/** The personality key, e.g. {@code IOPCIMatch}. */
	public String key() {
		return key;
	}

	/** The mask of values written without {@code &mask}. */
	public int defaultMask() {
		return defaultMask;
	}

	/** The config space offsets this key reads (a copy). */
	public int[] registers() {
		return registers.clone();
	}

	/** Parses {@code text} with this key's default mask. */
	public PCIMatchExpression parse(String text) {
		return PCIMatchExpression.parse(text, defaultMask);
	}

	/** Whether {@code expression} matches any of this key's registers of {@code device}. */
	public boolean matches(PCIMatchExpression expression, DeviceView device) {
		for (int register : registers) {
			if (expression.matches(device.configRead32(register))) {
				return true;
			}
		}
		return false;
	}

	/** The key named {@code key}, or null if it is not a PCI matching key. */
	public static PCIMatchKey of(String key) {
		for (PCIMatchKey k : values()) {
			if (k.key.equals(key)) {
				return k;
			}
		}
		return null;
	}
}
