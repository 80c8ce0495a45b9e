package org.hbakit.bridge.deploy;

import java.util.Collection;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.hooks.bundle.CollisionHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Lets the deployer install a rebuild (same symbolic name and version) beside the bundle it replaces, which is what
 * make-before-break needs: the framework (Felix's default {@code org.osgi.framework.bsnversion=managed}) refuses a
 * second bundle with the same symbolic name and version unless a collision hook removes the colliding bundles from
 * the candidates. Only installs made through this bundle's context (the deployer's) are let through; every other
 * install and every update keeps the framework's rule. Called by the framework on the installing thread.
 */
@Component(service = CollisionHook.class)
public final class RebuildCollisionHook implements CollisionHook {
	private final Bundle self;

	@Activate
	public RebuildCollisionHook(BundleContext context) {
		this.self = context.getBundle();
	}

	@Override
	public void filterCollisions(int operationType, Bundle target, Collection<Bundle> collisionCandidates) {
		if (operationType == INSTALLING && self.equals(target)) {
			collisionCandidates.clear();
		}
	}
}
