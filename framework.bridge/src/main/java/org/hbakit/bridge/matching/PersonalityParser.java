package org.hbakit.bridge.matching;

import static org.hbakit.controller.api.personality.IOKitPersonalityKeys.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSSet;
import com.dd.plist.NSString;
import com.dd.plist.PropertyListParser;
import com.dd.plist.UID;

/**
 * Reads a controller bundle's {@code Info.plist} (XML, binary or ASCII; dd-plist detects the format) into
 * accepted {@link Personality personalities} and {@link PersonalityProblem problems}. One bad personality never
 * refuses its siblings; a problem of the whole file (not a plist, no {@code IOKitPersonalities} dictionary)
 * refuses them all. Every problem of a refused personality is reported, not only the first.
 * <p>
 * The rules, per personality:
 * <ul>
 * <li>{@code IOClass}, {@code IOUserClass}, {@code IOProviderClass}: required, non-empty strings.</li>
 * <li>{@code IOClass = IOUserSCSIParallelInterfaceController} requires
 * {@code CFBundleIdentifierKernel = com.apple.iokit.IOSCSIParallelFamily}.</li>
 * <li>{@code CFBundleIdentifier}: a string; absent, it is the plist's top-level {@code CFBundleIdentifier}, or the
 * bundle symbolic name. {@code CFBundleIdentifierKernel}, {@code IOUserServerName}: strings when present.</li>
 * <li>{@code IOProbeScore}: an integer in the 32-bit range (default 0); a string holding a decimal integer is
 * accepted too, since hand-written plists often use {@code <string>}.</li>
 * <li>{@code IOMatchCategory}: a non-empty string (default {@code IODefaultMatchCategory}).</li>
 * <li>{@code IONameMatch}, {@code IOResourceMatch}: a string or an array of strings.</li>
 * <li>{@code IOPropertyMatch}: a dictionary (IOKit's array-of-dictionaries form is not supported).</li>
 * <li>{@code IOPCIMatch}, {@code IOPCIPrimaryMatch}, {@code IOPCISecondaryMatch}, {@code IOPCIClassMatch}: strings
 * in {@link PCIMatchExpression}'s grammar.</li>
 * </ul>
 * Other keys are kept in {@link Personality#properties()} unchecked. Stateless and thread-safe; called by the
 * extender on the bundle event thread.
 */
public final class PersonalityParser {
	/**
	 * What one plist yielded.
	 *
	 * @param personalities the accepted personalities, in name order
	 * @param problems      why the others (or the whole file) were refused
	 */
	public record Result(List<Personality> personalities, List<PersonalityProblem> problems) {
		/** Copies the lists. */
		public Result {
			personalities = List.copyOf(personalities);
			problems = List.copyOf(problems);
		}
	}

	/**
	 * The entry that holds a bundle's {@code Info.plist}: the path in its {@code HBAKit-InfoPlist} header, else
	 * {@code Info.plist} at its root; without a leading {@code /}.
	 *
	 * @param header the header's value, or null
	 */
	public static String plistPath(String header) {
		String path = header == null || header.isBlank() ? INFO_PLIST_PATH : header.strip();
		return path.startsWith("/") ? path.substring(1) : path;
	}

	/**
	 * Parses the plist bytes of {@code bundle}.
	 *
	 * @param bundle the bundle the plist belongs to
	 * @param plist  the file's bytes
	 */
	public Result parse(BundleIdentity bundle, byte[] plist) {
		try {
			return parseChecked(bundle, plist);
		} catch (StackOverflowError e) {
			return new Result(List.of(), List.of(new PersonalityProblem(bundle, PersonalityProblem.WHOLE_FILE,
					PersonalityProblem.FILE, "not accepted: the property list nests too deeply")));
		}
	}

	private static boolean isBinary(byte[] plist) {
		return plist.length >= 6 && plist[0] == 'b' && plist[1] == 'p' && plist[2] == 'l' && plist[3] == 'i'
				&& plist[4] == 's' && plist[5] == 't';
	}

