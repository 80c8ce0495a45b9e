package org.hbakit.bridge.osgi;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.hbakit.bridge.supervisor.ControllerFactory;
import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;

/**
 * A registered controller service: each {@link #newInstance()} is a new controller instance, as IOKit instantiates
 * the {@code IOUserClass} once per match. Only a prototype-scope service can do that; any other is
 * {@linkplain #refusal() refused}, and an instance the framework already drives is never handed out twice.
 */
final class ControllerService implements ControllerFactory {
	private final ServiceReference<IOUserSCSIParallelInterfaceController> reference;
	private final ServiceObjects<IOUserSCSIParallelInterfaceController> objects;
	private final long bundleId;
	private final String bundle;
	private final String ioUserClass;
	private final String refusal;
	private final Set<Object> live;
	private volatile boolean closed;
	private final AtomicBoolean classesLoaded = new AtomicBoolean();

	/** @param live every instance the bridge holds now, across services (identity) */
	ControllerService(BundleContext context, ServiceReference<IOUserSCSIParallelInterfaceController> reference,
			Set<Object> live) {
		this.reference = reference;
		this.objects = context.getServiceObjects(reference);
		this.bundleId = reference.getBundle() == null ? -1 : reference.getBundle().getBundleId();
		this.bundle = reference.getBundle() == null ? "?" : reference.getBundle().getSymbolicName();
		this.ioUserClass = Objects.toString(reference.getProperty(IOUserSCSIParallelInterfaceController.IO_USER_CLASS),
				"");
		Object scope = reference.getProperty(Constants.SERVICE_SCOPE);
		this.refusal = Constants.SCOPE_PROTOTYPE.equals(scope) ? null
				: "its controller service (IOUserClass " + ioUserClass + ") has scope '" + scope
						+ "': a controller must be a prototype-scope service (@Component(scope = ServiceScope.PROTOTYPE)),"
						+ " so each device gets an instance of its own";
		this.live = live;
	}

	/** Why this service may not drive devices, or null. */
	String refusal() {
		return refusal;
	}

	@Override
	public IOUserSCSIParallelInterfaceController newInstance() {
		if (closed || objects == null || refusal != null) {
			throw new IllegalStateException(refusal != null ? refusal : "the controller service " + this + " is gone");
		}
		IOUserSCSIParallelInterfaceController instance = objects.getService();
		if (instance == null) {
			throw new IllegalStateException("the controller service " + this + " returned no instance");
		}
		synchronized (live) {
			if (!live.add(instance)) {
				objects.ungetService(instance);
				throw new IllegalStateException("the controller service " + this
						+ " handed out an instance that already drives a device");
			}
		}
		return instance;
	}

	@Override
	public void release(IOUserSCSIParallelInterfaceController instance) {
		synchronized (live) {
			live.remove(instance);
		}
		try {
			objects.ungetService(instance);
		} catch (IllegalStateException | IllegalArgumentException e) {
			// the service is already unregistered: DS disposed of the instance
		}
	}

	/**
	 * Every class of the bundle itself (its fragments included, not its imports), loaded through its class loader
	 * with {@code Class.forName(name, false, loader)}: defined, not initialised, so no controller code runs; a class
	 * that cannot be loaded (an optional import missing) is left for its first use to report.
	 */
	@Override
	public void loadClasses() {
		if (!classesLoaded.compareAndSet(false, true)) {
			return;
		}
		Bundle b = reference.getBundle();
		BundleWiring wiring = b == null ? null : b.adapt(BundleWiring.class);
		if (wiring == null || wiring.getClassLoader() == null) {
			return;
		}
		ClassLoader loader = wiring.getClassLoader();
		for (String resource : wiring.listResources("/", "*.class",
				BundleWiring.LISTRESOURCES_LOCAL | BundleWiring.LISTRESOURCES_RECURSE)) {
			String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
			if (name.endsWith("package-info") || name.endsWith("module-info")) {
				continue;
			}
			try {
				Class.forName(name, false, loader);
			} catch (ClassNotFoundException | LinkageError e) {
				// its first use reports it, as without this
			}
		}
	}

	@Override
	public boolean isClosed() {
		return closed;
	}

	long bundleId() {
		return bundleId;
	}

	String ioUserClass() {
		return ioUserClass;
	}

	ServiceReference<IOUserSCSIParallelInterfaceController> reference() {
		return reference;
	}

	void close() {
		closed = true;
	}

	@Override
	public String toString() {
		return ioUserClass + "@" + bundle + "[" + bundleId + "]";
	}
}
