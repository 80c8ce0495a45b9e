package org.hbakit.controller.api.registry;

/**
 * One personality considered for one device, with the outcome of each matching phase.
 *
 * @param location           the device
 * @param bundleSymbolicName the personality's bundle
 * @param personality        the personality's name
 * @param matchCategory      its category
 * @param passive            whether class and passive matching succeeded
 * @param score              the probe score (after probe), meaningful when {@code passive}
 * @param outcome            {@code started}, {@code standby} (lost to a higher score or a started driver in its
 *                           category), {@code declined} (probe), {@code failed} (start failed),
 *                           {@code no-match}
 * @param reason             the key that failed, the probe's or start's result, for humans
 */
public record MatchInfo(String location, String bundleSymbolicName, String personality, String matchCategory,
		boolean passive, int score, String outcome, String reason) {
}