	private Result parseChecked(BundleIdentity bundle, byte[] plist) {
		List<PersonalityProblem> problems = new ArrayList<>();
		if (!isBinary(plist) && PlistNesting.depth(plist, PlistNesting.MAX_DEPTH) > PlistNesting.MAX_DEPTH) {
			problems.add(new PersonalityProblem(bundle, PersonalityProblem.WHOLE_FILE, PersonalityProblem.FILE,
					"not accepted: dictionaries and arrays nest more than " + PlistNesting.MAX_DEPTH + " deep"));
			return new Result(List.of(), problems);
		}
		NSObject root;
		try {
			root = PropertyListParser.parse(plist);
		} catch (StackOverflowError e) {
			// a binary plist can nest by object references; the parser recurses
			problems.add(new PersonalityProblem(bundle, PersonalityProblem.WHOLE_FILE, PersonalityProblem.FILE,
					"not accepted: the property list nests too deeply to parse"));
			return new Result(List.of(), problems);
		} catch (Exception e) {
			// dd-plist throws a wide range (PropertyListFormatException, ParseException, SAXException, IOException,
			// and runtime exceptions on truncated binary plists): any of them means "not a plist".
			problems.add(new PersonalityProblem(bundle, PersonalityProblem.WHOLE_FILE, PersonalityProblem.FILE,
					"not a property list: " + describe(e)));
			return new Result(List.of(), problems);
		}
		if (!(root instanceof NSDictionary top)) {
			problems.add(new PersonalityProblem(bundle, PersonalityProblem.WHOLE_FILE, PersonalityProblem.FILE,
					"the top level is " + typeName(root) + ", expected a dictionary"));
			return new Result(List.of(), problems);
		}
		NSObject personalitiesObject = top.get(IO_KIT_PERSONALITIES);
		if (personalitiesObject == null) {
			problems.add(new PersonalityProblem(bundle, PersonalityProblem.WHOLE_FILE, IO_KIT_PERSONALITIES,
					"missing: the plist has no " + IO_KIT_PERSONALITIES + " dictionary"));
			return new Result(List.of(), problems);
		}
		if (!(personalitiesObject instanceof NSDictionary personalities)) {
			problems.add(new PersonalityProblem(bundle, PersonalityProblem.WHOLE_FILE, IO_KIT_PERSONALITIES,
					"is " + typeName(personalitiesObject) + ", expected a dictionary"));
			return new Result(List.of(), problems);
		}
		String defaultIdentifier = top.get(CF_BUNDLE_IDENTIFIER) instanceof NSString s && !s.getContent().isBlank()
				? s.getContent()
				: bundle.symbolicName();
		List<Personality> accepted = new ArrayList<>();
		// name order: dictionaries are unordered in a plist, so this is the only stable order
		for (Map.Entry<String, NSObject> entry : new TreeMap<>(personalities.getHashMap()).entrySet()) {
			String name = entry.getKey();
			if (!(entry.getValue() instanceof NSDictionary dictionary)) {
				problems.add(new PersonalityProblem(bundle, name, IO_KIT_PERSONALITIES,
						"the personality is " + typeName(entry.getValue()) + ", expected a dictionary"));
				continue;
			}
			@SuppressWarnings("unchecked")
			Map<String, Object> values = (Map<String, Object>) toJava(dictionary);
			Personality personality = parsePersonality(bundle, name, values, defaultIdentifier, problems);
			if (personality != null) {
				accepted.add(personality);
			}
		}
		return new Result(accepted, problems);
	}

