package org.hbakit.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The JSON documents under {@code /system/console/hbakit/}: what the pages draw, for scripts too. Each is one
 * object whose members are named in docs/console.md; the items of the registry's lists keep the API records'
 * component names. Called on HTTP request threads.
 */
final class JsonViews {
	/** The documents, by file name. */
	static final List<String> NAMES = List.of("devices.json", "personalities.json", "matches.json", "luns.json",
			"swaps.json", "live.json", "workload.json", "faults.json", "token.json");

	private final ConsoleData data;
	private final LiveSampler sampler;
	private final WorkloadRunner workloads;
	private final GogoShell shell;
	private final ActionGuard guard;

	JsonViews(ConsoleData data, LiveSampler sampler, WorkloadRunner workloads, GogoShell shell, ActionGuard guard) {
		this.data = data;
		this.sampler = sampler;
		this.workloads = workloads;
		this.shell = shell;
		this.guard = guard;
	}

	/**
	 * The document {@code name} for {@code request}, or null if there is none of that name.
	 *
	 * @throws IllegalArgumentException for a bad query parameter
	 * @throws Exception                what a command behind {@code faults.json} threw
	 */
	Map<String, Object> document(String name, HttpServletRequest request) throws Exception {
		Map<String, Object> d = new LinkedHashMap<>();
		switch (name) {
			case "devices.json" -> d.put("devices", data.devices());
			case "personalities.json" -> d.put("personalities", data.registry().personalities());
			case "matches.json" -> {
				d.put("devices", data.devices());
				d.put("matches", data.registry().matches());
			}
			case "luns.json" -> d.put("luns", data.luns());
			case "swaps.json" -> d.put("swaps", data.registry().swaps());
			case "live.json" -> {
				d.put("periodMillis", LiveSampler.PERIOD_MS);
				d.put("samples", sampler.since(since(request.getParameter("since"))));
			}
			case "workload.json" -> d.put("workload", workloads.status());
			case "faults.json" -> {
				FaultCommand show = FaultCommand.parse(request.getParameter("address"), null, false);
				d.put("address", show.address());
				d.put("faults", faults(shell.run(show.words())));
			}
			case "token.json" -> {
				d.put("header", ActionGuard.TOKEN_HEADER);
				d.put("token", guard.token(request));
			}
			default -> {
				return null;
			}
		}
		return d;
	}

	/** {@code hba:faults}'s answer {@code <address> key=value,key=value} (or {@code <address> -}) as a map. */
	static Map<String, String> faults(String answer) {
		Map<String, String> faults = new TreeMap<>();
		String[] parts = answer.strip().split("\\s+", 2);
		if (parts.length == 2 && !parts[1].equals("-")) {
			for (String item : parts[1].split(",")) {
				int eq = item.indexOf('=');
				if (eq > 0) {
					faults.put(item.substring(0, eq), item.substring(eq + 1));
				}
			}
		}
		return faults;
	}

	private static long since(String value) {
		if (value == null || value.isBlank()) {
			return 0;
		}
		try {
			return Long.parseLong(value.trim());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("since '" + value + "' is not a sample number");
		}
	}
}
