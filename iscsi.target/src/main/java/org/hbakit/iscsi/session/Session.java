package org.hbakit.iscsi.session;

import org.hbakit.iscsi.target.ExportedTarget;
import org.hbakit.iscsi.text.OperationalParameters;

/**
 * One iSCSI session (an I_T nexus): initiator name and ISID, the TSIH the target gave it, its target (none for a
 * discovery session), the negotiated parameters and its command window. The front door allows one connection per
 * session (MaxConnections=1), so everything here is used on that connection's event loop; other threads only read
 * the final fields.
 */
public final class Session {
	final int tsih;
	final long isid;
	final String initiatorName;
	final ExportedTarget target;
	final boolean discovery;
	final OperationalParameters parameters;
	final CommandWindow window;
	final Connection connection;
	/** The I_T nexus identifier (RFC 7143 §4.4.2: initiator name and ISID). */
	final String nexus;
	/** Unit attentions the front door established for this nexus. */
	final org.hbakit.iscsi.scsi.NexusAttentions attentions = new org.hbakit.iscsi.scsi.NexusAttentions();

	Session(int tsih, long isid, String initiatorName, ExportedTarget target, OperationalParameters parameters,
			int initialCmdSN, Connection connection) {
		this.tsih = tsih;
		this.isid = isid;
		this.initiatorName = initiatorName;
		this.target = target;
		this.discovery = target == null;
		this.parameters = parameters;
		this.window = new CommandWindow(initialCmdSN);
		this.connection = connection;
		this.nexus = initiatorName + ",i,0x" + String.format("%012x", isid);
	}

	/** The TSIH. */
	public int tsih() {
		return tsih;
	}

	public String initiatorName() {
		return initiatorName;
	}

	/** The target, or null for a discovery session. */
	public ExportedTarget target() {
		return target;
	}

	/** The I_T nexus identifier (RFC 7143 §4.4.2: initiator name and ISID). */
	public String nexus() {
		return nexus;
	}

	/** The session's connection. */
	public Connection connection() {
		return connection;
	}

	/** Whether this is a discovery session. */
	public boolean discovery() {
		return discovery;
	}

	@Override
	public String toString() {
		return "session " + tsih + " " + nexus() + (discovery ? " (discovery)" : " to " + target.name());
	}
}
