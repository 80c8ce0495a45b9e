package org.hbakit.bridge.osgi;

import java.util.Objects;

import org.hbakit.controller.api.IOUserSCSIParallelInterfaceController;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;

/**
 * A registered controller service (prototype scope): each {@link #newInstance()} is a new controller instance,
 * as IOKit instantiates the {@code IOUserClass} once per match.
 */
final class ControllerService {
	private final ServiceReference<IOUserSCSIParallelInterfaceController> reference;
	private final ServiceObjects<IOUserSCSIParallelInterfaceController> objects;
	private final long bundleId;
	private final String ioUserClass;
	private volatile boolean closed;

	ControllerService(BundleContext context, ServiceReference<IOUserSCSIParallelInterfaceController> reference) {
		this.reference = reference;
		this.objects = context.getServiceObjects(reference);
		this.bundleId = reference.getBundle() == null ? -1 : reference.getBundle().getBundleId();
		this.ioUserClass = Objects.toString(reference.getProperty(IOUserSCSIParallelInterfaceController.IO_USER_CLASS),
				"");
	}

	/** A new controller instance, or null if the service is gone. */
	IOUserSCSIParallelInterfaceController newInstance() {
		return closed || objects == null ? null : objects.getService();
	}

	/** Gives an instance back (DS deactivates it). */
	void release(IOUserSCSIParallelInterfaceController instance) {
		try {
			objects.ungetService(instance);
		} catch (IllegalStateException | IllegalArgumentException e) {
			// the service is already unregistered: DS disposed of the instance
		}
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

	boolean isClosed() {
		return closed;
	}

	@Override
	public String toString() {
		return ioUserClass + "@bundle" + bundleId;
	}
}
