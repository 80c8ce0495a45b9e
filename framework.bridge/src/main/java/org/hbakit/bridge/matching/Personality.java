package org.hbakit.bridge.matching;

import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.hbakit.controller.api.registry.PersonalityInfo;

/**
 * One accepted {@code IOKitPersonalities} entry of a controller bundle, with its matching keys parsed. Built only
 * by {@link PersonalityParser} (so every instance is valid); immutable and thread-safe. Equality is identity: each
 * parse of a plist (a bundle start or update) makes new instances; {@link #ORDER} is the deterministic order.
 */
public final class Personality {
	/**
	 * The registration order: lower bundle id (installed earlier) first, then personality name. IOKit keeps
	 * equal-score candidates in catalogue order; this is its deterministic rendering.
	 */
	public static final Comparator<Personality> ORDER = Comparator.comparingLong(Personality::bundleId)
			.thenComparing(Personality::name);

	private final BundleIdentity bundle;
	private final String name;
	private final String ioClass;
	private final String ioUserClass;
	private final String ioProviderClass;
	private final String cfBundleIdentifier;
	private final String cfBundleIdentifierKernel;
	private final String ioUserServerName;
	private final int probeScore;
	private final String matchCategory;
	private final Map<PCIMatchKey, PCIMatchExpression> pciMatches;
	private final Map<String, Object> propertyMatch;
	private final List<String> nameMatch;
	private final List<String> resourceMatch;
	private final Map<String, Object> properties;

	Personality(BundleIdentity bundle, String name, String ioClass, String ioUserClass, String ioProviderClass,
			String cfBundleIdentifier, String cfBundleIdentifierKernel, String ioUserServerName, int probeScore,
			String matchCategory, Map<PCIMatchKey, PCIMatchExpression> pciMatches, Map<String, Object> propertyMatch,
			List<String> nameMatch, List<String> resourceMatch, Map<String, Object> properties) {
		this.bundle = Objects.requireNonNull(bundle);
		this.name = Objects.requireNonNull(name);
		this.ioClass = ioClass;
		this.ioUserClass = ioUserClass;
		this.ioProviderClass = ioProviderClass;
		this.cfBundleIdentifier = cfBundleIdentifier;
		this.cfBundleIdentifierKernel = cfBundleIdentifierKernel;
		this.ioUserServerName = ioUserServerName;
		this.probeScore = probeScore;
		this.matchCategory = matchCategory;
		EnumMap<PCIMatchKey, PCIMatchExpression> pci = new EnumMap<>(PCIMatchKey.class);
		pci.putAll(pciMatches);
		this.pciMatches = Collections.unmodifiableMap(pci);
		this.propertyMatch = Collections.unmodifiableMap(new LinkedHashMap<>(propertyMatch));
		this.nameMatch = List.copyOf(nameMatch);
		this.resourceMatch = List.copyOf(resourceMatch);
		this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
	}

	/** The bundle that declared it. */
	public BundleIdentity bundle() {
		return bundle;
	}

	/** The bundle symbolic name. */
	public String bundleSymbolicName() {
		return bundle.symbolicName();
	}

	/** The bundle version. */
	public String bundleVersion() {
		return bundle.version();
	}

	/** The bundle id. */
	public long bundleId() {
		return bundle.bundleId();
	}

	/** The personality's key in {@code IOKitPersonalities}. */
	public String name() {
		return name;
	}

	/** {@code bundleSymbolicName/name}, the form {@code DeviceInfo.driver} uses. */
	public String id() {
		return bundle.symbolicName() + "/" + name;
	}

	/** {@code IOClass}. */
	public String ioClass() {
		return ioClass;
	}

	/** {@code IOUserClass}: the controller class to instantiate. */
	public String ioUserClass() {
		return ioUserClass;
	}

	/** {@code IOProviderClass}. */
	public String ioProviderClass() {
		return ioProviderClass;
	}

	/** {@code CFBundleIdentifier}, or the plist's, or the bundle symbolic name. */
	public String cfBundleIdentifier() {
		return cfBundleIdentifier;
	}

	/** {@code CFBundleIdentifierKernel}, or null. */
	public String cfBundleIdentifierKernel() {
		return cfBundleIdentifierKernel;
	}

	/** {@code IOUserServerName}, or null. */
	public String ioUserServerName() {
		return ioUserServerName;
	}

	/** {@code IOProbeScore} (default 0): the score before probe. */
	public int probeScore() {
		return probeScore;
	}

	/** {@code IOMatchCategory}, default {@code IODefaultMatchCategory}. */
	public String matchCategory() {
		return matchCategory;
	}

	/** The PCI keys present, parsed, in evaluation order. */
	public Map<PCIMatchKey, PCIMatchExpression> pciMatches() {
		return pciMatches;
	}

	/** {@code IOPropertyMatch} (empty when absent). */
	public Map<String, Object> propertyMatch() {
		return propertyMatch;
	}

	/** {@code IONameMatch} (empty when absent). */
	public List<String> nameMatch() {
		return nameMatch;
	}

	/** {@code IOResourceMatch} (empty when absent). */
	public List<String> resourceMatch() {
		return resourceMatch;
	}

	/** The whole personality dictionary as Java values (String, Long, Double, Boolean, byte[], Date, List, Map). */
	public Map<String, Object> properties() {
		return properties;
	}

	/** The registry's record of this personality. */
	public PersonalityInfo toInfo() {
		return new PersonalityInfo(bundle.symbolicName(), bundle.version(), bundle.bundleId(), name, ioUserClass,
				ioProviderClass, probeScore, matchCategory, properties);
	}

	@Override
	public String toString() {
		return id() + "[" + bundle.bundleId() + "]";
	}
}
