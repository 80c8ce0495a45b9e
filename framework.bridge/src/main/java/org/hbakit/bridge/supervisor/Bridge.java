package org.hbakit.bridge.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.hbakit.bridge.engine.EngineSettings;
import org.hbakit.controller.api.pci.IOPCIDevice;

/**
 * Every device's supervisor, and what they share: the watchdog (one thread for all devices; it only reads task
 * states and posts), the statistics interval, and the bounded waits of the OSGi threads that ask something of a
 * device. Pure Java: the OSGi layer feeds it devices and controller services.
 */
public final class Bridge {
	/** How often the watchdog looks at every task. */
	static final long WATCHDOG_PERIOD_MS = 5;

	private final SupervisorContext context;
	private final Map<String, DeviceSupervisor> devices = new ConcurrentHashMap<>();
	private final ScheduledFuture<?> watchdog;
	private final ScheduledFuture<?> statistics;
	private final UnavailableWarnings unavailable;
	private final Object changes = new Object();
	private final AtomicInteger activities = new AtomicInteger();
	private final Object quiet = new Object();

	public Bridge(SupervisorContext context) {
		this.context = context;
		this.unavailable = new UnavailableWarnings(context);
		this.watchdog = context.timer().scheduleWithFixedDelay(this::watch, WATCHDOG_PERIOD_MS, WATCHDOG_PERIOD_MS,
				TimeUnit.MILLISECONDS);
		this.statistics = context.timer().scheduleAtFixedRate(this::rollStatistics, 1, 1, TimeUnit.SECONDS);
	}

	public SupervisorContext context() {
		return context;
	}

	/** What matching may use: the versions rule, withheld bundles and install holds over the controller services. */
	public CandidatePool candidates() {
		return context.candidates();
	}

	/** A device appeared: it gets a supervisor, which offers it to matching. */
	public DeviceSupervisor addDevice(IOPCIDevice device, String name) {
		DeviceSupervisor s = new DeviceSupervisor(device, Objects.requireNonNull(name), context);
		DeviceSupervisor old = devices.put(device.location(), s);
		if (old != null) {
			old.remove("replaced by a new device at " + device.location());
		}
		s.match();
		return s;
	}

	/**
	 * A device went away; waits for its supervisor at most the bound of one unbind. The device stays listed until
	 * its controller stopped and its instance went back to its service, so whoever waits for it to go may then
	 * uninstall the controller's bundle.
	 */
	public void removeDevice(IOPCIDevice device) {
		DeviceSupervisor s = devices.get(device.location());
		if (s != null) {
			await(s.remove("device removed"), "removing " + s.name());
			devices.remove(device.location(), s);
		}
	}

	/**
	 * Personalities, controller services or withheld bundles changed: unbound devices try again, bound ones move if
	 * their controller was superseded or withheld.
	 */
	public void candidatesChanged() {
		devices.values().forEach(DeviceSupervisor::match);
		unavailable.changed();
		synchronized (changes) {
			changes.notifyAll();
		}
	}

