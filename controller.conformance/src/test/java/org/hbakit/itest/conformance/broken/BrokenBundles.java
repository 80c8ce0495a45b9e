package org.hbakit.itest.conformance.broken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Builds one controller bundle per {@link Defect}: {@code org.hbakit.itest.broken.<defect>}, importing the API and
 * the OSGi framework only, with this package's classes, a DS component for {@link BrokenController} with the
 * defect as a property, and an {@code Info.plist} whose personality matches its own PCI device id
 * ({@code 0x1B4B:0xB0nn}), so that only the conformance kit's HBA binds it.
 */
public final class BrokenBundles {
	private BrokenBundles() {
	}

	/** The bundle's symbolic name. */
	public static String symbolicName(Defect d) {
		return "org.hbakit.itest.broken." + d.name().toLowerCase();
	}

	/** The PCI device id of its personality. */
	public static int deviceId(Defect d) {
		return 0xB000 + d.ordinal();
	}

	/** The jar. */
	public static byte[] jar(Defect d) throws IOException {
		Manifest manifest = new Manifest();
		Attributes a = manifest.getMainAttributes();
		a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		a.putValue("Bundle-ManifestVersion", "2");
		a.putValue("Bundle-SymbolicName", symbolicName(d));
		a.putValue("Bundle-Version", "1.0.0");
		a.putValue("Import-Package", "org.hbakit.controller.api;version=\"[1.0,2)\","
				+ "org.hbakit.controller.api.pci;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.8,2)\"");
		a.putValue("Service-Component", "OSGI-INF/broken.xml");
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
			Bundle tests = FrameworkUtil.getBundle(BrokenBundles.class);
			String dir = BrokenBundles.class.getPackageName().replace('.', '/');
			Enumeration<URL> classes = tests.findEntries(dir, "*.class", false);
			while (classes.hasMoreElements()) {
				URL url = classes.nextElement();
				String path = url.getPath().startsWith("/") ? url.getPath().substring(1) : url.getPath();
				jar.putNextEntry(new JarEntry(path));
				try (InputStream in = url.openStream()) {
					in.transferTo(jar);
				}
				jar.closeEntry();
			}
			put(jar, "OSGI-INF/broken.xml", """
					<?xml version="1.0" encoding="UTF-8"?>
					<scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.4.0" name="%s" activate="activate" deactivate="deactivate">
					  <property name="IOUserClass" value="%s"/>
					  <property name="defect" value="%s"/>
					  <service scope="prototype">
					    <provide interface="org.hbakit.controller.api.IOUserSCSIParallelInterfaceController"/>
					  </service>
					  <implementation class="%s"/>
					</scr:component>
					""".formatted(symbolicName(d), BrokenController.BROKEN_IO_USER_CLASS, d.name(),
					BrokenController.class.getName()));
			put(jar, "Info.plist", """
					<?xml version="1.0" encoding="UTF-8"?>
					<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
					<plist version="1.0">
					<dict>
					  <key>CFBundleIdentifier</key><string>%1$s</string>
					  <key>IOKitPersonalities</key>
					  <dict>
					    <key>BrokenSimulatedHBA</key>
					    <dict>
					      <key>IOClass</key><string>IOUserSCSIParallelInterfaceController</string>
					      <key>IOUserClass</key><string>%2$s</string>
					      <key>IOProviderClass</key><string>IOPCIDevice</string>
					      <key>CFBundleIdentifierKernel</key><string>com.apple.iokit.IOSCSIParallelFamily</string>
					      <key>IOUserServerName</key><string>%1$s</string>
					      <key>IOPCIPrimaryMatch</key><string>0x%3$04X1B4B</string>
					      <key>IOProbeScore</key><integer>1000</integer>
					    </dict>
					  </dict>
					</dict>
					</plist>
					""".formatted(symbolicName(d), BrokenController.BROKEN_IO_USER_CLASS, deviceId(d)));
		}
		return bytes.toByteArray();
	}

	private static void put(JarOutputStream jar, String path, String text) throws IOException {
		jar.putNextEntry(new JarEntry(path));
		jar.write(text.getBytes(StandardCharsets.UTF_8));
		jar.closeEntry();
	}
}
