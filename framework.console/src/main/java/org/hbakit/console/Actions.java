package org.hbakit.console;

import java.util.Locale;

import org.hbakit.controller.api.IOServicePowerCapability;
import org.hbakit.controller.api.registry.IOKitRegistry;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The operator actions ({@code POST /system/console/hbakit/actions/<name>}), after {@link ActionGuard} let the
 * request through: {@code swap} and {@code power} through the registry API, {@code faults} and {@code workload}
 * through the whiteboard Gogo commands {@code hba:faults} and {@code hba:bench}. Called on HTTP request threads;
 * {@code swap} and {@code power} block until the registry answers (it bounds every wait on a controller).
 */
final class Actions {
	private final IOKitRegistry registry;
	private final GogoShell shell;
	private final WorkloadRunner workloads;

	Actions(IOKitRegistry registry, GogoShell shell, WorkloadRunner workloads) {
		this.registry = registry;
		this.shell = shell;
		this.workloads = workloads;
	}

	/**
	 * Performs {@code action} with the request's parameters.
	 *
	 * @throws IllegalArgumentException for a bad or missing parameter (or one the registry or command refused)
	 * @throws IllegalStateException    if the action cannot run now
	 * @throws Exception                what a command threw
	 */
	ActionResult perform(String action, HttpServletRequest request) throws Exception {
		return switch (action) {
			case "swap" -> swap(required(request, "device"), optional(request, "controller"));
			case "power" -> ActionResult.done(registry.setPowerState(required(request, "device"),
					powerFlags(required(request, "state"))));
			case "faults" -> faults(FaultCommand.parse(required(request, "address"), optional(request, "settings"),
					"true".equalsIgnoreCase(optional(request, "clear"))));
			case "workload" -> {
				WorkloadRunner.Status s = workloads.start(WorkloadCommand.parse(optional(request, "rw"),
						optional(request, "bs"), optional(request, "qd"), optional(request, "seconds"),
						optional(request, "luns"), optional(request, "null")));
				yield ActionResult.done("started: " + s.command());
			}
			default -> ActionResult.refused(404, "no action '" + action + "': swap, power, faults or workload");
		};
	}

	private ActionResult swap(String device, String controller) throws InterruptedException {
		String outcome = registry.rematch(device, controller);
		// the registry's own words for a device left without a controller (as hba:swap reads them)
		return outcome.startsWith("no controller") ? ActionResult.refused(409, outcome) : ActionResult.done(outcome);
	}

	private ActionResult faults(FaultCommand command) throws Exception {
		if (!command.clear() && command.settings().isEmpty()) {
			throw new IllegalArgumentException("give key=value settings or clear=true (faults.json shows them)");
		}
		return ActionResult.done(shell.run(command.words()));
	}

	/** The {@link IOServicePowerCapability} value of {@code on}, {@code off}, {@code pause} or {@code low}. */
	static int powerFlags(String state) {
		return switch (state.toLowerCase(Locale.ROOT)) {
			case "on" -> IOServicePowerCapability.kIOServicePowerCapabilityOn;
			case "off" -> IOServicePowerCapability.kIOServicePowerCapabilityOff;
			case "pause" -> IOServicePowerCapability.kIOServicePowerCapabilityPause;
			case "low" -> IOServicePowerCapability.kIOServicePowerCapabilityLow;
			default -> throw new IllegalArgumentException("state '" + state + "': use on, off, pause or low");
		};
	}

	private static String required(HttpServletRequest request, String name) {
		String v = optional(request, name);
		if (v == null) {
			throw new IllegalArgumentException("missing parameter '" + name + "'");
		}
		return v;
	}

	private static String optional(HttpServletRequest request, String name) {
		String v = request.getParameter(name);
		return v == null || v.isBlank() ? null : v.trim();
	}
}
