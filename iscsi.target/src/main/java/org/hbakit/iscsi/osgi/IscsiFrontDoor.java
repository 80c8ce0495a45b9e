package org.hbakit.iscsi.osgi;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.hbakit.controller.api.client.SCSILogicalUnit;
import org.hbakit.iscsi.login.AccessPolicy;
import org.hbakit.iscsi.login.ChapCredentials;
import org.hbakit.iscsi.session.FrontDoorContext;
import org.hbakit.iscsi.session.FrontDoorLog;
import org.hbakit.iscsi.session.FrontDoorServer;
import org.hbakit.iscsi.target.TargetCatalog;
import org.hbakit.iscsi.text.TargetLimits;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The iSCSI front door: exports every {@link SCSILogicalUnit} the bridge publishes as LUNs of iSCSI targets
 * {@code iqn.2026-12.org.hbakit:<hba>.<target id>} on one TCP portal (configuration PID {@value #PID}).
 * <p>
 * The units are a whiteboard (DS calls the bind methods on its threads as units come and go); a change of the
 * address, port, I/O threads or transport restarts the listener (sessions end, initiators log in again), a change
 * of the access settings (CHAP, initiators) applies to the next logins. When the configuration lacks {@code enabled},
 * {@code address} or {@code port}, the framework properties {@code org.hbakit.iscsi.enabled},
 * {@code org.hbakit.iscsi.address} and {@code org.hbakit.iscsi.port} give them (the quick-start runtime enables the
 * front door that way; tests and CI pick their own port).
 */
@Component(immediate = true, configurationPid = IscsiFrontDoor.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
		service = IscsiFrontDoor.class)
@Designate(ocd = IscsiFrontDoor.Config.class)
public final class IscsiFrontDoor {
	/** Configuration PID. */
	public static final String PID = "org.hbakit.iscsi";
	/** Listening address when neither the configuration nor the framework property names one. */
	public static final String DEFAULT_ADDRESS = "127.0.0.1";
	/** Listening port when neither the configuration nor the framework property names one (IANA iscsi-target). */
	public static final int DEFAULT_PORT = 3260;

	@ObjectClassDefinition(name = "HBAKit iSCSI front door")
	public @interface Config {
		// enabled, address and port have no annotation default, so a configuration that lacks them is told apart and
		// the framework properties give them (the defaults below are the metatype's and those of apply())
		@AttributeDefinition(description = "Whether the front door listens", defaultValue = "false")
		boolean enabled();

		@AttributeDefinition(description = "Address to listen on", defaultValue = "127.0.0.1")
		String address();

		@AttributeDefinition(description = "TCP port to listen on (0: any free port)", defaultValue = "3260")
		int port();

		@AttributeDefinition(description = "CHAP: the user name initiators must authenticate as (empty: no CHAP)")
		String chap_user() default "";

		@AttributeDefinition(description = "CHAP: the initiators' secret", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
		String chap_secret() default "";

		@AttributeDefinition(description = "Mutual CHAP: the name the target answers with (empty: no mutual CHAP)")
		String chap_target_user() default "";

		@AttributeDefinition(description = "Mutual CHAP: the target's secret", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
		String chap_target_secret() default "";

		@AttributeDefinition(description = "Initiator names allowed to log in to targets (empty: any)")
		String[] initiators() default {};

		@AttributeDefinition(description = "Event loops serving connections")
		int ioThreads() default 2;

		@AttributeDefinition(description = "Use the native epoll transport when available")
		boolean epoll() default true;

		@AttributeDefinition(description = "Most connections at once")
		int maxConnections() default FrontDoorContext.DEFAULT_MAX_CONNECTIONS;
	}

	private final BundleContext context;
	private final Logger log;
	private final TargetCatalog catalog = new TargetCatalog();
	private final FrontDoorLog frontDoorLog;
	private FrontDoorContext door;
	private FrontDoorServer server;
	private Listener listening;

	/** The listener settings; a change restarts the server. */
	private record Listener(boolean enabled, String address, int port, int ioThreads, boolean epoll, int maxConnections) {
	}

	@Activate
	public IscsiFrontDoor(BundleContext context, Config config, Map<String, Object> properties,
			@Reference(service = LoggerFactory.class) Logger log) {
		this.context = context;
		this.log = log;
		this.frontDoorLog = FrontDoorLog.of(log::info, log::warn, log::error);
		apply(config, properties);
	}

	@Modified
	void modified(Config config, Map<String, Object> properties) {
		apply(config, properties);
	}

	@Deactivate
	synchronized void deactivate() {
		stop();
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	void addUnit(SCSILogicalUnit unit, Map<String, Object> properties) {
		catalog.add(unit, properties);
	}

	void updatedUnit(SCSILogicalUnit unit, Map<String, Object> properties) {
		catalog.add(unit, properties);
	}

	void removeUnit(SCSILogicalUnit unit, Map<String, Object> properties) {
		catalog.remove(unit, properties);
	}

	/** The bound portal, or null while the front door does not listen. */
	public synchronized InetSocketAddress portal() {
		return server == null ? null : server.address();
	}

	/** The live sessions (empty while the front door does not listen). */
	public synchronized java.util.List<org.hbakit.iscsi.session.Session> sessions() {
		return door == null ? java.util.List.of() : door.sessions().all();
	}

	/** Logins completed since the listener started. */
	public synchronized long logins() {
		return door == null ? 0 : door.logins();
	}

	/** The exported targets. */
	public java.util.List<org.hbakit.iscsi.target.ExportedTarget> targets() {
		return catalog.targets();
	}

	private synchronized void apply(Config config, Map<String, Object> properties) {
		boolean enabled = properties.containsKey("enabled") ? config.enabled()
				: Boolean.parseBoolean(frameworkProperty("enabled", "false"));
		String address = properties.containsKey("address") ? config.address()
				: frameworkProperty("address", DEFAULT_ADDRESS);
		int port = properties.containsKey("port") ? config.port()
				: Integer.parseInt(frameworkProperty("port", Integer.toString(DEFAULT_PORT)));
		Listener wanted = new Listener(enabled, address, port, Math.max(1, config.ioThreads()), config.epoll(),
				Math.max(1, config.maxConnections()));
		AccessPolicy policy = new AccessPolicy(new ChapCredentials(config.chap_user(), config.chap_secret(),
				config.chap_target_user(), config.chap_target_secret()), Set.copyOf(Arrays.asList(config.initiators())));
		if (wanted.equals(listening) && door != null) {
			door.policy(policy);
			log.info("iSCSI front door: access settings changed (" + policy.chap() + ", "
					+ (policy.allowedInitiators().isEmpty() ? "any initiator" : policy.allowedInitiators()) + ")");
			return;
		}
		stop();
		listening = wanted;
		if (!enabled) {
			log.info("iSCSI front door disabled");
			return;
		}
		door = new FrontDoorContext(catalog, policy, TargetLimits.DEFAULT, frontDoorLog, wanted.maxConnections(),
				FrontDoorContext.DEFAULT_LOGIN_TIMEOUT_MS);
		try {
			server = new FrontDoorServer(door, new InetSocketAddress(address, port), wanted.ioThreads(), wanted.epoll());
			log.info("iSCSI front door listening on " + server.address().getAddress().getHostAddress() + ":"
					+ server.address().getPort() + " (" + (server.epoll() ? "epoll" : "nio") + ", " + wanted.ioThreads()
					+ " I/O threads, " + policy.chap() + "); targets: "
					+ catalog.targets().stream().map(Object::toString).collect(Collectors.joining(", ")));
		} catch (Exception e) {
			log.error("iSCSI front door cannot listen on " + address + ":" + port + ": " + e, e);
			server = null;
			door = null;
		}
	}

	private String frameworkProperty(String key, String fallback) {
		String v = context.getProperty(PID + "." + key);
		return v == null || v.isBlank() ? fallback : v.trim();
	}

	private void stop() {
		if (server != null) {
			server.close();
			server = null;
			log.info("iSCSI front door stopped");
		}
		door = null;
		listening = null;
	}
}
