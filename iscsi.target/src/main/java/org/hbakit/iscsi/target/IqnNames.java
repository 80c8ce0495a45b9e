package org.hbakit.iscsi.target;

/**
 * The front door's iSCSI names (RFC 7143 §4.2.7.2): one target per SCSI target of each HBA,
 * {@code iqn.2026-12.org.hbakit:<hba>.<target id>}.
 */
public final class IqnNames {
	/** The naming authority prefix. */
	public static final String PREFIX = "iqn.2026-12.org.hbakit:";

	private IqnNames() {
	}

	/** The target name of SCSI target {@code targetId} on HBA {@code hba}, e.g. {@code iqn.2026-12.org.hbakit:hba0.0}. */
	public static String target(String hba, long targetId) {
		return PREFIX + hba.toLowerCase(java.util.Locale.ROOT) + "." + targetId;
	}
}
