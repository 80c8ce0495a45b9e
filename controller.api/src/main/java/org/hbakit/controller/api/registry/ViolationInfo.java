package org.hbakit.controller.api.registry;

/**
 * The violations of one kind that one controller bundle made on one device since the device appeared (they
 * survive the binding: a completion after {@code Stop} is counted after the binding ended).
 *
 * @param location           the device
 * @param hbaName            the HBA's short name
 * @param bundleSymbolicName the controller bundle
 * @param bundleVersion      its version
 * @param kind               what was violated
 * @param count              how many times
 * @param lastMessage        the last one as logged, for humans
 */
public record ViolationInfo(String location, String hbaName, String bundleSymbolicName, String bundleVersion,
		ViolationKind kind, long count, String lastMessage) {
}