	/**
	 * Validates one personality dictionary given as Java values (what {@link #toJava(NSObject)} makes).
	 *
	 * @param defaultIdentifier the {@code CFBundleIdentifier} when the dictionary has none
	 * @param problems          receives every problem found
	 * @return the personality, or null if it has problems
	 */
	public Personality parsePersonality(BundleIdentity bundle, String name, Map<String, Object> dictionary,
			String defaultIdentifier, List<PersonalityProblem> problems) {
		Checker c = new Checker(bundle, name, dictionary, problems);
		String ioClass = c.requiredString(IO_CLASS);
		String ioUserClass = c.requiredString(IO_USER_CLASS);
		String ioProviderClass = c.requiredString(IO_PROVIDER_CLASS);
		String identifier = c.optionalString(CF_BUNDLE_IDENTIFIER, defaultIdentifier);
		String kernel = c.optionalString(CF_BUNDLE_IDENTIFIER_KERNEL, null);
		String serverName = c.optionalString(IO_USER_SERVER_NAME, null);
		if (IO_USER_SCSI_PARALLEL_INTERFACE_CONTROLLER.equals(ioClass) && !IO_SCSI_PARALLEL_FAMILY.equals(kernel)
				&& !c.failed(CF_BUNDLE_IDENTIFIER_KERNEL)) {
			c.problem(CF_BUNDLE_IDENTIFIER_KERNEL, (kernel == null ? "missing" : "is '" + kernel + "'")
					+ ": IOClass " + IO_USER_SCSI_PARALLEL_INTERFACE_CONTROLLER + " requires " + IO_SCSI_PARALLEL_FAMILY);
		}
		int probeScore = c.probeScore();
		String category = c.optionalString(IO_MATCH_CATEGORY, IO_DEFAULT_MATCH_CATEGORY);
		if (category != null && category.isBlank()) {
			c.problem(IO_MATCH_CATEGORY, "is empty");
		}
		List<String> nameMatch = c.stringOrStrings(IO_NAME_MATCH);
		List<String> resourceMatch = c.stringOrStrings(IO_RESOURCE_MATCH);
		Map<String, Object> propertyMatch = c.dictionary(IO_PROPERTY_MATCH);
		Map<PCIMatchKey, PCIMatchExpression> pci = new EnumMap<>(PCIMatchKey.class);
		for (PCIMatchKey key : PCIMatchKey.values()) {
			Object value = dictionary.get(key.key());
			if (value == null) {
				continue;
			}
			if (!(value instanceof String text)) {
				c.problem(key.key(), "is " + typeName(value) + ", expected a string");
				continue;
			}
			try {
				pci.put(key, key.parse(text));
			} catch (PCIMatchExpression.SyntaxException e) {
				c.problem(key.key(), e.getMessage() + " (value '" + text + "')");
			}
		}
		if (c.count > 0) {
			return null;
		}
		return new Personality(bundle, name, ioClass, ioUserClass, ioProviderClass, identifier, kernel, serverName,
				probeScore, category, pci, propertyMatch, nameMatch, resourceMatch, dictionary);
	}

	/**
	 * Converts a plist value to Java: NSString → String, NSNumber → Long (integer), Double (real) or Boolean,
	 * NSData → byte[], NSDate → java.util.Date, NSArray/NSSet → unmodifiable List, NSDictionary → unmodifiable Map
	 * (key order kept), UID → byte[].
	 */
	public static Object toJava(NSObject object) {
		if (object instanceof NSString s) {
			return s.getContent();
		}
		if (object instanceof NSNumber n) {
			return switch (n.type()) {
				case NSNumber.INTEGER -> n.longValue();
				case NSNumber.REAL -> n.doubleValue();
				default -> n.boolValue();
			};
		}
		if (object instanceof NSDictionary d) {
			Map<String, Object> map = new LinkedHashMap<>();
			d.getHashMap().forEach((k, v) -> map.put(k, toJava(v)));
			return Collections.unmodifiableMap(map);
		}
		if (object instanceof NSArray a) {
			List<Object> list = new ArrayList<>();
			for (NSObject o : a.getArray()) {
				list.add(toJava(o));
			}
			return Collections.unmodifiableList(list);
		}
		if (object instanceof NSSet set) {
			List<Object> list = new ArrayList<>();
			for (NSObject o : set.allObjects()) {
				list.add(toJava(o));
			}
			return Collections.unmodifiableList(list);
		}
		if (object instanceof NSData d) {
			return d.bytes();
		}
		if (object instanceof NSDate d) {
			return d.getDate();
		}
		if (object instanceof UID u) {
			return u.getBytes();
		}
		return object == null ? null : object.toJavaObject();
	}

