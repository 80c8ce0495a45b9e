package org.hbakit.bridge.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The two builds {@code --deploy-every} alternates through the deploy folder, read before the run: the two jars
 * given, or, from one jar (or two identical ones), two rebuilds that differ only by a manifest header
 * {@value #HEADER} ({@code a}, {@code b}), so every deployment is a new content. Deployed under one file name,
 * {@code hba-bench-<symbolic name>.jar}.
 */
final class DeployBuilds {
	/** The header that tells the rebuilds of one jar apart. */
	static final String HEADER = "HBAKit-Bench-Build";

	private final byte[][] builds;
	private final String fileName;
	private int next;

	private DeployBuilds(byte[][] builds, String fileName) {
		this.builds = builds;
		this.fileName = fileName;
	}

	/**
	 * Reads the jars.
	 *
	 * @throws IllegalArgumentException if a jar cannot be read or has no manifest
	 */
	static DeployBuilds read(List<String> jars) {
		byte[] a = bytes(jars.get(0));
		byte[] b = jars.size() > 1 ? bytes(jars.get(1)) : a;
		String bsn = symbolicName(jars.get(0), a);
		if (Arrays.equals(a, b)) {
			a = stamped(jars.get(0), a, "a");
			b = stamped(jars.get(0), b, "b");
		}
		return new DeployBuilds(new byte[][] { a, b }, "hba-bench-" + bsn + ".jar");
	}

	/** The deploy folder's file name every build is written to. */
	String fileName() {
		return fileName;
	}

	/** The build to deploy next: the first, the second, the first… */
	byte[] next() {
		return builds[next++ % 2];
	}

	private static byte[] bytes(String jar) {
		try {
			return Files.readAllBytes(Path.of(jar));
		} catch (IOException e) {
			throw new IllegalArgumentException("--deploy-every: cannot read " + jar + ": " + e.getMessage(), e);
		}
	}

	private static String symbolicName(String jar, byte[] bytes) {
		String bsn = manifest(jar, bytes).getMainAttributes().getValue("Bundle-SymbolicName");
		if (bsn == null) {
			throw new IllegalArgumentException("--deploy-every: " + jar + " is not a bundle (no Bundle-SymbolicName)");
		}
		return bsn.split(";", 2)[0].strip();
	}

	private static Manifest manifest(String jar, byte[] bytes) {
		try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bytes))) {
			Manifest m = in.getManifest();
			if (m == null) {
				throw new IllegalArgumentException("--deploy-every: " + jar + " has no manifest");
			}
			return m;
		} catch (IOException e) {
			throw new IllegalArgumentException("--deploy-every: " + jar + " is not a jar: " + e.getMessage(), e);
		}
	}

	private static byte[] stamped(String jar, byte[] bytes, String build) {
		Manifest m = manifest(jar, bytes);
		m.getMainAttributes().putValue(HEADER, build);
		ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 64);
		try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bytes));
				JarOutputStream copy = new JarOutputStream(out, m)) {
			for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
				copy.putNextEntry(new JarEntry(e.getName()));
				in.transferTo(copy);
				copy.closeEntry();
			}
		} catch (IOException e) {
			throw new IllegalArgumentException("--deploy-every: cannot rebuild " + jar + ": " + e.getMessage(), e);
		}
		return out.toByteArray();
	}
}
