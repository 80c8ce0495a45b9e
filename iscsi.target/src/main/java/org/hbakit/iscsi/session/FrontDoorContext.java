package org.hbakit.iscsi.session;

import java.util.concurrent.atomic.AtomicInteger;

import org.hbakit.iscsi.login.AccessPolicy;
import org.hbakit.iscsi.target.TargetCatalog;
import org.hbakit.iscsi.text.TargetLimits;

/**
 * What every connection of one front door shares: the exported targets, the live sessions, who may log in, the
 * negotiation limits and the bounds that keep hostile clients from exhausting the platform (connections, login
 * time, buffer memory per connection). The policy may be replaced at run time (configuration change); the rest is
 * fixed for the life of the listener.
 */
public final class FrontDoorContext {
	/** Default most connections at once. */
	public static final int DEFAULT_MAX_CONNECTIONS = 256;
	/** Default time a connection may take to reach full feature phase. */
	public static final long DEFAULT_LOGIN_TIMEOUT_MS = 30_000;
	/** Most task buffer bytes one connection may hold; beyond it the connection stops reading until some are freed. */
	public static final int BUFFER_BUDGET = 64 << 20;
	/** Largest Expected Data Transfer Length of one command. */
	public static final int MAX_TRANSFER = 16 << 20;

	final TargetCatalog catalog;
	final SessionRegistry sessions = new SessionRegistry();
	final TargetLimits limits;
	final FrontDoorLog log;
	final int maxConnections;
	final long loginTimeoutMs;
	final AtomicInteger connections = new AtomicInteger();
	final java.util.concurrent.atomic.AtomicLong logins = new java.util.concurrent.atomic.AtomicLong();
	private volatile AccessPolicy policy;

	public FrontDoorContext(TargetCatalog catalog, AccessPolicy policy, TargetLimits limits, FrontDoorLog log,
			int maxConnections, long loginTimeoutMs) {
		this.catalog = catalog;
		this.policy = policy;
		this.limits = limits;
		this.log = log;
		this.maxConnections = maxConnections;
		this.loginTimeoutMs = loginTimeoutMs;
	}

	public AccessPolicy policy() {
		return policy;
	}

	/** Replaces the policy; logins that begin afterwards use it. */
	public void policy(AccessPolicy p) {
		policy = p;
	}

	public SessionRegistry sessions() {
		return sessions;
	}

	public TargetCatalog catalog() {
		return catalog;
	}

	/** Logins that reached full feature phase. */
	public long logins() {
		return logins.get();
	}

	/** Connections open now. */
	public int connections() {
		return connections.get();
	}
}
