package org.hbakit.conformance.internal;

import static org.hbakit.conformance.internal.CheckFailure.require;

import java.util.List;

import org.hbakit.controller.api.registry.IOKitRegistry;

/**
 * {@code stop.threads}: once every instance stopped, no thread of the controller's bundle is left running within
 * {@value #END_MS} ms: none in its thread group ({@link IOKitRegistry#CONTROLLER_THREAD_GROUP_PREFIX} and its
 * symbolic name), where the framework runs its queues and where the threads its code starts from them land.
 */
final class ThreadsCheck implements Check {
	static final long END_MS = 5_000;

	@Override
	public String id() {
		return "stop.threads";
	}

	@Override
	public String run(RunContext run) throws Exception {
		String group = IOKitRegistry.CONTROLLER_THREAD_GROUP_PREFIX + run.subject.symbolicName();
		boolean none = Waits.until(() -> threads(group).isEmpty(), END_MS);
		require(none, "threads still running " + END_MS + " ms after the last Stop: " + threads(group));
		return "no thread of " + group + " left running";
	}

	static List<String> threads(String group) {
		return Thread.getAllStackTraces().keySet().stream()
				.filter(t -> t.isAlive() && t.getThreadGroup() != null && group.equals(t.getThreadGroup().getName()))
				.map(Thread::getName).sorted().toList();
	}
}
