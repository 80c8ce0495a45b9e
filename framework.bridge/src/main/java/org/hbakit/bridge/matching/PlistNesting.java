package org.hbakit.bridge.matching;

/**
 * How deeply an XML property list nests its containers, measured on the bytes before any parser recurses into
 * them: a plist nested thousands deep would make a recursive parser overflow its stack. Counts {@code <dict>} and
 * {@code <array>} open and close tags (empty {@code <dict/>} and {@code <array/>} do not nest), skipping comments
 * and CDATA; the plist's content is checked by the real parser afterwards.
 */
final class PlistNesting {
	/** IOKit personalities nest a few levels; anything past this is refused. */
	static final int MAX_DEPTH = 64;

	private PlistNesting() {
	}

	/** The deepest nesting of {@code xml}, or {@code limit + 1} as soon as it goes past {@code limit}. */
	static int depth(byte[] xml, int limit) {
		int depth = 0;
		int deepest = 0;
		int i = 0;
		int n = xml.length;
		while (i < n) {
			if (xml[i] != '<') {
				i++;
				continue;
			}
			if (startsWith(xml, i, "<!--")) {
				i = skipPast(xml, i + 4, "-->");
				continue;
			}
			if (startsWith(xml, i, "<![CDATA[")) {
				i = skipPast(xml, i + 9, "]]>");
				continue;
			}
			boolean close = i + 1 < n && xml[i + 1] == '/';
			int nameStart = i + (close ? 2 : 1);
			boolean container = tag(xml, nameStart, "dict") || tag(xml, nameStart, "array");
			int end = indexOf(xml, i, (byte) '>');
			if (end < 0) {
				break;
			}
			if (container) {
				boolean empty = xml[end - 1] == '/';
				if (close) {
					depth--;
				} else if (!empty && ++depth > deepest) {
					deepest = depth;
					if (deepest > limit) {
						return limit + 1;
					}
				}
			}
			i = end + 1;
		}
		return deepest;
	}

	private static boolean tag(byte[] b, int at, String name) {
		if (!startsWith(b, at, name)) {
			return false;
		}
		int after = at + name.length();
		return after < b.length && (b[after] == '>' || b[after] == '/' || Character.isWhitespace(b[after]));
	}

	private static boolean startsWith(byte[] b, int at, String s) {
		if (at + s.length() > b.length) {
			return false;
		}
		for (int k = 0; k < s.length(); k++) {
			if (b[at + k] != s.charAt(k)) {
				return false;
			}
		}
		return true;
	}

	private static int skipPast(byte[] b, int from, String end) {
		for (int i = from; i + end.length() <= b.length; i++) {
			if (startsWith(b, i, end)) {
				return i + end.length();
			}
		}
		return b.length;
	}

	private static int indexOf(byte[] b, int from, byte c) {
		for (int i = from; i < b.length; i++) {
			if (b[i] == c) {
				return i;
			}
		}
		return -1;
	}
}
