package org.hbakit.iscsi.text;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text format of login and text negotiation (RFC 7143 §6.1): {@code key=value} pairs, each ended by a NUL byte,
 * in UTF-8. Parsing is strict and bounded (the caller bounds the total length): a pair without {@code =}, an empty
 * or over-long key, an over-long value, a key given twice, or a missing final NUL is a format error — the RFC's
 * answer for which is a protocol error (login failure, or Reject in full feature phase).
 */
public final class TextParameters {
	/** Longest key name (RFC 7143 §6.1: 63 bytes). */
	public static final int MAX_KEY = 63;
	/** Longest value accepted (binary CHAP values may be long; names are limited to 223 by their own rules). */
	public static final int MAX_VALUE = 8192;
	/** Most pairs in one negotiation sequence. */
	public static final int MAX_PAIRS = 128;

	private TextParameters() {
	}

	/** A malformed key=value list. */
	public static final class FormatException extends Exception {
		private static final long serialVersionUID = 1L;

		FormatException(String message) {
			super(message);
		}
	}

	/**
	 * Parses {@code length} bytes at {@code off}; an empty list is allowed. The map keeps the order of the keys.
	 *
	 * @throws FormatException if the bytes are not a well-formed key=value list
	 */
	public static Map<String, String> parse(byte[] b, int off, int length) throws FormatException {
		Map<String, String> pairs = new LinkedHashMap<>();
		int end = off + length;
		if (end > off && b[end - 1] != 0) {
			throw new FormatException("the text does not end with a NUL byte");
		}
		int at = off;
		while (at < end) {
			int nul = at;
			while (b[nul] != 0) {
				nul++;
			}
			if (nul == at) { // tolerate the extra NULs some initiators send
				at++;
				continue;
			}
			int eq = at;
			while (eq < nul && b[eq] != '=') {
				eq++;
			}
			if (eq == nul) {
				throw new FormatException("a pair without '=': " + string(b, at, Math.min(nul - at, 64)));
			}
			int keyLength = eq - at;
			if (keyLength == 0 || keyLength > MAX_KEY) {
				throw new FormatException("a key of " + keyLength + " bytes");
			}
			int valueLength = nul - eq - 1;
			if (valueLength > MAX_VALUE) {
				throw new FormatException("a value of " + valueLength + " bytes");
			}
			String key = string(b, at, keyLength);
			if (pairs.put(key, string(b, eq + 1, valueLength)) != null) {
				throw new FormatException("key " + key + " given twice");
			}
			if (pairs.size() > MAX_PAIRS) {
				throw new FormatException("more than " + MAX_PAIRS + " keys");
			}
			at = nul + 1;
		}
		return pairs;
	}

	/** Encodes pairs as key=value NUL ... */
	public static byte[] encode(Map<String, String> pairs) {
		StringBuilder sb = new StringBuilder();
		for (Map.Entry<String, String> e : pairs.entrySet()) {
			sb.append(e.getKey()).append('=').append(e.getValue()).append('\0');
		}
		return sb.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static String string(byte[] b, int off, int len) {
		return new String(b, off, len, StandardCharsets.UTF_8);
	}
}
