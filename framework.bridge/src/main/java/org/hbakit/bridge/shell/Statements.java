package org.hbakit.bridge.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a one-shot Gogo command line into its statements at the top-level {@code ;} (not inside quotes or
 * brackets), so each statement runs on its own and prints its own result: Gogo's {@code execute} of the whole
 * line would return, and print, only the last.
 */
final class Statements {
	private Statements() {
	}

	static List<String> split(String line) {
		List<String> out = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		int depth = 0;
		char quote = 0;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quote != 0) {
				if (c == '\\' && i + 1 < line.length()) {
					current.append(c).append(line.charAt(++i));
					continue;
				}
				if (c == quote) {
					quote = 0;
				}
			} else if (c == '"' || c == '\'') {
				quote = c;
			} else if (c == '{' || c == '(' || c == '[') {
				depth++;
			} else if ((c == '}' || c == ')' || c == ']') && depth > 0) {
				depth--;
			} else if (c == ';' && depth == 0) {
				add(out, current);
				continue;
			}
			current.append(c);
		}
		add(out, current);
		return out;
	}

	private static void add(List<String> out, StringBuilder current) {
		String s = current.toString().strip();
		if (!s.isEmpty()) {
			out.add(s);
		}
		current.setLength(0);
	}
}
