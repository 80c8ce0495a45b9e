package org.hbakit.bridge.shell;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.Hashtable;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Makes {@code java -jar cnf/target/hbakit.jar [command…]} behave as a command-line program.
 * <p>
 * The bnd launcher that the runnable jar embeds (biz.aQute.launcher 7.1.0) registers itself, before any bundle
 * starts, as a service under {@code java.lang.Object} and {@code aQute.launcher.Launcher} with the property
 * {@value #LAUNCHER_ARGUMENTS} (the {@code String[]} command line) and, once every bundle is started,
 * {@code launcher.ready=true}. After startup its main thread waits for a service registered as
 * {@code java.lang.Runnable} or {@code java.util.concurrent.Callable} with {@value #MAIN_THREAD}{@code =true},
 * calls it, then stops the framework cleanly ({@code Framework.stop()} and {@code waitForStop}) and exits the JVM
 * with the {@code Integer} the callable returned. (The launcher installs no shutdown hook that stops Felix, and
 * Felix installs none either, so calling {@code System.exit} from a bundle would skip the orderly stop: this
 * component never does.)
 * <p>
 * This component reads the arguments and picks one of three behaviours:
 * <ol>
 * <li><b>Arguments given</b>: registers a main-thread callable that waits (at most {@value #READY_TIMEOUT_S} s) for
 * the framework to reach the start level of every bundle (the launcher raises it after calling the main thread;
 * FileInstall, which reads the deploy folder, has the highest), the Gogo {@link CommandProcessor}, the {@link IOKitRegistry} and its quiescence, and for the command's service
 * when the line starts with {@code scope:function}; then runs the arguments joined by spaces as one Gogo command
 * line in a new session on the process's standard streams — statement by statement for a chained line
 * ({@code a ; b}), each printing its non-null result formatted by the session — and returns 0 on success or 1
 * (message on standard error) at the first statement that threw. The launcher then stops the
 * framework and exits with that status.</li>
 * <li><b>No arguments, a terminal</b>: the runtime sets {@code gosh.args=--nointeractive}, so the Gogo shell
 * bundle starts no console of its own; this component registers a main-thread callable that runs
 * {@code gosh --login --noshutdown} in a session on the standard streams: an interactive shell until end of input
 * ({@code ^D}). When it returns, the launcher stops the framework and exits 0. ({@code stop 0} in the shell stops
 * the framework too; the launcher then exits.)</li>
 * <li><b>No arguments, no terminal</b> (headless): registers nothing; the platform runs until SIGTERM.</li>
 * </ol>
 * Without the bnd launcher's service (another launcher, or the bnd tester's framework without arguments) it
 * does nothing. Threads: activated by SCR; the callables run on the launcher's main thread.
 */
@Component(immediate = true)
public class CommandLineLauncher {
	/** The bnd launcher's service property holding the command line (String[]). */
	public static final String LAUNCHER_ARGUMENTS = "launcher.arguments";
	/** The service property that marks a Runnable or Callable for the bnd launcher's main thread. */
	public static final String MAIN_THREAD = "main.thread";
	/** How long a one-shot command waits for the platform to be ready, seconds. */
	public static final long READY_TIMEOUT_S = 60;
	/** How long a one-shot command waits for its command service once the platform is quiet. */
	public static final long COMMAND_GRACE_S = 3;

	/** What the command line asks for. */
	enum Mode {
		/** Run the arguments as one command, then exit. */
		COMMAND,
		/** Run an interactive shell on the terminal, then exit. */
		SHELL,
		/** Keep running until stopped. */
		HEADLESS
	}

	private static final Pattern SCOPED = Pattern.compile("^\\s*([\\w.]+):([\\w.]+)(\\s|$)");

	private ServiceRegistration<?> mainThread;

	/**
	 * Reads the launcher's arguments and registers the main-thread callable the mode needs.
	 *
	 * @param launcher the bnd launcher's service (any service with {@value #LAUNCHER_ARGUMENTS}), or null when
	 *                 another launcher started the framework: then this component does nothing
	 */
	@Activate
	public CommandLineLauncher(BundleContext context, @Reference(service = Object.class,
			target = "(" + LAUNCHER_ARGUMENTS + "=*)", cardinality = ReferenceCardinality.OPTIONAL) ServiceReference<?> launcher) {
		if (launcher == null) {
			return;
		}
		String[] args = arguments(launcher.getProperty(LAUNCHER_ARGUMENTS));
		Callable<Integer> main = switch (mode(args, Terminals.interactive())) {
			case COMMAND -> new OneCommand(context, String.join(" ", args));
			case SHELL -> new InteractiveShell(context);
			case HEADLESS -> null;
		};
		if (main != null) {
			Hashtable<String, Object> props = new Hashtable<>();
			props.put(MAIN_THREAD, Boolean.TRUE.toString());
			mainThread = context.registerService(Callable.class.getName(), main, props);
		}
	}

	/** Withdraws the callable if the launcher has not taken it yet. */
	@Deactivate
	void deactivate() {
		if (mainThread != null) {
			try {
				mainThread.unregister();
			} catch (IllegalStateException alreadyGone) {
				// the framework is stopping
			}
		}
	}

	/** The mode for {@code args}: a command when any argument is not blank, else a shell on a terminal. */
	static Mode mode(String[] args, boolean terminal) {
		for (String a : args) {
			if (!a.isBlank()) {
				return Mode.COMMAND;
			}
		}
		return terminal ? Mode.SHELL : Mode.HEADLESS;
	}

	static String[] arguments(Object property) {
		if (property instanceof String[] a) {
			return a.clone();
		}
		if (property instanceof String s && !s.isBlank()) {
			return s.trim().split("\\s+");
		}
		return new String[0];
	}

	/** {@code scope} and {@code function} of a line starting with {@code scope:function}, or null. */
	static String[] scopedCommand(String line) {
		Matcher m = SCOPED.matcher(line);
		return m.find() ? new String[] { m.group(1), m.group(2) } : null;
	}

	/** Standard streams for a Gogo session: the file descriptors, not Gogo's per-thread {@code System.out}. */
	private static CommandSession session(CommandProcessor processor) {
		return processor.createSession(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out),
				new FileOutputStream(FileDescriptor.err));
	}

	/**
	 * Waits until the framework's start level reached the start level of every installed bundle: the launcher
	 * raises it after calling the main thread, and FileInstall (the deploy folder) starts last.
	 *
	 * @return false if that did not happen by {@code deadline}
	 */
	static boolean awaitStartLevels(BundleContext context, long deadline) throws InterruptedException {
		FrameworkStartLevel framework = context.getBundle(0).adapt(FrameworkStartLevel.class);
		Semaphore changed = new Semaphore(0);
		FrameworkListener listener = e -> {
			if (e.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
				changed.release();
			}
		};
		context.addFrameworkListener(listener);
		try {
			while (framework.getStartLevel() < highestBundleStartLevel(context)) {
				long left = deadline - System.nanoTime();
				if (left <= 0 || !changed.tryAcquire(left, TimeUnit.NANOSECONDS)) {
					return framework.getStartLevel() >= highestBundleStartLevel(context);
				}
			}
			return true;
		} finally {
			context.removeFrameworkListener(listener);
		}
	}

	private static int highestBundleStartLevel(BundleContext context) {
		int highest = 0;
		for (Bundle b : context.getBundles()) {
			BundleStartLevel level = b.adapt(BundleStartLevel.class);
			if (b.getBundleId() != 0 && level != null && level.isPersistentlyStarted()) {
				highest = Math.max(highest, level.getStartLevel());
			}
		}
		return highest;
	}

	private static <T> T await(BundleContext context, Filter filter, long deadline) throws InterruptedException {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, filter, null);
		tracker.open();
		try {
			return tracker.waitForService(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
		} finally {
			tracker.close();
		}
	}

	private static Filter filter(String f) {
		try {
			return FrameworkUtil.createFilter(f);
		} catch (InvalidSyntaxException e) {
			throw new IllegalArgumentException(f, e);
		}
	}

	/** Runs one command line on the launcher's main thread. Public: the launcher reflects on {@code call}. */
	public static final class OneCommand implements Callable<Integer> {
		private final BundleContext context;
		private final String line;

		OneCommand(BundleContext context, String line) {
			this.context = context;
			this.line = line;
		}

		/** Waits briefly for the service of a {@code scope:function} statement. */
		private void awaitCommand(String statement, long deadline) throws InterruptedException {
			String[] scoped = scopedCommand(statement);
			if (scoped != null) {
				// commands are registered while the platform starts: once it is quiet, a missing one is
				// misspelt, so give it only a short grace instead of the whole start timeout
				long grace = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(COMMAND_GRACE_S));
				await(context, filter("(&(" + CommandProcessor.COMMAND_SCOPE + "=" + scoped[0] + ")("
						+ CommandProcessor.COMMAND_FUNCTION + "=" + scoped[1] + "))"), grace);
			}
		}

		@Override
		public Integer call() {
			PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
			PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
			try {
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_S);
				if (!awaitStartLevels(context, deadline)) {
					err.println("hbakit: warning: the framework did not reach its start level within " + READY_TIMEOUT_S
							+ " s; running the command anyway");
				}
				CommandProcessor processor = await(context,
						filter("(objectClass=" + CommandProcessor.class.getName() + ")"), deadline);
				if (processor == null) {
					err.println("hbakit: the Gogo command processor did not start within " + READY_TIMEOUT_S + " s");
					return 1;
				}
				IOKitRegistry registry = await(context, filter("(objectClass=" + IOKitRegistry.class.getName() + ")"),
						deadline);
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (registry == null || !registry.awaitQuiescence(Math.max(1, left))) {
					err.println("hbakit: warning: the platform was not quiescent within " + READY_TIMEOUT_S
							+ " s; running the command anyway");
				}
				try (CommandSession session = session(processor)) {
					// every statement of a chained line runs on its own and prints its own result
					for (String statement : Statements.split(line)) {
						awaitCommand(statement, deadline);
						Object result = session.execute(statement);
						if (result != null) {
							out.println(session.format(result, Converter.INSPECT));
						}
					}
				}
				return 0;
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				err.println("hbakit: interrupted");
				return 1;
			} catch (Exception e) {
				String message = e.getMessage();
				err.println("hbakit: " + (message != null && !message.isBlank() ? message : e.toString()));
				return 1;
			} finally {
				out.flush();
				err.flush();
			}
		}
	}

	/** Runs Gogo's interactive shell on the launcher's main thread. Public: the launcher reflects on {@code call}. */
	public static final class InteractiveShell implements Callable<Integer> {
		private final BundleContext context;

		InteractiveShell(BundleContext context) {
			this.context = context;
		}

		@Override
		public Integer call() throws Exception {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_S);
			awaitStartLevels(context, deadline); // the deploy folder is read last
			CommandProcessor processor = await(context,
					filter("(objectClass=" + CommandProcessor.class.getName() + ")"), deadline);
			// the shell bundle registers gosh with the rest of its built-ins
			Object gosh = await(context, filter("(&(" + CommandProcessor.COMMAND_SCOPE + "=gogo)("
					+ CommandProcessor.COMMAND_FUNCTION + "=gosh))"), deadline);
			if (processor == null || gosh == null) {
				new PrintStream(new FileOutputStream(FileDescriptor.err), true)
						.println("hbakit: the Gogo shell did not start within " + READY_TIMEOUT_S + " s");
				return 1;
			}
			try (CommandSession session = session(processor)) {
				session.execute("gosh --login --noshutdown");
			}
			return 0;
		}
	}
}
