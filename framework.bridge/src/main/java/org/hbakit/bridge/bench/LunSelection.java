package org.hbakit.bridge.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code --luns} choice: every eligible logical unit, the first {@code count} in name order, or an explicit
 * list of unit names ({@code <hba>:<target>:<lun>}).
 *
 * @param count the number of units wanted, or 0 for all (ignored when {@code names} is not empty)
 * @param names explicit unit names, in the order given, or empty
 */
public record LunSelection(int count, List<String> names) {
	/** Every eligible unit. */
	public static final LunSelection ALL = new LunSelection(0, List.of());

	/** Copies {@code names}. */
	public LunSelection {
		names = List.copyOf(names);
	}

	/**
	 * Parses a count ({@code 4}) or a comma list of unit names ({@code hba0:0:1,hba1:1:0}).
	 *
	 * @throws IllegalArgumentException for an empty value, a count below 1, or a repeated or malformed name
	 */
	public static LunSelection parse(String value) {
		String v = value.trim();
		if (v.isEmpty()) {
			throw new IllegalArgumentException("--luns: expected a count or a comma list of unit names");
		}
		if (v.chars().allMatch(Character::isDigit)) {
			int n;
			try {
				n = Integer.parseInt(v);
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException("--luns " + value + ": count too large");
			}
			if (n < 1) {
				throw new IllegalArgumentException("--luns " + value + ": the count must be at least 1");
			}
			return new LunSelection(n, List.of());
		}
		LinkedHashSet<String> names = new LinkedHashSet<>();
		for (String part : v.split(",")) {
			String name = part.trim();
			if (!name.matches("[^:\\s]+:\\d+:\\d+")) {
				throw new IllegalArgumentException(
						"--luns: '" + name + "' is not a unit name like hba0:0:1 (nor a count)");
			}
			if (!names.add(name)) {
				throw new IllegalArgumentException("--luns: " + name + " is listed twice");
			}
		}
		return new LunSelection(0, new ArrayList<>(names));
	}

	/**
	 * Picks from {@code eligible} (already in name order), keyed by unit name.
	 *
	 * @param ineligible units that exist but were filtered out, with why (e.g. "a null LUN: add --null"), to
	 *                   explain a named unit that cannot be used
	 * @throws IllegalArgumentException if a named unit is unknown or ineligible, or fewer units exist than counted
	 */
	public <T> List<T> select(List<T> eligible, Function<T, String> nameOf, Map<String, String> ineligible) {
		if (!names.isEmpty()) {
			List<T> out = new ArrayList<>();
			for (String name : names) {
				T found = eligible.stream().filter(t -> nameOf.apply(t).equals(name)).findFirst().orElse(null);
				if (found == null) {
					String why = ineligible.get(name);
					throw new IllegalArgumentException("--luns: " + name
							+ (why != null ? " cannot be used: " + why : " is not a published logical unit"));
				}
				out.add(found);
			}
			return Collections.unmodifiableList(out);
		}
		if (count > eligible.size()) {
			throw new IllegalArgumentException(
					"--luns " + count + ": only " + eligible.size() + " eligible logical unit(s) are published");
		}
		return List.copyOf(count == 0 ? eligible : eligible.subList(0, count));
	}

	@Override
	public String toString() {
		return !names.isEmpty() ? String.join(",", names) : count == 0 ? "all" : Integer.toString(count);
	}
}
