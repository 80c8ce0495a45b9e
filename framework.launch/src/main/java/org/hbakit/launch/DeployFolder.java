package org.hbakit.launch;

import java.io.File;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Creates the folders FileInstall watches ({@code felix.fileinstall.dir}, comma-separated) before FileInstall starts,
 * so a fresh working directory never sees {@code deploy does not exist, please create it.}: FileInstall checks its
 * folder once, when it makes its watcher. Runs as the activator of a framework extension bundle, which the framework
 * starts with the system bundle, before the launcher starts any bundle (start levels would not do: the exported
 * runnable jar starts every bundle at one level). Called once by the framework, on its starting thread.
 */
public final class DeployFolder implements BundleActivator {
	/** FileInstall's framework property naming the folders it watches. */
	static final String FILEINSTALL_DIR = "felix.fileinstall.dir";

	@Override
	public void start(BundleContext context) {
		String dirs = context.getProperty(FILEINSTALL_DIR);
		if (dirs == null) {
			return;
		}
		for (String d : dirs.split(",")) {
			File dir = new File(d.trim());
			if (!d.isBlank() && !dir.isDirectory() && !dir.mkdirs()) {
				// FileInstall will say why it cannot watch it; nothing else to do here
				System.err.println("hbakit: cannot create " + dir.getAbsolutePath());
			}
		}
	}

	@Override
	public void stop(BundleContext context) {
	}
}
