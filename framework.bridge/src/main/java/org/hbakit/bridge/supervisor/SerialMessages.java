package org.hbakit.bridge.supervisor;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A supervisor's messages: one thread runs them one at a time, in the order posted; timers only post. Whatever a
 * message throws completes its future exceptionally and is logged (argument and state refusals excepted, they are
 * the caller's answer); the thread goes on with the next. Each message ends with the supervisor's own epilogue (its
 * releases waited for) before its future completes.
 */
final class SerialMessages {
	/** A message handler. */
	@FunctionalInterface
	interface Handler {
		void run() throws Exception;
	}

	private final String name;
	private final ExecutorService executor;
	private final ScheduledExecutorService timer;
	private final System.Logger log;
	private final Handler epilogue;
	/** Messages posted and not yet finished, the running one included. */
	private final AtomicInteger unfinished = new AtomicInteger();

	/** @param epilogue runs after every message, before its future completes */
	SerialMessages(String name, ScheduledExecutorService timer, System.Logger log, Handler epilogue) {
		this.name = name;
		this.timer = timer;
		this.log = log;
		this.epilogue = epilogue;
		this.executor = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, name + "-supervisor");
			t.setDaemon(true);
			return t;
		});
	}

	/**
	 * Whether a message runs now or is posted and has not run yet. A message posted to this device by another
	 * device's (the move turn given back) counts from the moment it is posted, so no one sees this device idle in
	 * between.
	 */
	boolean hasUnfinished() {
		return unfinished.get() > 0;
	}

	void post(Handler h) {
		call(() -> {
			h.run();
			return null;
		});
	}

	/** Posts {@code h} after {@code delayMs}. */
	void schedule(Handler h, long delayMs) {
		try {
			timer.schedule(() -> post(h), delayMs, TimeUnit.MILLISECONDS);
		} catch (RejectedExecutionException e) {
			// the bridge is stopping
		}
	}

	<T> CompletableFuture<T> call(Callable<T> c) {
		CompletableFuture<T> f = new CompletableFuture<>();
		unfinished.incrementAndGet();
		try {
			executor.execute(() -> {
				try {
					T value;
					try {
						value = c.call();
					} finally {
						epilogue.run();
					}
					f.complete(value);
				} catch (Throwable t) {
					if (!(t instanceof IllegalStateException || t instanceof IllegalArgumentException)) {
						log.log(System.Logger.Level.ERROR, name + ": supervisor message failed", t);
					}
					f.completeExceptionally(t);
				} finally {
					unfinished.decrementAndGet();
				}
			});
		} catch (RejectedExecutionException e) {
			unfinished.decrementAndGet();
			f.completeExceptionally(new IllegalStateException(name + " is removed"));
		}
		return f;
	}

	/** No more messages once those posted ran. */
	void shutdown() {
		executor.shutdown();
	}
}
