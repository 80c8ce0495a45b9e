package org.hbakit.controller.api.personality;

/**
 * The keys of an {@code IOKitPersonalities} entry ({@code IOKitKeys.h}, {@code IOPCIDevice}).
 * <p>
 * A controller bundle carries {@code Info.plist} (XML or binary) at {@link #INFO_PLIST_PATH}, or where its
 * manifest header {@link #INFO_PLIST_HEADER} says, with a top-level dictionary {@link #IO_KIT_PERSONALITIES}
 * mapping personality names to dictionaries of these keys.
 */
public final class IOKitPersonalityKeys {
	/** Default location of the plist in a controller bundle. */
	public static final String INFO_PLIST_PATH = "Info.plist";
	/** Manifest header naming the plist's path in the bundle (overrides the default). */
	public static final String INFO_PLIST_HEADER = "HBAKit-InfoPlist";
	/** Top-level key: dictionary of personality name to personality. */
	public static final String IO_KIT_PERSONALITIES = "IOKitPersonalities";

	/** Required: the family class, {@code IOUserSCSIParallelInterfaceController} for SCSI HBAs. */
	public static final String IO_CLASS = "IOClass";
	/** Required: the controller class the framework instantiates (matched against the service property). */
	public static final String IO_USER_CLASS = "IOUserClass";
	/** Required: the provider class, {@code IOPCIDevice} (or {@code IOResources}). */
	public static final String IO_PROVIDER_CLASS = "IOProviderClass";
	/** Required for SCSI HBA dexts: {@code com.apple.iokit.IOSCSIParallelFamily}. */
	public static final String CF_BUNDLE_IDENTIFIER_KERNEL = "CFBundleIdentifierKernel";
	/** The bundle identifier of the personality (defaults to the plist's {@code CFBundleIdentifier}). */
	public static final String CF_BUNDLE_IDENTIFIER = "CFBundleIdentifier";
	/** The server name of the dext, usually its bundle identifier. */
	public static final String IO_USER_SERVER_NAME = "IOUserServerName";
	/** Vendor/device register (0x00) or subsystem register (0x2C): space-separated hex values, each with optional {@code &mask}. */
	public static final String IO_PCI_MATCH = "IOPCIMatch";
	/** Vendor/device register (0x00) only. */
	public static final String IO_PCI_PRIMARY_MATCH = "IOPCIPrimaryMatch";
	/** Subsystem register (0x2C) only. */
	public static final String IO_PCI_SECONDARY_MATCH = "IOPCISecondaryMatch";
	/** Class code register (0x08); default mask {@code 0xffffff00}. */
	public static final String IO_PCI_CLASS_MATCH = "IOPCIClassMatch";
	/** Dictionary: every key must be present in the provider's properties with an equal value. */
	public static final String IO_PROPERTY_MATCH = "IOPropertyMatch";
	/** String or array: one must equal the provider's name or one of its {@code compatible} names. */
	public static final String IO_NAME_MATCH = "IONameMatch";
	/** String or array: named resources that must be published. */
	public static final String IO_RESOURCE_MATCH = "IOResourceMatch";
	/** Integer: the personality's base probe score (default 0). */
	public static final String IO_PROBE_SCORE = "IOProbeScore";
	/** String: drivers in one category compete; one per category starts on a provider. */
	public static final String IO_MATCH_CATEGORY = "IOMatchCategory";

	/** The value of {@link #IO_CLASS} for SCSI HBA controllers. */
	public static final String IO_USER_SCSI_PARALLEL_INTERFACE_CONTROLLER = "IOUserSCSIParallelInterfaceController";
	/** The value of {@link #CF_BUNDLE_IDENTIFIER_KERNEL} for SCSI HBA controllers. */
	public static final String IO_SCSI_PARALLEL_FAMILY = "com.apple.iokit.IOSCSIParallelFamily";
	/** The provider class of PCI devices. */
	public static final String IO_PCI_DEVICE = "IOPCIDevice";
	/** The provider class of resource-matched (virtual) controllers. */
	public static final String IO_RESOURCES = "IOResources";
	/** The default match category. */
	public static final String IO_DEFAULT_MATCH_CATEGORY = "IODefaultMatchCategory";

	private IOKitPersonalityKeys() {
	}
}
