package org.hbakit.controller.api.registry;

/**
 * One running controller bound to one device.
 *
 * @param location           the device
 * @param hbaName            the HBA's short name
 * @param bundleSymbolicName the controller bundle
 * @param bundleVersion      its version
 * @param personality        the personality that started
 * @param ioUserClass        the controller class
 * @param path               {@code bundled} or {@code parallel}
 * @param maxTaskCount       the reported maximum task count
 * @param targets            targets present
 * @param logicalUnits       logical units published
 * @param tasksCompleted     tasks completed by this binding
 * @param violations         completions refused (unknown task, not owned, wrong version, duplicate)
 * @param timeouts           tasks that timed out
 */
public record BindingInfo(String location, String hbaName, String bundleSymbolicName, String bundleVersion,
		String personality, String ioUserClass, String path, int maxTaskCount, int targets, int logicalUnits,
		long tasksCompleted, long violations, long timeouts) {
}
