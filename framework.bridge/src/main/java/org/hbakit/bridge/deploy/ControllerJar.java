package org.hbakit.bridge.deploy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.hbakit.bridge.matching.BundleIdentity;
import org.hbakit.bridge.matching.Personality;
import org.hbakit.bridge.matching.PersonalityParser;
import org.hbakit.bridge.matching.PersonalityProblem;
import org.hbakit.controller.api.personality.IOKitPersonalityKeys;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/**
 * One snapshot of a controller jar in the deploy folder, checked before anything is installed from it: the bytes
 * are read once (what is installed is what was checked, whatever happens to the file next), the zip's central
 * directory must be whole ({@link ZipFile} on a staged copy: a truncated or half-written jar has none), every
 * entry must read back with its CRC ({@link ZipInputStream}), the manifest must name a version-2 bundle with a
 * valid version, and its {@code Info.plist} must parse with at least one valid personality. Of the entries only
 * the manifest and the plist are kept while checking.
 *
 * @param file          the file in the deploy folder
 * @param bytes         its content as checked
 * @param digest        the SHA-256 of the content, in hex (the same content deploys once)
 * @param symbolicName  {@code Bundle-SymbolicName}, without directives
 * @param version       {@code Bundle-Version}, normalised
 * @param personalities the accepted personalities (read again by the extender when the bundle starts)
 */
record ControllerJar(Path file, byte[] bytes, String digest, String symbolicName, String version,
		List<Personality> personalities) {

	/**
	 * Reads and checks {@code file}.
	 *
	 * @param staging a folder for the staged copy (deleted after the check)
	 * @throws Refusal naming what is wrong
	 * @throws NoSuchFileException if the file is gone
	 */
	static ControllerJar read(Path file, Path staging) throws Refusal, NoSuchFileException {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		} catch (NoSuchFileException e) {
			throw e;
		} catch (IOException e) {
			throw new Refusal("the file cannot be read: " + e);
		}
		if (bytes.length == 0) {
			throw new Refusal("the file is empty");
		}
		Metadata m = checkStaged(bytes, staging);
		Attributes main = m.manifest().getMainAttributes();
		String bsn = main.getValue(Constants.BUNDLE_SYMBOLICNAME);
		if (bsn == null || bsn.isBlank()) {
			throw new Refusal("no " + Constants.BUNDLE_SYMBOLICNAME + ": not a bundle");
		}
		bsn = bsn.split(";", 2)[0].strip();
		if (!"2".equals(String.valueOf(main.getValue(Constants.BUNDLE_MANIFESTVERSION)).strip())) {
			throw new Refusal("not an OSGi R4+ bundle (" + Constants.BUNDLE_MANIFESTVERSION + " is not 2)");
		}
		String version;
		try {
			String v = main.getValue(Constants.BUNDLE_VERSION);
			version = (v == null ? Version.emptyVersion : Version.parseVersion(v.strip())).toString();
		} catch (IllegalArgumentException e) {
			throw new Refusal("a bad " + Constants.BUNDLE_VERSION + ": " + e.getMessage());
		}
		if (m.plist() == null) {
			throw new Refusal("no " + m.plistPath() + ": not a controller bundle");
		}
		PersonalityParser.Result parsed = new PersonalityParser().parse(new BundleIdentity(bsn, version, -1),
				m.plist());
		if (parsed.personalities().isEmpty()) {
			throw new Refusal("its " + m.plistPath() + " has no valid personality: "
					+ parsed.problems().stream().map(PersonalityProblem::toString).toList());
		}
		return new ControllerJar(file, bytes, sha256(bytes), bsn, version, parsed.personalities());
	}

	/** Whether {@code file} looks like a controller jar now (a readable jar with a plist), for FileInstall. */
	static boolean looksLikeController(Path file) throws IOException {
		try (JarFile jar = new JarFile(file.toFile(), false)) {
			Manifest m = jar.getManifest();
			if (m == null || m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) == null) {
				return false;
			}
			String path = PersonalityParser.plistPath(
					m.getMainAttributes().getValue(IOKitPersonalityKeys.INFO_PLIST_HEADER));
			return jar.getEntry(path) != null;
		}
	}

	/** {@code <symbolic name> <version>}. */
	String bundle() {
		return symbolicName + " " + version;
	}

	/** What the check reads of a jar: its manifest, and the bytes of the plist it names (null if absent). */
	private record Metadata(Manifest manifest, String plistPath, byte[] plist) {
	}

	/**
	 * The checks that need the zip: on a staged copy, the central directory must be whole; every entry must read
	 * back with its CRC; then the manifest and the plist it names are read. Only those two are kept: a bundle that
	 * carries firmware images or other large resources is checked in a fixed buffer, not held in memory.
	 */
	private static Metadata checkStaged(byte[] bytes, Path staging) throws Refusal {
		Path copy = null;
		try {
			Files.createDirectories(staging);
			copy = Files.createTempFile(staging, "check", ".jar");
			Files.write(copy, bytes);
			try (ZipFile zip = new ZipFile(copy.toFile())) {
				if (zip.size() == 0) {
					throw new Refusal("an empty jar");
				}
				readEveryEntry(bytes);
				ZipEntry manifestEntry = entry(zip, JarFile.MANIFEST_NAME);
				if (manifestEntry == null) {
					throw new Refusal("no " + JarFile.MANIFEST_NAME + ": not a bundle");
				}
				Manifest manifest;
				try (InputStream in = zip.getInputStream(manifestEntry)) {
					manifest = new Manifest(in);
				} catch (IOException e) {
					throw new Refusal("a bad " + JarFile.MANIFEST_NAME + ": " + e.getMessage());
				}
				String plistPath = PersonalityParser.plistPath(
						manifest.getMainAttributes().getValue(IOKitPersonalityKeys.INFO_PLIST_HEADER));
				ZipEntry plistEntry = entry(zip, plistPath);
				byte[] plist = null;
				if (plistEntry != null) {
					try (InputStream in = zip.getInputStream(plistEntry)) {
						plist = in.readAllBytes();
					} catch (IOException e) {
						throw new Refusal("its " + plistPath + " cannot be read: " + e.getMessage());
					}
				}
				return new Metadata(manifest, plistPath, plist);
			}
		} catch (ZipException e) {
			throw new Refusal("not a readable jar (" + e.getMessage() + "): truncated, still being written, or "
					+ "not a jar");
		} catch (IOException e) {
			throw new Refusal("it could not be staged for checking: " + e);
		} finally {
			if (copy != null) {
				try {
					Files.deleteIfExists(copy);
				} catch (IOException e) {
					// a stale staging copy is harmless
				}
			}
		}
	}

	/** The entry named {@code name}, or with a leading {@code /}, as some tools write them. */
	private static ZipEntry entry(ZipFile zip, String name) {
		ZipEntry e = zip.getEntry(name);
		return e != null ? e : zip.getEntry("/" + name);
	}

	/** Reads every entry to its end, in one buffer: {@link ZipInputStream} checks each entry's CRC and size. */
	private static void readEveryEntry(byte[] bytes) throws Refusal {
		byte[] buffer = new byte[8192];
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
			while (zip.getNextEntry() != null) {
				while (zip.read(buffer) >= 0) {
					// the content itself is not needed
				}
			}
		} catch (IOException e) {
			throw new Refusal("not a readable jar: " + e.getMessage());
		}
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}
}
