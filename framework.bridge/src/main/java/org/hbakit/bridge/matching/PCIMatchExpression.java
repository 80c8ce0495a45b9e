package org.hbakit.bridge.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One parsed PCI matching key of a personality ({@code IOPCIMatch}, {@code IOPCIPrimaryMatch},
 * {@code IOPCISecondaryMatch}, {@code IOPCIClassMatch}), in the grammar of {@code IOPCIBridge::matchKeys}: a list
 * of whitespace-separated hexadecimal values, each optionally followed by {@code &mask}; a value without a mask
 * uses the key's default mask ({@code 0xffffffff}, {@code 0xffffff00} for {@code IOPCIClassMatch}). A register
 * matches when any value does: {@code (value & mask) == (register & mask)}.
 * <p>
 * The kernel parses with {@code strtoul(…, 16)} and silently stops at the first character it cannot read; this
 * parser is strict instead, so that a typo refuses the personality (with the offending token named) rather than
 * matching the wrong hardware:
 * <ul>
 * <li>a value or mask is 1 to 8 hex digits, with or without a {@code 0x}/{@code 0X} prefix;</li>
 * <li>whitespace around {@code &} is allowed (the kernel skips it too), so {@code 0x1234 & 0xffff} is one term;</li>
 * <li>Apple's documentation example {@code 0x78009004&0x0xff00ffff} (a doubled prefix) is <em>refused</em>: the
 * kernel would read the mask as 0 and match every device, which is never what the author meant;</li>
 * <li>an empty value, a dangling {@code &}, a missing value before {@code &} or more than 8 digits are refused.</li>
 * </ul>
 * Immutable and thread-safe; built by {@link PersonalityParser} on the extender's thread, read by matching.
 */
public final class PCIMatchExpression {
	/** Default mask of {@code IOPCIMatch}, {@code IOPCIPrimaryMatch} and {@code IOPCISecondaryMatch}. */
	public static final int DEFAULT_MASK = 0xffffffff;
	/** Default mask of {@code IOPCIClassMatch}: drops the revision byte of register 0x08. */
	public static final int CLASS_DEFAULT_MASK = 0xffffff00;

	private static final Pattern AMPERSAND = Pattern.compile("\\s*&\\s*");
	private static final Pattern WHITESPACE = Pattern.compile("\\s+");
	private static final Pattern HEX = Pattern.compile("(0[xX])?[0-9a-fA-F]{1,8}");

	/**
	 * One value of the list with its mask.
	 *
	 * @param value the value to compare
	 * @param mask  the bits compared
	 */
	public record Term(int value, int mask) {
		/** Whether {@code (value & mask) == (register & mask)}. */
		public boolean matches(int register) {
			return (value & mask) == (register & mask);
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "0x%08x&0x%08x", value, mask);
		}
	}

	/** Thrown by {@link #parse} for text outside the grammar; {@link #token()} is the offending token. */
	public static final class SyntaxException extends IllegalArgumentException {
		private static final long serialVersionUID = 1L;
		private final String token;

		SyntaxException(String token, String message) {
			super(message);
			this.token = token;
		}

		/** The token that could not be read (may be empty for an empty expression). */
		public String token() {
			return token;
		}
	}

	private final String text;
	private final List<Term> terms;

	private PCIMatchExpression(String text, List<Term> terms) {
		this.text = text;
		this.terms = List.copyOf(terms);
	}

	/**
	 * Parses {@code text} with {@code defaultMask} for values without a mask.
	 *
	 * @throws SyntaxException naming the offending token
	 */
	public static PCIMatchExpression parse(String text, int defaultMask) {
		String normalized = AMPERSAND.matcher(text.strip()).replaceAll("&");
		if (normalized.isEmpty()) {
			throw new SyntaxException("", "empty value: expected hex values, each with an optional &mask");
		}
		List<Term> terms = new ArrayList<>();
		for (String token : WHITESPACE.split(normalized)) {
			int amp = token.indexOf('&');
			String value = amp < 0 ? token : token.substring(0, amp);
			String mask = amp < 0 ? null : token.substring(amp + 1);
			if (value.isEmpty()) {
				throw new SyntaxException(token, "missing value before '&' in '" + token + "'");
			}
			if (mask != null && mask.isEmpty()) {
				throw new SyntaxException(token, "missing mask after '&' in '" + token + "'");
			}
			if (!HEX.matcher(value).matches()) {
				throw new SyntaxException(token, "bad hex value '" + value + "' in '" + token + "'");
			}
			if (mask != null && !HEX.matcher(mask).matches()) {
				throw new SyntaxException(token, "bad mask '" + mask + "' in '" + token + "'");
			}
			terms.add(new Term(hex(value), mask == null ? defaultMask : hex(mask)));
		}
		return new PCIMatchExpression(text, terms);
	}

	private static int hex(String digits) {
		String d = digits.startsWith("0x") || digits.startsWith("0X") ? digits.substring(2) : digits;
		return (int) Long.parseLong(d, 16);
	}

	/** Whether any term matches {@code register} (values within a key are ORed). */
	public boolean matches(int register) {
		for (Term term : terms) {
			if (term.matches(register)) {
				return true;
			}
		}
		return false;
	}

	/** The terms, in the order written. */
	public List<Term> terms() {
		return terms;
	}

	/** The text as written in the plist. */
	public String text() {
		return text;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof PCIMatchExpression other && terms.equals(other.terms);
	}

	@Override
	public int hashCode() {
		return terms.hashCode();
	}

	@Override
	public String toString() {
		return text;
	}
}
