package org.hbakit.hba.sim.scsi.fault;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault plan of one level — an HBA, a target or a logical unit — changeable at run time, with the command
 * counter its every-Nth faults count on.
 * <p>
 * Created by whoever owns the level: the HBA creates its own and passes it to its targets; each
 * {@code SimulatedTarget} and {@code SimulatedDisk} has one. Management code (configuration, shell) calls
 * {@link #set(FaultPlan)} from any thread; the device threads read the plan with one volatile load per command.
 * Installing a plan restarts the command count, so "every Nth" counts from the change.
 */
public final class FaultLevel {
	private final String name;
	private final long salt;
	private final AtomicLong commands = new AtomicLong();
	private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
	private volatile FaultPlan plan = FaultPlan.NONE;

	/** A level named {@code name} (e.g. {@code "hba0"}, {@code "hba0:3"}, {@code "hba0:3:1"}), salted by its name. */
	public FaultLevel(String name) {
		this(name, name.hashCode());
	}

	/**
	 * A level with an explicit salt, mixed into its plans' seeds so equal seeds on different levels give
	 * different random decisions.
	 */
	public FaultLevel(String name, long salt) {
		this.name = Objects.requireNonNull(name, "name");
		this.salt = salt;
	}

	/** The level's name. */
	public String name() {
		return name;
	}

	/** The current plan (never null). */
	public FaultPlan plan() {
		return plan;
	}

	/** Installs {@code plan}, restarts the command count and tells the listeners. */
	public void set(FaultPlan plan) {
		Objects.requireNonNull(plan, "plan");
		synchronized (commands) {
			commands.set(0);
			this.plan = plan;
		}
		for (Runnable listener : listeners) {
			listener.run();
		}
	}

	/**
	 * Registers {@code listener} to run on the setting thread after every {@link #set}; targets use it to follow
	 * the {@code removed} fault. The registrant removes it when it goes away.
	 */
	public void addListener(Runnable listener) {
		listeners.add(Objects.requireNonNull(listener, "listener"));
	}

	/** Unregisters a listener added with {@link #addListener}. */
	public void removeListener(Runnable listener) {
		listeners.remove(listener);
	}

	/** Installs {@link FaultPlan#NONE}. */
	public void clear() {
		set(FaultPlan.NONE);
	}

	/** Commands counted since the plan was installed (only while the plan needs counting). */
	public long commandsCounted() {
		return commands.get();
	}

	long salt() {
		return salt;
	}

	/** Counts one command and returns its 1-based number. */
	long next() {
		return commands.incrementAndGet();
	}

	@Override
	public String toString() {
		return name + '=' + plan;
	}
}