	/**
	 * Waits until {@code condition} holds, testing it again after each {@link #candidatesChanged()}.
	 *
	 * @return whether it held within {@code timeoutMillis}
	 */
	public boolean awaitCandidates(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		synchronized (changes) {
			while (!condition.getAsBoolean()) {
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0) {
					return false;
				}
				changes.wait(left);
			}
			return true;
		}
	}

	/**
	 * A controller service is unregistering (its bundle stops or updates): every device it drives is drained and
	 * stopped now, so the old revision is released before its bundle goes. Waits, bounded, on the unregistering
	 * thread.
	 */
	public void controllerGone(ControllerFactory factory) {
		List<CompletableFuture<Void>> waits = new ArrayList<>();
		for (DeviceSupervisor s : devices.values()) {
			waits.add(s.controllerGone(factory));
		}
		for (CompletableFuture<Void> f : waits) {
			await(f, "unbinding a controller that went away");
		}
	}

	/** The supervisor of the device with that location or HBA name. */
	public DeviceSupervisor find(String locationOrName) {
		DeviceSupervisor s = devices.get(locationOrName);
		if (s == null) {
			s = devices.values().stream().filter(d -> d.name().equals(locationOrName)).findFirst().orElse(null);
		}
		if (s == null) {
			throw new IllegalArgumentException("no HBA named or located '" + locationOrName + "'");
		}
		return s;
	}

	public List<DeviceSupervisor> devices() {
		return List.copyOf(devices.values());
	}

	/** Work outside the supervisors that changes what they do (a deployment); {@link #awaitQuiescence} waits for it. */
	public interface Activity extends AutoCloseable {
		/** The work is done; a second call does nothing. */
		@Override
		void close();
	}

	/** Starts an {@link Activity}. */
	public Activity activity() {
		activities.incrementAndGet();
		AtomicBoolean open = new AtomicBoolean(true);
		return () -> {
			if (open.getAndSet(false) && activities.decrementAndGet() == 0) {
				synchronized (quiet) {
					quiet.notifyAll();
				}
			}
		};
	}

	/**
	 * Waits until no {@link Activity} is open, then {@link #awaitSettled settled} devices.
	 *
	 * @return false if that did not happen within {@code timeoutMillis}
	 */
	public boolean awaitQuiescence(long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		synchronized (quiet) {
			while (activities.get() > 0) {
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0) {
					return false;
				}
				quiet.wait(left);
			}
		}
		return awaitSettled(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
	}

	/**
	 * Waits until every supervisor has run what was posted before and no device is between two states.
	 *
	 * @return false if that did not happen within {@code timeoutMillis}
	 */
	public boolean awaitSettled(long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		while (System.nanoTime() - deadline < 0) {
			try {
				for (DeviceSupervisor s : devices()) {
					s.barrier().get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
							TimeUnit.MILLISECONDS);
				}
			} catch (ExecutionException | TimeoutException e) {
				return false;
			}
			if (devices().stream().noneMatch(DeviceSupervisor::busy)) {
				return true;
			}
			Thread.onSpinWait();
		}
		return false;
	}

	/** The bridge stops: every device is unbound (bounded), the timer stops. */
	public void close() {
		List<CompletableFuture<Void>> waits = new ArrayList<>();
		for (DeviceSupervisor s : devices.values()) {
			waits.add(s.remove("framework bridge stopping"));
		}
		for (CompletableFuture<Void> f : waits) {
			await(f, "stopping the bridge");
		}
		devices.clear();
		watchdog.cancel(false);
		statistics.cancel(false);
	}

	/** The longest a supervisor may take for one unbind: drain, abort, stop, with a margin. */
	private long unbindBoundMs() {
		EngineSettings s = context.settings().get();
		return s.drainTimeoutMs() * 2 + s.abortGraceMs() + s.controllerCallTimeoutMs() + 1_000;
	}

	private void await(CompletableFuture<?> f, String what) {
		long bound = unbindBoundMs();
		try {
			f.get(bound, TimeUnit.MILLISECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (ExecutionException e) {
			context.log().log(System.Logger.Level.WARNING, what + " failed: " + e.getCause());
		} catch (TimeoutException e) {
			context.log().log(System.Logger.Level.WARNING, what + " did not finish within " + bound
					+ " ms; a controller is not answering, going on without it");
		}
	}

	private void watch() {
		long now = System.nanoTime();
		for (DeviceSupervisor s : devices.values()) {
			try {
				s.tick(now);
			} catch (Throwable t) {
				// the watchdog serves every device: nothing one of them does may stop it
				context.log().log(System.Logger.Level.ERROR, "watchdog: " + s.name(), t);
			}
		}
	}

	private void rollStatistics() {
		for (DeviceSupervisor s : devices.values()) {
			try {
				s.admission().statistics().roll();
			} catch (Throwable t) {
				context.log().log(System.Logger.Level.ERROR, "statistics: " + s.name(), t);
			}
		}
	}
}
