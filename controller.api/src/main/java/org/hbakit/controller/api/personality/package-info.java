/** The IOKitPersonalities vocabulary: the keys a controller bundle's {@code Info.plist} personalities use. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hbakit.controller.api.personality;
