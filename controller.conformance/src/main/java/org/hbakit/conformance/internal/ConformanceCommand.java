package org.hbakit.conformance.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.hbakit.conformance.ConformanceKit;
import org.hbakit.conformance.ConformanceOptions;
import org.hbakit.conformance.ConformanceReport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.GsonBuilder;

/**
 * {@code hba:conformance <controller> [--ids <vendor>:<device>] [--seconds <s>] [--json]}: runs the kit and prints
 * one line per check ({@code PASS <check-id> <detail>} or {@code FAIL <check-id> <detail>}) and then
 * {@code conformance: N passed, M failed}, or with {@code --json} one JSON object with the same content. When a
 * check failed the command throws after printing, so a one-shot run exits non-zero. Runs on the shell's thread.
 */
@Component(service = ConformanceCommand.class, property = { "osgi.command.scope=hba",
		"osgi.command.function=conformance" })
public final class ConformanceCommand {
	static final String USAGE = "usage: hba:conformance <controller> [--ids <vendor>:<device>] [--seconds <s>] [--json]\n"
			+ "  <controller>  an installed bundle's symbolic name or id, or a path to a controller jar\n";
	private final ConformanceKit kit;

	@Activate
	public ConformanceCommand(@Reference ConformanceKit kit) {
		this.kit = kit;
	}

	@Descriptor("certify a controller bundle against the contract on a dedicated simulated HBA")
	public void conformance(@Descriptor("<controller> [--ids <vendor>:<device>] [--seconds <s>] [--json]") String... args)
			throws Exception {
		if (args.length == 0 || List.of(args).contains("--help")) {
			System.out.print(USAGE);
			if (args.length == 0) {
				throw new IllegalArgumentException("hba:conformance: no controller given");
			}
			return;
		}
		String controller = null;
		ConformanceOptions options = ConformanceOptions.defaults();
		boolean json = false;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--json" -> json = true;
				case "--ids" -> options = ids(options, value(args, ++i, "--ids"));
				case "--seconds" -> options = options.withSeconds(number(value(args, ++i, "--seconds"), "--seconds"));
				default -> {
					if (args[i].startsWith("--") || controller != null) {
						throw new IllegalArgumentException("hba:conformance: unexpected '" + args[i] + "'\n" + USAGE);
					}
					controller = args[i];
				}
			}
		}
		if (controller == null) {
			throw new IllegalArgumentException("hba:conformance: no controller given\n" + USAGE);
		}
		ConformanceReport report = kit.run(controller, options);
		System.out.print(json ? toJson(report) + "\n" : report.toText());
		System.out.flush();
		if (report.failed() > 0) {
			throw new IllegalStateException(report.summary());
		}
	}

	private static String value(String[] args, int i, String option) {
		if (i >= args.length) {
			throw new IllegalArgumentException("hba:conformance: " + option + " needs a value");
		}
		return args[i];
	}

	private static long number(String s, String option) {
		try {
			return Long.decode(s);
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("hba:conformance: " + option + " '" + s + "' is not a number");
		}
	}

	static ConformanceOptions ids(ConformanceOptions o, String s) {
		String[] p = s.split(":");
		if (p.length != 2) {
			throw new IllegalArgumentException("hba:conformance: --ids wants <vendor>:<device> (hex), got '" + s + "'");
		}
		try {
			return o.withIds(Integer.parseInt(strip(p[0]), 16), Integer.parseInt(strip(p[1]), 16));
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("hba:conformance: --ids wants hex ids, got '" + s + "'");
		}
	}

	private static String strip(String hex) {
		return hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
	}

	/** The report as one JSON object: the same content as the lines. */
	static String toJson(ConformanceReport r) {
		Map<String, Object> o = new LinkedHashMap<>();
		o.put("controller", r.controller());
		o.put("bundle", r.bundleSymbolicName());
		o.put("version", r.bundleVersion());
		o.put("hba", r.hba());
		o.put("checks", r.checks().stream().map(c -> {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("id", c.id());
			m.put("result", c.passed() ? "PASS" : "FAIL");
			m.put("detail", c.detail());
			return m;
		}).toList());
		o.put("passed", r.passed());
		o.put("failed", r.failed());
		return new GsonBuilder().disableHtmlEscaping().create().toJson(o);
	}
}
