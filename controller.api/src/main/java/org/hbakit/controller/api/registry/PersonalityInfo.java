package org.hbakit.controller.api.registry;

import java.util.Map;

/**
 * One accepted personality of a controller bundle.
 *
 * @param bundleSymbolicName the controller bundle
 * @param bundleVersion      its version
 * @param bundleId           its id
 * @param name               the personality's key in {@code IOKitPersonalities}
 * @param ioUserClass        {@code IOUserClass}
 * @param providerClass      {@code IOProviderClass}
 * @param probeScore         {@code IOProbeScore}
 * @param matchCategory      {@code IOMatchCategory} (or {@code IODefaultMatchCategory})
 * @param properties         the whole personality dictionary (plist values as Java values)
 */
public record PersonalityInfo(String bundleSymbolicName, String bundleVersion, long bundleId, String name,
		String ioUserClass, String providerClass, int probeScore, String matchCategory, Map<String, Object> properties) {
}
