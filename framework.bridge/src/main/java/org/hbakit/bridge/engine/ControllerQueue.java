package org.hbakit.bridge.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One controller instance's queue: the framework thread ({@code <hba>-controller}) on which every call into that
 * instance's code is made, except the I/O calls a client makes on its own thread. It is DriverKit's {@code Default}
 * dispatch queue of a dext: instantiation, probe, the start sequence, task management, power, stop and release run
 * here, one at a time; so does the dispatch of requests that had to wait (the pump), so that a completion callback
 * never calls back into the controller.
 * <p>
 * Framework threads (supervisors, the watchdog, OSGi's) never run controller code themselves: they post to this
 * queue and wait with a bound ({@link #call}). A call that overruns its bound leaves the queue stuck; later calls
 * fail at once instead of queueing behind it, until it returns. Whatever controller code throws ({@link Error}s
 * included) is contained here. The pump request is a flag, so signalling it allocates nothing.
 */
public final class ControllerQueue {
	private final String name;
	private final Thread thread;
	private final ConcurrentLinkedQueue<Runnable> jobs = new ConcurrentLinkedQueue<>();
	private final AtomicBoolean pumpRequested = new AtomicBoolean();
	private final System.Logger log;
	private volatile Runnable pump = () -> {
	};
	private volatile boolean parked;
	private volatile boolean closed;
	/** What the thread runs now (null when idle) and since when: a call past its bound shows here. */
	private volatile String running;
	private volatile long runningSinceNanos;

	/** Starts the queue's thread. */
	public ControllerQueue(String name, System.Logger log) {
		this(Thread.currentThread().getThreadGroup(), name, log);
	}

	/**
	 * Starts the queue's thread in {@code group}: the threads controller code starts from its queue join that group
	 * too (a thread's group is its creator's), which is how a controller bundle's threads are told apart.
	 */
	public ControllerQueue(ThreadGroup group, String name, System.Logger log) {
		this.name = name;
		this.log = log;
		this.thread = new Thread(group, this::loop, name);
		thread.setDaemon(true);
		thread.start();
	}

	/** What dispatches waiting requests when {@link #signalPump()} is called; runs on this queue. */
	void pump(Runnable pump) {
		this.pump = pump;
	}

	/**
	 * Runs {@code call} on this queue and waits for it at most {@code timeoutMs}.
	 *
	 * @return how it ended; never throws what the controller threw
	 */
	public <T> ControllerCall<T> call(String what, Callable<T> call, long timeoutMs) throws InterruptedException {
		if (isOnQueueThread()) {
			return run(what, call); // nested: already on the controller's queue
		}
		String stuck = running; // read before its start time (written in the other order)
		if (stuck != null && System.nanoTime() - runningSinceNanos > TimeUnit.MILLISECONDS.toNanos(timeoutMs)) {
			return new ControllerCall<>(null, null, true, what + " (the controller's queue is still in " + stuck + ")");
		}
		if (closed) {
			return new ControllerCall<>(null, new IllegalStateException("controller queue " + name + " is closed"),
					false, what);
		}
		CountDownLatch done = new CountDownLatch(1);
		@SuppressWarnings("unchecked")
		ControllerCall<T>[] result = new ControllerCall[1];
		post(() -> {
			result[0] = run(what, call);
			done.countDown();
		});
		if (!done.await(timeoutMs, TimeUnit.MILLISECONDS)) {
			return new ControllerCall<>(null, null, true, what);
		}
		return result[0];
	}

	/** Posts {@code job} to run on this queue (its failures are logged); never waits. */
	public void post(Runnable job) {
		jobs.add(job);
		wake();
	}

	/** Asks for the pump to run soon on this queue; coalesced, allocation-free. */
	public void signalPump() {
		if (!pumpRequested.get() && pumpRequested.compareAndSet(false, true)) {
			wake();
		}
	}

	/** Ends the thread once the jobs posted before this ran. */
	public void close() {
		post(() -> closed = true);
	}

	public boolean isOnQueueThread() {
		return Thread.currentThread() == thread;
	}

	/** The call running now, or null. */
	public String running() {
		return running;
	}

	public String name() {
		return name;
	}

	private <T> ControllerCall<T> run(String what, Callable<T> call) {
		String outer = running;
		long outerSince = runningSinceNanos;
		// since before what: a reader that sees the new name sees its start time
		runningSinceNanos = System.nanoTime();
		running = what;
		try {
			return new ControllerCall<>(call.call(), null, false, what);
		} catch (Throwable t) {
			return new ControllerCall<>(null, t, false, what);
		} finally {
			running = outer;
			runningSinceNanos = outerSince;
		}
	}

	private void wake() {
		if (parked) {
			LockSupport.unpark(thread);
		}
	}

	private void loop() {
		while (!closed) {
			try {
				if (pumpRequested.get() && pumpRequested.compareAndSet(true, false)) {
					runningSinceNanos = System.nanoTime();
					running = "dispatch of waiting requests";
					pump.run();
					running = null;
					continue;
				}
				Runnable job = jobs.poll();
				if (job != null) {
					job.run();
					continue;
				}
				parked = true;
				if (!pumpRequested.get() && jobs.isEmpty() && !closed) {
					LockSupport.park(this);
				}
				parked = false;
			} catch (Throwable t) {
				running = null;
				// a framework thread's loop survives anything; what the controller threw is its violation
				log.log(System.Logger.Level.ERROR, name + ": a job failed", t);
			}
		}
	}
}