	static String typeName(Object value) {
		if (value instanceof NSObject) {
			value = toJava((NSObject) value);
		}
		if (value == null) {
			return "null";
		}
		if (value instanceof String) {
			return "a string";
		}
		if (value instanceof Long || value instanceof Integer) {
			return "an integer";
		}
		if (value instanceof Double) {
			return "a real";
		}
		if (value instanceof Boolean) {
			return "a boolean";
		}
		if (value instanceof List) {
			return "an array";
		}
		if (value instanceof Map) {
			return "a dictionary";
		}
		if (value instanceof byte[]) {
			return "data";
		}
		if (value instanceof java.util.Date) {
			return "a date";
		}
		return value.getClass().getSimpleName();
	}

	private static String describe(Throwable e) {
		String message = e.getMessage();
		return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
	}

	/** Collects the problems of one personality. */
	private static final class Checker {
		final BundleIdentity bundle;
		final String name;
		final Map<String, Object> dictionary;
		final List<PersonalityProblem> problems;
		final List<String> failedKeys = new ArrayList<>();
		int count;

		Checker(BundleIdentity bundle, String name, Map<String, Object> dictionary, List<PersonalityProblem> problems) {
			this.bundle = bundle;
			this.name = name;
			this.dictionary = dictionary;
			this.problems = problems;
		}

		void problem(String key, String reason) {
			problems.add(new PersonalityProblem(bundle, name, key, reason));
			failedKeys.add(key);
			count++;
		}

		boolean failed(String key) {
			return failedKeys.contains(key);
		}

		String requiredString(String key) {
			Object value = dictionary.get(key);
			if (value == null) {
				problem(key, "missing: a required key");
				return null;
			}
			if (!(value instanceof String s)) {
				problem(key, "is " + typeName(value) + ", expected a string");
				return null;
			}
			if (s.isBlank()) {
				problem(key, "is empty");
				return null;
			}
			return s;
		}

		String optionalString(String key, String defaultValue) {
			Object value = dictionary.get(key);
			if (value == null) {
				return defaultValue;
			}
			if (!(value instanceof String s)) {
				problem(key, "is " + typeName(value) + ", expected a string");
				return defaultValue;
			}
			return s;
		}

		int probeScore() {
			Object value = dictionary.get(IO_PROBE_SCORE);
			if (value == null) {
				return 0;
			}
			if (value instanceof Long l) {
				if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
					problem(IO_PROBE_SCORE, "" + l + " is outside the 32-bit integer range");
					return 0;
				}
				return l.intValue();
			}
			if (value instanceof Integer i) {
				return i;
			}
			if (value instanceof String s) {
				try {
					return Integer.parseInt(s.strip());
				} catch (NumberFormatException e) {
					problem(IO_PROBE_SCORE, "'" + s + "' is not a decimal integer");
					return 0;
				}
			}
			problem(IO_PROBE_SCORE, "is " + typeName(value) + ", expected an integer");
			return 0;
		}

		List<String> stringOrStrings(String key) {
			Object value = dictionary.get(key);
			if (value == null) {
				return List.of();
			}
			if (value instanceof String s) {
				if (s.isEmpty()) {
					problem(key, "is empty");
					return List.of();
				}
				return List.of(s);
			}
			if (value instanceof List<?> list) {
				List<String> strings = new ArrayList<>();
				for (int i = 0; i < list.size(); i++) {
					if (!(list.get(i) instanceof String s) || s.isEmpty()) {
						problem(key, "element " + i + " is " + (list.get(i) instanceof String ? "empty"
								: typeName(list.get(i))) + ", expected a non-empty string");
						return List.of();
					}
					strings.add(s);
				}
				if (strings.isEmpty()) {
					problem(key, "is an empty array");
				}
				return strings;
			}
			problem(key, "is " + typeName(value) + ", expected a string or an array of strings");
			return List.of();
		}

		@SuppressWarnings("unchecked")
		Map<String, Object> dictionary(String key) {
			Object value = dictionary.get(key);
			if (value == null) {
				return Map.of();
			}
			if (value instanceof Map<?, ?> map) {
				return (Map<String, Object>) map;
			}
			problem(key, "is " + typeName(value) + ", expected a dictionary");
			return Map.of();
		}
	}
}
