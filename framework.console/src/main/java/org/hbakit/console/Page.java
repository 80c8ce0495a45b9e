package org.hbakit.console;

import java.util.Optional;

/** The plugin's pages, each at {@code /system/console/hbakit/<label>}, drawn by {@code res/hbakit/<label>.js}. */
enum Page {
	DEVICES("devices", "Devices", false),
	MATCHING("matching", "Personalities and matching", false),
	LUNS("luns", "Logical units", false),
	SWAPS("swaps", "Swaps", true),
	LIVE("live", "Live", true);

	final String label;
	final String title;
	/** Whether the page draws charts (it then loads uPlot). */
	final boolean charts;

	Page(String label, String title, boolean charts) {
		this.label = label;
		this.title = title;
		this.charts = charts;
	}

	/** The page at {@code label}; the plugin's root shows {@link #DEVICES}. */
	static Optional<Page> of(String label) {
		if (label.isEmpty()) {
			return Optional.of(DEVICES);
		}
		for (Page p : values()) {
			if (p.label.equals(label)) {
				return Optional.of(p);
			}
		}
		return Optional.empty();
	}
}
