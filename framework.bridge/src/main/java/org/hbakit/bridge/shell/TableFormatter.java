package org.hbakit.bridge.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders a listing command's output: a header line and one line per row, columns separated by spaces and padded
 * to a common width, so that humans can read it and scripts can split it ({@code awk '{print $3}'}). Every cell
 * is one word: an empty or null value renders as {@code -}, whitespace inside a value as {@code _}. A table whose
 * last column is a reason for humans makes it free text ({@link #lastColumnFreeText()}): its spaces stay, and
 * scripts read it as the rest of the line. Lines end with {@code \n}; the last column is not padded. Not thread-safe; one per command invocation.
 */
public final class TableFormatter {
	/** The rendering of an empty or null value. */
	public static final String EMPTY = "-";
	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private final List<String> header;
	private final List<List<String>> rows = new ArrayList<>();
	private boolean freeTextLast;

	/** A table with these column names (upper case by convention). */
	public TableFormatter(String... header) {
		if (header.length == 0) {
			throw new IllegalArgumentException("a table needs columns");
		}
		this.header = List.of(header);
	}

	/** Makes the last column free text (spaces kept); call before adding rows. */
	public TableFormatter lastColumnFreeText() {
		freeTextLast = true;
		return this;
	}

	/**
	 * Adds a row.
	 *
	 * @throws IllegalArgumentException if the number of values is not the number of columns
	 */
	public TableFormatter row(Object... values) {
		if (values.length != header.size()) {
			throw new IllegalArgumentException(
					"row has " + values.length + " values for " + header.size() + " columns " + header);
		}
		List<String> row = new ArrayList<>(values.length);
		for (int i = 0; i < values.length; i++) {
			row.add(freeTextLast && i == values.length - 1 ? text(values[i]) : cell(values[i]));
		}
		rows.add(row);
		return this;
	}

	/** The column names. */
	public List<String> header() {
		return header;
	}

	/** The rows added so far, as rendered cells. */
	public List<List<String>> rows() {
		return List.copyOf(rows);
	}

	/** One word for {@code value}: {@code -} for null or blank, whitespace runs replaced by {@code _}. */
	public static String cell(Object value) {
		if (value == null) {
			return EMPTY;
		}
		String s = value.toString().strip();
		return s.isEmpty() ? EMPTY : WHITESPACE.matcher(s).replaceAll("_");
	}

	/** The last column's rendering: {@code -} for null or blank, line breaks folded into spaces. */
	public static String text(Object value) {
		if (value == null) {
			return EMPTY;
		}
		String s = WHITESPACE.matcher(value.toString().strip()).replaceAll(" ");
		return s.isEmpty() ? EMPTY : s;
	}

	/** The header and the rows, aligned. */
	public String format() {
		int[] widths = new int[header.size()];
		measure(widths, header);
		rows.forEach(r -> measure(widths, r));
		StringBuilder sb = new StringBuilder();
		append(sb, widths, header);
		rows.forEach(r -> append(sb, widths, r));
		return sb.toString();
	}

	private static void measure(int[] widths, List<String> cells) {
		for (int i = 0; i < cells.size(); i++) {
			widths[i] = Math.max(widths[i], cells.get(i).length());
		}
	}

	private static void append(StringBuilder sb, int[] widths, List<String> cells) {
		for (int i = 0; i < cells.size(); i++) {
			String c = cells.get(i);
			sb.append(c);
			if (i < cells.size() - 1) {
				sb.append(" ".repeat(widths[i] - c.length() + 1));
			}
		}
		sb.append('\n');
	}

	@Override
	public String toString() {
		return format();
	}
}
