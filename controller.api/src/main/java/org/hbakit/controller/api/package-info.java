/**
 * The controller contract: a Java rendering of Apple's SCSIControllerDriverKit
 * ({@code IOUserSCSIParallelInterfaceController}) and the values it exchanges with the framework.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hbakit.controller.api;
