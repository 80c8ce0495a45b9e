package org.hbakit.itest.ctl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;

/** Builds controller bundle variants at test time: rebuilt copies of a bundle, and the failing controller. */
public final class TestBundles {
	private TestBundles() {
	}

	/** The bytes of {@code bundle} as a jar, with its manifest's headers changed as given (name, value pairs). */
	public static byte[] copyOf(Bundle bundle, String... headers) throws IOException {
		Manifest manifest;
		try (InputStream in = bundle.getEntry("META-INF/MANIFEST.MF").openStream()) {
			manifest = new Manifest(in);
		}
		for (int i = 0; i < headers.length; i += 2) {
			manifest.getMainAttributes().putValue(headers[i], headers[i + 1]);
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
			Enumeration<URL> entries = bundle.findEntries("/", "*", true);
			while (entries != null && entries.hasMoreElements()) {
				URL url = entries.nextElement();
				String path = url.getPath().startsWith("/") ? url.getPath().substring(1) : url.getPath();
				if (path.endsWith("/") || path.equals("META-INF/MANIFEST.MF")) {
					continue;
				}
				jar.putNextEntry(new JarEntry(path));
				try (InputStream in = url.openStream()) {
					in.transferTo(jar);
				}
				jar.closeEntry();
			}
		}
		return bytes.toByteArray();
	}

