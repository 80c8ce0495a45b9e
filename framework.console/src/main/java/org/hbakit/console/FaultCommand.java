package org.hbakit.console;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A fault-injection change as the faults action takes it, turned into the simulated machine's
 * {@code hba:faults <hba>[:<target>[:<lun>]] key=value … | clear} command (the keys and values are the machine's:
 * docs/simulated-machine.md). Settings replace the address's faults; {@code clear} removes them; neither shows
 * them. The console checks only the shape; the command checks the meaning.
 *
 * @param address  {@code hba}, {@code hba:target} or {@code hba:target:lun}
 * @param settings {@code key=value} items, or empty
 * @param clear    whether to remove the address's faults (then {@code settings} is empty)
 */
record FaultCommand(String address, List<String> settings, boolean clear) {
	private static final Pattern ADDRESS = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}(:[0-9]{1,5}(:[0-9]{1,5})?)?");
	private static final Pattern SETTING = Pattern.compile("[a-z][a-z_]{0,31}=[A-Za-z0-9_.+-]{1,32}");

	FaultCommand {
		settings = List.copyOf(settings);
	}

	/**
	 * Parses the action's parameters.
	 *
	 * @param address  the address
	 * @param settings {@code key=value} items separated by spaces, commas or semicolons, or null
	 * @param clear    {@code true} to clear
	 * @throws IllegalArgumentException naming what is malformed
	 */
	static FaultCommand parse(String address, String settings, boolean clear) {
		if (address == null || !ADDRESS.matcher(address.trim()).matches()) {
			throw new IllegalArgumentException("address '" + address + "' is not hba[:target[:lun]]");
		}
		List<String> items = new ArrayList<>();
		if (settings != null) {
			for (String item : settings.trim().split("[\\s,;]+")) {
				if (item.isEmpty()) {
					continue;
				}
				if (!SETTING.matcher(item).matches()) {
					throw new IllegalArgumentException("'" + item + "' is not key=value");
				}
				items.add(item);
			}
		}
		if (clear && !items.isEmpty()) {
			throw new IllegalArgumentException("give settings (they replace the faults) or clear, not both");
		}
		return new FaultCommand(address.trim(), items, clear);
	}

	/** The command's words. */
	List<String> words() {
		List<String> w = new ArrayList<>(List.of("hba:faults", address));
		if (clear) {
			w.add("clear");
		}
		w.addAll(settings);
		return w;
	}
}
