package org.hbakit.console;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs at most one console-started workload at a time, on its own thread, and remembers how the last one ended.
 * Starting returns at once; {@link #status()} tells the pages (and {@code workload.json}) what runs.
 */
final class WorkloadRunner implements AutoCloseable {
	/**
	 * What the runner is doing, or did last.
	 *
	 * @param running         whether a workload runs now
	 * @param command         its command line, or empty if none was started
	 * @param startedAtMillis when it started (milliseconds since the epoch), 0 if none
	 * @param endedAtMillis   when it ended, 0 while it runs
	 * @param succeeded       whether it ended without error (false while it runs)
	 * @param output          its report, or the error, once it ended
	 */
	record Status(boolean running, String command, long startedAtMillis, long endedAtMillis, boolean succeeded,
			String output) {
	}

	private final GogoShell shell;
	private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "hbakit-console-workload");
		t.setDaemon(true);
		return t;
	});
	private Status status = new Status(false, "", 0, 0, false, "");

	WorkloadRunner(GogoShell shell) {
		this.shell = shell;
	}

	/**
	 * Starts {@code command}.
	 *
	 * @throws IllegalStateException if a workload already runs
	 */
	synchronized Status start(WorkloadCommand command) {
		if (status.running()) {
			throw new IllegalStateException("a workload already runs: " + status.command());
		}
		List<String> words = command.words();
		String line = String.join(" ", words);
		status = new Status(true, line, System.currentTimeMillis(), 0, false, "");
		thread.execute(() -> run(words, line));
		return status;
	}

	synchronized Status status() {
		return status;
	}

	private void run(List<String> words, String line) {
		String output = "ended abnormally";
		boolean ok = false;
		try {
			output = shell.run(words);
			ok = true;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			output = "interrupted";
		} catch (Exception e) { // the command's failure is the run's outcome, shown to the operator
			output = e.getMessage() == null ? e.toString() : e.getMessage();
		} finally { // even on an Error, the runner is free again
			synchronized (this) {
				status = new Status(false, line, status.startedAtMillis(), System.currentTimeMillis(), ok, output);
			}
		}
	}

	/** Stops a running workload (its thread is interrupted) and the runner. */
	@Override
	public void close() {
		thread.shutdownNow();
	}
}
