package org.hbakit.controller.api.pci;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * DriverKit's {@code IOPCIDevice}: the provider a controller is matched to and started on. A simulated HBA
 * publishes one as an OSGi service with the {@code PCI_*} service properties and the personality-visible
 * {@link #properties()}; the framework's matching reads its config space; the bound controller drives it.
 * <p>
 * Register accesses (config and memory) may be made from any thread and are atomic at their width. Memory writes
 * to doorbell registers have immediate effect (the device starts work). Interrupts are delivered on the device's
 * interrupt thread to the registered {@link IOInterruptHandler}.
 */
@ProviderType
public interface IOPCIDevice {
	/** Service property: the IOKit provider class name, always {@code "IOPCIDevice"}. */
	String PROVIDER_CLASS = "IOPCIDevice";
	/** Service property (String): the device's location, unique in the machine, e.g. {@code "pci0000:00:04.0"}. */
	String PCI_LOCATION = "pci.location";
	/** Service property (Integer): vendor id. */
	String PCI_VENDOR_ID = "pci.vendor.id";
	/** Service property (Integer): device id. */
	String PCI_DEVICE_ID = "pci.device.id";
	/** Service property (Integer): subsystem vendor id. */
	String PCI_SUBSYSTEM_VENDOR_ID = "pci.subsystem.vendor.id";
	/** Service property (Integer): subsystem id. */
	String PCI_SUBSYSTEM_ID = "pci.subsystem.id";
	/** Service property (Integer): class code (24 bits). */
	String PCI_CLASS_CODE = "pci.class.code";
	/** Service property (Integer): revision id. */
	String PCI_REVISION_ID = "pci.revision.id";
	/** Service property (String): a short name for humans and shell output, e.g. {@code "hba0"}. */
	String HBA_NAME = "hba.name";

	/** The IOKit name of this provider ({@code IONameMatch} compares it, and the {@code compatible} names). */
	String name();

	/** The registry properties {@code IOPropertyMatch} and {@code IONameMatch} look at (immutable). */
	Map<String, Object> properties();

	/** The location, as in {@link #PCI_LOCATION}. */
	String location();

	/** Reads 32 bits of config space at a 4-byte aligned offset (see {@link PCIConfigSpace}). */
	int configRead32(int offset);

	/** Reads 16 bits of config space at a 2-byte aligned offset. */
	int configRead16(int offset);

	/** Reads 8 bits of config space. */
	int configRead8(int offset);

	/** Writes 16 bits of config space (only writable registers change, e.g. the command register). */
	void configWrite16(int offset, int value);

	/** Number of memory BARs. */
	int memoryBarCount();

	/** Size in bytes of memory BAR {@code bar}. */
	long memoryBarSize(int bar);

	/** Reads 32 bits of memory BAR {@code bar} at a 4-byte aligned offset. */
	int memoryRead32(int bar, long offset);

	/** Reads 64 bits of memory BAR {@code bar} at an 8-byte aligned offset. */
	long memoryRead64(int bar, long offset);

	/** Writes 32 bits of memory BAR {@code bar}. */
	void memoryWrite32(int bar, long offset, int value);

	/** Writes 64 bits of memory BAR {@code bar}. */
	void memoryWrite64(int bar, long offset, long value);

	/** Number of interrupt vectors (MSI-X style). */
	int interruptVectorCount();

	/**
	 * Registers the handler of {@code vector}, replacing any; the vector starts disabled.
	 *
	 * @throws IllegalArgumentException if the vector does not exist
	 */
	void registerInterruptHandler(int vector, IOInterruptHandler handler);

	/** Removes the handler of {@code vector} and disables it; returns once no call to the old handler runs. */
	void unregisterInterruptHandler(int vector);

	/** Enables delivery of {@code vector} (DriverKit's {@code SetEnableWithCompletion(true)}). */
	void enableInterrupt(int vector);

	/** Disables delivery of {@code vector}; interrupts raised meanwhile stay pending. */
	void disableInterrupt(int vector);

	/** Creates a DMA command (an IOVM table entry); fails with {@link IllegalStateException} when the table is full. */
	IODMACommand createDMACommand();

	/**
	 * DriverKit's {@code IOService::Open}: claims exclusive use for {@code client}.
	 *
	 * @return false if another client holds it
	 */
	boolean open(Object client);

	/** Releases a claim made with {@link #open(Object)}. */
	void close(Object client);
}
