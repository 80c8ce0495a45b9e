package org.hbakit.bridge.deploy;

import java.net.URL;
import java.util.Enumeration;

import org.osgi.framework.Bundle;

/**
 * Loads and links every class a controller bundle carries, without initialising any, while the deployer checks
 * the bundle: the class loading and bytecode verification a newly installed controller's first {@code Start}, scan
 * and I/O would otherwise pay one class at a time inside the swap's pause. No controller code runs (linking runs
 * no static initialiser); a class that cannot be loaded here (an optional import missing) is skipped, it fails
 * where it is used as it would have.
 */
final class BundleClassLinker {
	private BundleClassLinker() {
	}

	/**
	 * Loads and links the classes of {@code bundle}'s own content (the deployer's thread, inside a bounded call).
	 *
	 * @return how many classes were linked
	 */
	static int link(Bundle bundle) {
		Enumeration<URL> entries = bundle.findEntries("/", "*.class", true);
		int linked = 0;
		while (entries != null && entries.hasMoreElements()) {
			String name = className(entries.nextElement().getPath());
			if (name == null) {
				continue;
			}
			try {
				// getDeclaredMethods links the class (HotSpot verifies it then) and initialises nothing
				bundle.loadClass(name).getDeclaredMethods();
				linked++;
			} catch (ClassNotFoundException | LinkageError e) {
				// not loadable from this bundle now: left to fail where it is used
			}
		}
		return linked;
	}

	/** The class named by a bundle entry path, or null for entries that are not the bundle's own classes. */
	static String className(String path) {
		String p = path.startsWith("/") ? path.substring(1) : path;
		if (p.startsWith("META-INF/") || p.startsWith("OSGI-OPT/") || !p.endsWith(".class")) {
			return null;
		}
		String name = p.substring(0, p.length() - ".class".length()).replace('/', '.');
		return name.endsWith("module-info") || name.endsWith("package-info") ? null : name;
	}
}
