package org.hbakit.bridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check a controller jar passes before anything is installed from it. */
class ControllerJarTest {
	private static final String PLIST = """
			<?xml version="1.0" encoding="UTF-8"?>
			<plist version="1.0"><dict><key>IOKitPersonalities</key><dict><key>P</key><dict>
			<key>IOClass</key><string>IOUserSCSIParallelInterfaceController</string>
			<key>IOUserClass</key><string>ExampleHBA</string>
			<key>IOProviderClass</key><string>IOPCIDevice</string>
			<key>CFBundleIdentifierKernel</key><string>com.apple.iokit.IOSCSIParallelFamily</string>
			<key>IOPCIMatch</key><string>0x5cd11b4b</string>
			</dict></dict></dict></plist>""";
	private static final byte[] FIRMWARE = "FIRMWARE-IMAGE-0123456789".getBytes(StandardCharsets.US_ASCII);

	@TempDir
	Path dir;

	@Test
	void aValidJarIsAcceptedWithItsIdentityAndPersonalities() throws Exception {
		Path file = write("ok.jar", jar(manifest("org.example.hba", "1.2", null), Map.of("Info.plist", plist())));

		ControllerJar jar = ControllerJar.read(file, dir.resolve("staging"));

		assertThat(jar.symbolicName()).isEqualTo("org.example.hba");
		assertThat(jar.version()).isEqualTo("1.2.0");
		assertThat(jar.personalities()).hasSize(1);
		assertThat(jar.bytes()).isEqualTo(Files.readAllBytes(file));
		assertThat(jar.digest()).isEqualTo(ControllerJar.sha256(Files.readAllBytes(file)));
	}

	@Test
	void thePlistIsReadWhereTheManifestSaysItIs() throws Exception {
		Path file = write("path.jar", jar(manifest("org.example.hba", "1.0.0", "/META-INF/hba/Info.plist"),
				Map.of("META-INF/hba/Info.plist", plist())));

		assertThat(ControllerJar.read(file, dir.resolve("staging")).personalities()).hasSize(1);

		Path elsewhere = write("elsewhere.jar", jar(manifest("org.example.hba", "1.0.0", "META-INF/hba/Info.plist"),
				Map.of("Info.plist", plist())));
		assertThatThrownBy(() -> ControllerJar.read(elsewhere, dir.resolve("staging"))).isInstanceOf(Refusal.class)
				.hasMessage("no META-INF/hba/Info.plist: not a controller bundle");
	}

	@Test
	void anEntryWhoseBytesNoLongerMatchItsCrcIsRefused() throws Exception {
		byte[] bytes = jar(manifest("org.example.hba", "1.0.0", null),
				Map.of("Info.plist", plist(), "firmware.bin", FIRMWARE));
		int at = indexOf(bytes, FIRMWARE);
		bytes[at + 3] ^= 0x20; // a stored entry: its bytes stand as they are in the file
		Path file = write("bitflip.jar", bytes);

		assertThatThrownBy(() -> ControllerJar.read(file, dir.resolve("staging"))).isInstanceOf(Refusal.class)
				.hasMessageStartingWith("not a readable jar: ").hasMessageContaining("CRC");
	}

	@Test
	void aLargeResourceIsCheckedWithoutBeingHeldInMemory() throws Exception {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("Info.plist", plist());
		entries.put("firmware/image.bin", new byte[64 << 20]); // deflates to a few tens of KiB
		Path file = write("large.jar", jar(manifest("org.example.hba", "1.0.0", null), entries));
		ControllerJar.read(file, dir.resolve("staging")); // loads what the check uses once

		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
				.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		ControllerJar jar = ControllerJar.read(file, dir.resolve("staging"));
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;

		assertThat(jar.personalities()).hasSize(1);
		assertThat(allocated).as("bytes allocated checking a jar with a 64 MiB entry")
				.isLessThan(8L << 20);
	}

	private byte[] plist() {
		return PLIST.getBytes(StandardCharsets.UTF_8);
	}

	private static Manifest manifest(String bsn, String version, String plistHeader) {
		Manifest m = new Manifest();
		Attributes a = m.getMainAttributes();
		a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		a.putValue("Bundle-ManifestVersion", "2");
		a.putValue("Bundle-SymbolicName", bsn);
		a.putValue("Bundle-Version", version);
		if (plistHeader != null) {
			a.putValue("HBAKit-InfoPlist", plistHeader);
		}
		return m;
	}

	/** A jar of {@code entries}; {@code firmware.bin} is stored, the others deflated. */
	private static byte[] jar(Manifest manifest, Map<String, byte[]> entries) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
			for (Map.Entry<String, byte[]> e : entries.entrySet()) {
				ZipEntry z = new ZipEntry(e.getKey());
				if (e.getKey().equals("firmware.bin")) {
					CRC32 crc = new CRC32();
					crc.update(e.getValue());
					z.setMethod(ZipEntry.STORED);
					z.setSize(e.getValue().length);
					z.setCrc(crc.getValue());
				}
				jar.putNextEntry(z);
				jar.write(e.getValue());
				jar.closeEntry();
			}
		}
		return out.toByteArray();
	}

	private Path write(String name, byte[] bytes) throws IOException {
		return Files.write(dir.resolve(name), bytes);
	}

	private static int indexOf(byte[] in, byte[] what) {
		outer: for (int i = 0; i <= in.length - what.length; i++) {
			for (int j = 0; j < what.length; j++) {
				if (in[i + j] != what[j]) {
					continue outer;
				}
			}
			return i;
		}
		throw new AssertionError("not found");
	}
}
