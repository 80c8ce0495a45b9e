package org.hbakit.controller.core.driver;

import static org.hbakit.controller.api.simhba.HBARegisters.*;

import java.util.Map;

import org.hbakit.controller.api.HBAConstraints;
import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.IOSCSIParallelFamily;
import org.hbakit.controller.api.pci.IOInterruptHandler;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.pci.PCIConfigSpace;

/**
 * Register programming of the simulated HBA's bring-up and tear-down ({@code docs/simulated-hba.md}, "Reset"):
 * identification, the command register, the capability registers, {@code CC.EN} with its bounded wait for
 * {@code CSTS.RDY}, and the completion vector. Used by the driver's lifecycle calls on the controller's queue
 * only; every wait here is bounded by {@link #READY_TIMEOUT_NANOS}.
 */
final class HBABringUp {
	/** The register interface major version this driver speaks. */
	static final int SUPPORTED_MAJOR_VERSION = 1;
	/** How long {@code CSTS.RDY} may take to follow {@code CC.EN}. */
	static final long READY_TIMEOUT_NANOS = 1_000_000_000L;

	private final IOPCIDevice provider;
	private final System.Logger log;
	private int maxQueueEntriesMinusOne;
	private int initiatorId;
	private int targetCount;

	HBABringUp(IOPCIDevice provider, System.Logger log) {
		this.provider = provider;
		this.log = log;
	}

	/** Whether {@code device} is a simulated HBA: vendor, class code and a BAR0 large enough. */
	static boolean isSupported(IOPCIDevice device) {
		int vendor = device.configRead16(PCIConfigSpace.VENDOR_ID);
		int classCode = device.configRead32(PCIConfigSpace.CLASS_CODE_REVISION) >>> 8;
		return vendor == PCI_VENDOR_ID && classCode == PCIConfigSpace.CLASS_SCSI_STORAGE_CONTROLLER
				&& device.memoryBarCount() > 0 && device.memoryBarSize(BAR) > CQ_HEAD;
	}

	/**
	 * Enables memory space and bus mastering and checks the register interface version; the caller has opened the
	 * provider.
	 */
	int enableDecoding() {
		int command = provider.configRead16(PCIConfigSpace.COMMAND);
		provider.configWrite16(PCIConfigSpace.COMMAND,
				command | PCIConfigSpace.COMMAND_MEMORY_SPACE | PCIConfigSpace.COMMAND_BUS_MASTER);
		int vs = provider.memoryRead32(BAR, VS);
		if (versionMajor(vs) != SUPPORTED_MAJOR_VERSION) {
			log.log(System.Logger.Level.WARNING, String.format("%s: register interface version 0x%08X unsupported",
					provider.location(), vs));
			return IOReturn.kIOReturnUnsupported;
		}
		return IOReturn.kIOReturnSuccess;
	}

	/** Reads {@code CAP}, {@code INITIATOR_ID} and {@code TARGETS}; false when {@code CAP} is unusable. */
	boolean readCapabilities() {
		int cap = provider.memoryRead32(BAR, CAP);
		maxQueueEntriesMinusOne = capMaxQueueEntriesMinusOne(cap);
		if (capInterruptVectors(cap) < 1 || maxQueueEntriesMinusOne < 1) {
			log.log(System.Logger.Level.ERROR, String.format("%s: unusable CAP 0x%08X", provider.location(), cap));
			return false;
		}
		initiatorId = provider.memoryRead32(BAR, INITIATOR_ID);
		targetCount = provider.memoryRead32(BAR, TARGETS);
		return true;
	}

	/** {@code CAP.MQES}: the most requests a queue of the largest size holds. */
	int maxQueueEntriesMinusOne() {
		return maxQueueEntriesMinusOne;
	}

	int initiatorId() {
		return initiatorId;
	}

	int targetCount() {
		return targetCount;
	}

