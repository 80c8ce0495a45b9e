package org.hbakit.bridge.supervisor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hbakit.controller.api.registry.IOKitRegistry;

/**
 * One thread group per controller bundle, named {@value IOKitRegistry#CONTROLLER_THREAD_GROUP_PREFIX} and the
 * bundle's symbolic name: every queue of the bundle's instances runs in it, and so do the threads its code starts
 * from there (a new thread joins its creator's group), as a dext's threads live in its own process. A conformance
 * kit finds what a controller left running by it. Groups are kept for the bridge's life: one per symbolic name
 * ever seen, a few objects each; they reference no class loader.
 */
final class ControllerThreads {
	private static final Map<String, ThreadGroup> GROUPS = new ConcurrentHashMap<>();

	private ControllerThreads() {
	}

	static ThreadGroup group(String bundleSymbolicName) {
		return GROUPS.computeIfAbsent(bundleSymbolicName,
				bsn -> new ThreadGroup(ROOT, IOKitRegistry.CONTROLLER_THREAD_GROUP_PREFIX + bsn));
	}

	/** The JVM's root group: never a daemon group, so its children are not destroyed when their threads end. */
	private static final ThreadGroup ROOT = root();

	private static ThreadGroup root() {
		ThreadGroup g = Thread.currentThread().getThreadGroup();
		while (g.getParent() != null) {
			g = g.getParent();
		}
		return g;
	}
}
