package org.hbakit.controller.api.client;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One logical unit behind a bound controller, published by the framework as an OSGi service once the LUN scan
 * (REPORT LUNS, INQUIRY, READ CAPACITY) found it, with its identity as service properties. Withdrawn when the
 * logical unit, its target or its HBA's binding goes away; during a controller hot swap it stays registered and
 * requests just wait. Thread-safe.
 */
@ProviderType
public interface SCSILogicalUnit {
	/** Service property (String): the HBA's PCI location. */
	String HBA_LOCATION = "hba.location";
	/** Service property (String): the HBA's short name, e.g. {@code hba0}. */
	String HBA_NAME = "hba.name";
	/** Service property (Long): target id. */
	String TARGET_ID = "scsi.target";
	/**
	 * Service property (Long): logical unit number. For a single-level LUN its number (0..16383); for a
	 * hierarchical (multi-level) LUN, published only when the controller reports
	 * {@code kIOHierarchicalLogicalUnitSupportKey}, its four 2-byte levels as Linux numbers them: level 1 in bits
	 * 0-15 up to level 4 in bits 48-63, always 65536 or more.
	 */
	String LUN = "scsi.lun";
	/** Service property (String): INQUIRY vendor identification, trimmed. */
	String VENDOR = "scsi.vendor";
	/** Service property (String): INQUIRY product identification, trimmed. */
	String PRODUCT = "scsi.product";
	/** Service property (String): INQUIRY product revision, trimmed. */
	String REVISION = "scsi.revision";
	/** Service property (Integer): peripheral device type. */
	String DEVICE_TYPE = "scsi.device.type";
	/** Service property (Long): number of logical blocks. */
	String BLOCK_COUNT = "scsi.block.count";
	/** Service property (Integer): logical block length in bytes. */
	String BLOCK_SIZE = "scsi.block.size";
	/** Service property (Long): capacity in bytes. */
	String CAPACITY = "scsi.capacity";
	/**
	 * Service property (Boolean): true for a unit that moves no data (like Linux null_blk), for measuring dispatch
	 * alone; the framework sets it when the unit's INQUIRY product identification is {@link #NULL_PRODUCT}.
	 */
	String NULL_UNIT = "scsi.null";
	/** The INQUIRY product identification of units that move no data (the simulated machine's null disks). */
	String NULL_PRODUCT = "NULLDISK";
	/**
	 * Service property (String): a unique name, {@code <hba>:<target>:<lun>}, e.g. {@code hba0:0:1}; a hierarchical
	 * LUN is named by its levels in hex without the trailing zero ones, e.g. {@code hba0:0:0001-0002}.
	 */
	String UNIT_NAME = "scsi.unit";

	/** {@link #UNIT_NAME}. */
	String name();

	/** Number of logical blocks (from READ CAPACITY). */
	long blockCount();

	/** Logical block length in bytes. */
	int blockSize();

	/** Default timeout of a command, in milliseconds. */
	long DEFAULT_TIMEOUT_MS = 30_000;

	/**
	 * Executes one SCSI command and waits for it.
	 *
	 * @param cdb       the command descriptor block; {@code cdbLength} bytes of it are sent
	 * @param data      host memory the command reads or writes ({@code remaining()} bytes from its position),
	 *                  or null for a command without data
	 * @param direction a {@link org.hbakit.controller.api.SCSIDataTransferDirection} value
	 * @param timeoutMs the task's timeout ({@code fTimeoutInMilliSec}); 0 means {@link #DEFAULT_TIMEOUT_MS}
	 * @return how it ended: any SCSI outcome (CHECK CONDITION included) is a result, not an exception
	 * @throws IllegalArgumentException if the CDB length is not 1..16, or data is missing for the direction
	 */
	SCSITaskResult execute(byte[] cdb, int cdbLength, ByteBuffer data, int direction, long timeoutMs)
			throws InterruptedException;

	/** As {@link #execute}, completing the stage when the command ends (never exceptionally for SCSI outcomes). */
	CompletionStage<SCSITaskResult> submit(byte[] cdb, int cdbLength, ByteBuffer data, int direction, long timeoutMs);

	/**
	 * Reads {@code dst.remaining() / blockSize()} blocks from {@code lba} into {@code dst} (READ(16)).
	 *
	 * @throws SCSITaskException if the command does not end GOOD
	 */
	void read(long lba, ByteBuffer dst) throws SCSITaskException, InterruptedException;

	/** Writes {@code src.remaining() / blockSize()} blocks at {@code lba} (WRITE(16)). */
	void write(long lba, ByteBuffer src) throws SCSITaskException, InterruptedException;
}