	/**
	 * Reports the HBA constraints (one segment of up to {@code maxTransferSize} bytes, {@code alignment}, 64 address
	 * bits, hierarchical LUNs) and, when the framework accepts them, the HBA properties (vendor, product, the register
	 * interface version as the product revision).
	 */
	int reportTo(IOSCSIParallelFamily family, long maxTransferSize, int alignment) {
		int rc = family.userReportHBAConstraints(Map.of(
				HBAConstraints.kIOMaximumSegmentCountReadKey, 1L,
				HBAConstraints.kIOMaximumSegmentCountWriteKey, 1L,
				HBAConstraints.kIOMaximumSegmentByteCountReadKey, maxTransferSize,
				HBAConstraints.kIOMaximumSegmentByteCountWriteKey, maxTransferSize,
				HBAConstraints.kIOMinimumSegmentAlignmentByteCountKey, (long) alignment,
				HBAConstraints.kIOMaximumSegmentAddressableBitCountKey, 64L,
				HBAConstraints.kIOMinimumHBADataAlignmentMaskKey, ~(long) (alignment - 1),
				HBAConstraints.kIOHierarchicalLogicalUnitSupportKey, Boolean.TRUE));
		if (rc == IOReturn.kIOReturnSuccess) {
			int vs = provider.memoryRead32(BAR, VS);
			family.userSetHBAProperties(Map.of("Vendor Name", SimulatedHBADriver.VENDOR_NAME,
					"Product Name", SimulatedHBADriver.PRODUCT_NAME,
					"Product Revision Level", versionMajor(vs) + "." + versionMinor(vs)));
		}
		return rc;
	}

	/** {@code CC.EN}=0 and a bounded wait for {@code RDY} to drop; false on timeout. */
	boolean disable() {
		if ((provider.memoryRead32(BAR, CC) & CC_EN) == 0 && (provider.memoryRead32(BAR, CSTS) & CSTS_RDY) == 0) {
			return true;
		}
		provider.memoryWrite32(BAR, CC, 0);
		long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
		while ((provider.memoryRead32(BAR, CSTS) & CSTS_RDY) != 0) {
			if (System.nanoTime() - deadline > 0) {
				log.log(System.Logger.Level.ERROR, provider.location() + ": CSTS.RDY did not drop after CC.EN=0");
				return false;
			}
			Thread.onSpinWait();
		}
		return true;
	}

	/** {@code CC.EN}=1 and a bounded wait for {@code RDY} (or {@code CFS}). */
	int enable() {
		provider.memoryWrite32(BAR, CC, CC_EN);
		long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
		int csts;
		while (((csts = provider.memoryRead32(BAR, CSTS)) & (CSTS_RDY | CSTS_CFS)) == 0) {
			if (System.nanoTime() - deadline > 0) {
				log.log(System.Logger.Level.ERROR, provider.location() + ": CSTS.RDY did not rise");
				return IOReturn.kIOReturnTimeout;
			}
			Thread.onSpinWait();
		}
		if ((csts & CSTS_CFS) != 0) {
			log.log(System.Logger.Level.ERROR, provider.location() + ": controller fatal status after enable");
			provider.memoryWrite32(BAR, CC, 0);
			return IOReturn.kIOReturnIOError;
		}
		return IOReturn.kIOReturnSuccess;
	}

	/** Registers the completion handler, programs coalescing, enables and unmasks the completion vector. */
	void connectInterrupt(IOInterruptHandler handler, int coalescingThreshold, int coalescingTimeMicros) {
		provider.registerInterruptHandler(COMPLETION_VECTOR, handler);
		provider.memoryWrite32(BAR, INTCOAL, intcoal(coalescingThreshold, coalescingTimeMicros));
		provider.enableInterrupt(COMPLETION_VECTOR);
		provider.memoryWrite32(BAR, INTMC, 1 << COMPLETION_VECTOR);
	}

	/** Masks and disables the completion vector (no new interrupt), before the handler is closed. */
	void maskInterrupt() {
		provider.memoryWrite32(BAR, INTMS, 1 << COMPLETION_VECTOR);
		provider.disableInterrupt(COMPLETION_VECTOR);
	}

	/** Unregisters the completion handler, waiting out a call that is running. */
	void disconnectInterrupt() {
		provider.unregisterInterruptHandler(COMPLETION_VECTOR);
	}
}