	/** {@code jar} with the entry {@code path} replaced by {@code content}, or removed if {@code content} is null. */
	public static byte[] replace(byte[] jar, String path, byte[] content) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar));
				JarOutputStream out = new JarOutputStream(bytes, in.getManifest())) {
			for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
				if (e.getName().equals(path)) {
					continue;
				}
				out.putNextEntry(new JarEntry(e.getName()));
				in.transferTo(out);
				out.closeEntry();
			}
			if (content != null) {
				out.putNextEntry(new JarEntry(path));
				out.write(content);
				out.closeEntry();
			}
		}
		return bytes.toByteArray();
	}

	/** The content of the entry {@code path} of {@code jar}. */
	public static byte[] entry(byte[] jar, String path) throws IOException {
		try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
			for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
				if (e.getName().equals(path)) {
					return in.readAllBytes();
				}
			}
		}
		throw new IOException(path + " is not in the jar");
	}

	/** A bundle {@code org.hbakit.itest.nested} whose Info.plist nests 10,000 arrays in a personality. */
	public static byte[] nestedPlist() throws IOException {
		Manifest manifest = manifest("org.hbakit.itest.nested");
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
			put(jar, "Info.plist", """
					<?xml version="1.0" encoding="UTF-8"?>
					<plist version="1.0"><dict><key>IOKitPersonalities</key><dict><key>Deep</key><dict>
					<key>IOClass</key><string>IOUserSCSIParallelInterfaceController</string>
					<key>Nested</key>%s%s
					</dict></dict></dict></plist>
					""".formatted("<array>".repeat(10_000), "</array>".repeat(10_000)));
		}
		return bytes.toByteArray();
	}

	/**
	 * The {@link FailingController} class registered as a singleton-scope service, in bundle
	 * {@code org.hbakit.itest.singleton}, with a personality that matches the simulated HBA.
	 */
	public static byte[] singletonController() throws IOException {
		return controllerBundle("org.hbakit.itest.singleton", "singleton", 3000);
	}

	private static Manifest manifest(String bsn) {
		Manifest manifest = new Manifest();
		Attributes a = manifest.getMainAttributes();
		a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		a.putValue("Bundle-ManifestVersion", "2");
		a.putValue("Bundle-SymbolicName", bsn);
		a.putValue("Bundle-Version", "1.0.0");
		return manifest;
	}

	/**
	 * A bundle {@code org.hbakit.itest.failing} whose personality matches the simulated HBA (vendor 0x1B4B, device
	 * 0x5CD1) with probe score {@code score} and whose controller fails UserInitializeController.
	 */
	public static byte[] failingController(int score) throws IOException {
		return controllerBundle("org.hbakit.itest.failing", "prototype", score);
	}

	private static byte[] controllerBundle(String bsn, String scope, int score) throws IOException {
		Manifest manifest = manifest(bsn);
		Attributes a = manifest.getMainAttributes();
		a.putValue("Import-Package", "org.hbakit.controller.api;version=\"[1.0,2)\","
				+ "org.hbakit.controller.api.pci;version=\"[1.0,2)\"");
		a.putValue("Service-Component", "OSGI-INF/failing.xml");
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
			String cls = FailingController.class.getName().replace('.', '/') + ".class";
			jar.putNextEntry(new JarEntry(cls));
			try (InputStream in = FailingController.class.getClassLoader().getResourceAsStream(cls)) {
				in.transferTo(jar);
			}
			jar.closeEntry();
			put(jar, "OSGI-INF/failing.xml", """
					<?xml version="1.0" encoding="UTF-8"?>
					<scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.4.0" name="%s">
					  <property name="IOUserClass" value="%s"/>
					  <service scope="%s">
					    <provide interface="org.hbakit.controller.api.IOUserSCSIParallelInterfaceController"/>
					  </service>
					  <implementation class="%s"/>
					</scr:component>
					""".formatted(bsn, FailingController.IO_USER_CLASS, scope, FailingController.class.getName()));
			put(jar, "Info.plist", """
					<?xml version="1.0" encoding="UTF-8"?>
					<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
					<plist version="1.0">
					<dict>
					  <key>CFBundleIdentifier</key><string>%s</string>
					  <key>IOKitPersonalities</key>
					  <dict>
					    <key>FailingSimulatedHBA</key>
					    <dict>
					      <key>IOClass</key><string>IOUserSCSIParallelInterfaceController</string>
					      <key>IOUserClass</key><string>%s</string>
					      <key>IOProviderClass</key><string>IOPCIDevice</string>
					      <key>CFBundleIdentifierKernel</key><string>com.apple.iokit.IOSCSIParallelFamily</string>
					      <key>IOUserServerName</key><string>%s</string>
					      <key>IOPCIPrimaryMatch</key><string>0x5CD11B4B</string>
					      <key>IOProbeScore</key><integer>%d</integer>
					    </dict>
					  </dict>
					</dict>
					</plist>
					""".formatted(bsn, FailingController.IO_USER_CLASS, bsn, score));
		}
		return bytes.toByteArray();
	}

	/**
	 * A bundle {@code org.hbakit.itest.plist} with only an {@code Info.plist}: personality {@code Good} is valid,
	 * personality {@code BadMask} has a malformed {@code IOPCIPrimaryMatch} mask.
	 */
	public static byte[] plistOnly() throws IOException {
		Manifest manifest = manifest("org.hbakit.itest.plist");
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
			String personality = """
					    <key>%s</key>
					    <dict>
					      <key>IOClass</key><string>IOUserSCSIParallelInterfaceController</string>
					      <key>IOUserClass</key><string>PlistOnlyController</string>
					      <key>IOProviderClass</key><string>IOPCIDevice</string>
					      <key>CFBundleIdentifierKernel</key><string>com.apple.iokit.IOSCSIParallelFamily</string>
					      <key>IOPCIPrimaryMatch</key><string>%s</string>
					    </dict>
					""";
			put(jar, "Info.plist", """
					<?xml version="1.0" encoding="UTF-8"?>
					<plist version="1.0">
					<dict>
					  <key>IOKitPersonalities</key>
					  <dict>
					%s%s  </dict>
					</dict>
					</plist>
					""".formatted(personality.formatted("Good", "0x5CD11B4B"),
					personality.formatted("BadMask", "0x5CD11B4B&amp;0xZZ")));
		}
		return bytes.toByteArray();
	}

	private static void put(JarOutputStream jar, String path, String text) throws IOException {
		jar.putNextEntry(new JarEntry(path));
		jar.write(text.getBytes(StandardCharsets.UTF_8));
		jar.closeEntry();
	}
}
